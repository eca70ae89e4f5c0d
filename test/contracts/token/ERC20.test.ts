// ERC-20 ledger: behaviour and custom errors of OpenZeppelin v5 ERC20 (+ Ownable for mint/burn).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorNameOf, Revert } from '../../../sim/contracts/errors.js';
import { UINT256_MAX } from '../../../sim/contracts/math.js';
import { ERC20 } from '../../../sim/contracts/token/ERC20.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../../../sim/contracts/types.js';

const MINTER = 'minter';
const ctx = (sender: Address): TxContext => ({ sender, block: 1, timestamp: 0 });

function ledger(): ERC20 {
  const t = new ERC20('Akash Token', 'AKT', 6, MINTER);
  t.mint(ctx(MINTER), 'alice', 1000n);
  return t;
}

function thrown(f: () => unknown): Revert {
  try {
    f();
  } catch (e) {
    if (e instanceof Revert) return e;
    throw e;
  }
  throw new Error('expected a revert');
}

function snapshot(t: ERC20) {
  return {
    supply: t.totalSupply,
    holders: [...t.holders()],
    allowances: ['alice', 'bob', 'carol', ZERO_ADDRESS].flatMap((o) =>
      ['alice', 'bob', 'carol'].map((s) => t.allowance(o, s)),
    ),
  };
}

