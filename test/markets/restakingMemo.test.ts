// The security market keeps stakes read from the restaking contracts until their state moves
// (sim/markets/security/restakingMemo.ts): a kept value must never outlive a write, a rollback or a
// change in the strategy's token balance.
import { describe, expect, it } from 'vitest';
import { Journal, StateMap } from '../../sim/contracts/restaking/Journal.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../sim/contracts/types.js';
import { RestakingMemo, RestakingState } from '../../sim/markets/security/restakingMemo.js';

const ctx = (sender: Address): TxContext => ({ sender, block: 1, timestamp: 0 });

function world() {
  const journal = new Journal();
  const shares = new StateMap<Address, bigint>(journal, 'shares');
  const token = new ERC20('Restaked token', 'STAKE', 18, 'treasury');
  token.mint(ctx('treasury'), 'strategy', 100n);
  let computed = 0;
  const memo = new RestakingMemo<Address, bigint>(new RestakingState(journal, token, 'strategy'));
  // A stake as the strategy values it: shares times the tokens it holds.
  const stake = (staker: Address): bigint =>
    memo.get(staker, (s) => {
      computed++;
      return (shares.get(s) ?? 0n) * token.balanceOf('strategy');
    });
  return { journal, shares, token, stake, computations: () => computed };
}

describe('RestakingMemo', () => {
  it('computes a key once while nothing changes', () => {
    const { shares, stake, computations } = world();
    shares.set('alice', 2n);
    expect([stake('alice'), stake('alice'), stake('bob'), stake('alice')]).toEqual([200n, 200n, 0n, 200n]);
    expect(computations()).toBe(2);
  });

  it('recomputes after a journaled write, of any key', () => {
    const { shares, stake } = world();
    shares.set('alice', 2n);
    expect(stake('alice')).toBe(200n);
    shares.set('alice', 3n);
    expect(stake('alice')).toBe(300n);
    shares.set('bob', 1n);
    shares.delete('alice');
    expect(stake('alice')).toBe(0n);
  });

  it('recomputes after a rollback restored what a read inside the call saw', () => {
    const { journal, shares, stake } = world();
    shares.set('alice', 2n);
    expect(() =>
      journal.atomic(() => {
        shares.set('alice', 5n);
        expect(stake('alice')).toBe(500n);
        throw new Error('revert');
      }),
    ).toThrow('revert');
    expect(stake('alice')).toBe(200n);
  });

  it("recomputes when the holder's token balance moves, which the journal does not see", () => {
    const { shares, token, stake } = world();
    shares.set('alice', 2n);
    expect(stake('alice')).toBe(200n);
    token.mint(ctx('treasury'), 'strategy', 50n);
    expect(stake('alice')).toBe(300n);
    token.mint(ctx('treasury'), 'somebody', 50n);
    expect(stake('alice')).toBe(300n);
  });
});