describe('ERC20', () => {
  it('mints, transfers and burns, keeping Σ balances = totalSupply', () => {
    const t = ledger();
    expect(t.transfer(ctx('alice'), 'bob', 300n)).toBe(true);
    t.burn(ctx(MINTER), 'bob', 100n);
    expect(t.balanceOf('alice')).toBe(700n);
    expect(t.balanceOf('bob')).toBe(200n);
    expect(t.totalSupply).toBe(900n);
    expect(new Map(t.holders())).toEqual(new Map([['alice', 700n], ['bob', 200n]]));
  });

  it('drops an account from holders when its balance reaches zero', () => {
    const t = ledger();
    t.transfer(ctx('alice'), 'bob', 1000n);
    expect([...t.holders().keys()]).toEqual(['bob']);
  });

  it('forgets an account that holds nothing (not a port): its allowances read 0 afterwards, others stay', () => {
    const t = ledger();
    t.approve(ctx('alice'), 'bob', UINT256_MAX);
    t.approve(ctx('carol'), 'bob', 5n);
    t.approve(ctx('alice'), 'carol', 7n);
    expect(t.storedAllowances).toBe(3);
    // Alice still holds 1,000: she cannot be forgotten, and nothing changed.
    expect(() => t.forget('alice')).toThrow(/holds 1000/);
    expect(t.storedAllowances).toBe(3);
    t.burn(ctx(MINTER), 'alice', 1000n);
    t.forget('alice');
    expect(t.storedAllowances).toBe(1);
    expect(t.allowance('alice', 'bob')).toBe(0n);
    expect(t.allowance('alice', 'carol')).toBe(0n);
    expect(t.allowance('carol', 'bob')).toBe(5n);
    expect(t.balanceOf('alice')).toBe(0n);
    expect([...t.holders()]).toEqual([]);
  });

  it('a transfer to oneself changes nothing', () => {
    const t = ledger();
    t.transfer(ctx('alice'), 'alice', 400n);
    expect(t.balanceOf('alice')).toBe(1000n);
  });

  it('reverts ERC20InsufficientBalance with (sender, balance, needed)', () => {
    const e = thrown(() => ledger().transfer(ctx('alice'), 'bob', 1001n));
    expect(e.errorName).toBe('ERC20InsufficientBalance');
    expect(e.args).toEqual(['alice', 1000n, 1001n]);
  });

  it('rejects the zero address as receiver, sender, approver and spender', () => {
    const t = ledger();
    expect(errorNameOf(thrown(() => t.transfer(ctx('alice'), ZERO_ADDRESS, 1n)))).toBe('ERC20InvalidReceiver');
    expect(errorNameOf(thrown(() => t.mint(ctx(MINTER), ZERO_ADDRESS, 1n)))).toBe('ERC20InvalidReceiver');
    expect(errorNameOf(thrown(() => t.burn(ctx(MINTER), ZERO_ADDRESS, 1n)))).toBe('ERC20InvalidSender');
    expect(errorNameOf(thrown(() => t.transfer(ctx(ZERO_ADDRESS), 'bob', 0n)))).toBe('ERC20InvalidSender');
    expect(errorNameOf(thrown(() => t.approve(ctx('alice'), ZERO_ADDRESS, 1n)))).toBe('ERC20InvalidSpender');
    expect(errorNameOf(thrown(() => t.approve(ctx(ZERO_ADDRESS), 'bob', 1n)))).toBe('ERC20InvalidApprover');
  });

  it('transferFrom spends a finite allowance', () => {
    const t = ledger();
    t.approve(ctx('alice'), 'bob', 500n);
    t.transferFrom(ctx('bob'), 'alice', 'carol', 200n);
    expect(t.allowance('alice', 'bob')).toBe(300n);
    expect(t.balanceOf('carol')).toBe(200n);
    const e = thrown(() => t.transferFrom(ctx('bob'), 'alice', 'carol', 301n));
    expect(e.errorName).toBe('ERC20InsufficientAllowance');
    expect(e.args).toEqual(['bob', 300n, 301n]);
  });

  it('never decrements an infinite allowance', () => {
    const t = ledger();
    t.approve(ctx('alice'), 'bob', UINT256_MAX);
    t.transferFrom(ctx('bob'), 'alice', 'carol', 999n);
    expect(t.allowance('alice', 'bob')).toBe(UINT256_MAX);
  });

  it('transferFrom with enough allowance but too little balance leaves the allowance untouched', () => {
    const t = ledger();
    t.approve(ctx('alice'), 'bob', 5000n);
    const before = snapshot(t);
    expect(errorNameOf(thrown(() => t.transferFrom(ctx('bob'), 'alice', 'carol', 2000n)))).toBe('ERC20InsufficientBalance');
    expect(errorNameOf(thrown(() => t.transferFrom(ctx('bob'), 'alice', ZERO_ADDRESS, 1n)))).toBe('ERC20InvalidReceiver');
    expect(snapshot(t)).toEqual(before);
  });

  it('restricts mint and burn to the minter', () => {
    const t = ledger();
    const e = thrown(() => t.mint(ctx('alice'), 'alice', 1n));
    expect(e.errorName).toBe('OwnableUnauthorizedAccount');
    expect(e.args).toEqual(['alice']);
    expect(errorNameOf(thrown(() => t.burn(ctx('alice'), 'alice', 1n)))).toBe('OwnableUnauthorizedAccount');
  });

  it('panics 0x11 when minting past uint256, and rejects amounts outside uint256', () => {
    const t = ledger();
    expect(() => t.mint(ctx(MINTER), 'bob', UINT256_MAX)).toThrow('Panic(0x11)');
    expect(t.totalSupply).toBe(1000n);
    expect(() => t.transfer(ctx('alice'), 'bob', -1n)).toThrow(RangeError);
    expect(() => t.approve(ctx('alice'), 'bob', UINT256_MAX + 1n)).toThrow(RangeError);
  });

  it('property: random operations conserve supply, and a failed call changes nothing', () => {
    const who = fc.constantFrom<Address>('alice', 'bob', 'carol', MINTER, ZERO_ADDRESS);
    const amount = fc.oneof(fc.bigInt({ min: 0n, max: 1500n }), fc.constant(UINT256_MAX));
    const op = fc.oneof(
      fc.tuple(fc.constant('transfer' as const), who, who, amount),
      fc.tuple(fc.constant('approve' as const), who, who, amount),
      fc.tuple(fc.constant('transferFrom' as const), who, who, who, amount),
      fc.tuple(fc.constant('mint' as const), who, who, amount),
      fc.tuple(fc.constant('burn' as const), who, who, amount),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const t = ledger();
        for (const o of ops) {
          const before = snapshot(t);
          try {
            switch (o[0]) {
              case 'transfer': t.transfer(ctx(o[1]), o[2], o[3]); break;
              case 'approve': t.approve(ctx(o[1]), o[2], o[3]); break;
              case 'transferFrom': t.transferFrom(ctx(o[1]), o[2], o[3], o[4]); break;
              case 'mint': t.mint(ctx(o[1]), o[2], o[3]); break;
              case 'burn': t.burn(ctx(o[1]), o[2], o[3]); break;
            }
          } catch (e) {
            errorNameOf(e); // rethrows anything that is not a contract error
            expect(snapshot(t)).toEqual(before);
          }
          let sum = 0n;
          for (const b of t.holders().values()) sum += b;
          expect(sum).toBe(t.totalSupply);
        }
      }),
      { seed: 20261121, numRuns: 300 },
    );
  });
});
