// The split of one rewards payment, in base units small enough to follow every floor by hand.
import { describe, expect, it } from 'vitest';
import { rewardTransfers } from '../../sim/markets/security/rewards.js';

describe('rewardTransfers', () => {
  it('splits pro rata to allocated stake, takes the commission, shares the rest by withdrawable shares, floors each', () => {
    // 100 units over allocations 1 : 2 → a: ⌊100/3⌋ = 33, b: ⌊200/3⌋ = 66 (1 unit of dust stays).
    // a: 10% commission ⌊3.3⌋ = 3, the rest 30 split 1 : 2 → 10 and 20.
    // b: no commission, stakers 1 : 1 : 1 → ⌊66/3⌋ = 22 each.
    const transfers = rewardTransfers(100n, [
      { operator: 'a', allocated: 1n, commissionBps: 1000n, stakers: [['a1', 1n], ['a2', 2n]] },
      { operator: 'b', allocated: 2n, commissionBps: 0n, stakers: [['b1', 5n], ['b2', 5n], ['b3', 5n]] },
    ]);
    expect(transfers).toEqual([['a', 3n], ['a1', 10n], ['a2', 20n], ['b1', 22n], ['b2', 22n], ['b3', 22n]]);
  });

  it('gives an operator without delegator weight its whole share, and nothing when nothing is allocated', () => {
    expect(rewardTransfers(10n, [{ operator: 'a', allocated: 5n, commissionBps: 1000n, stakers: [['s', 0n]] }])).toEqual([['a', 10n]]);
    expect(rewardTransfers(10n, [{ operator: 'a', allocated: 0n, commissionBps: 0n, stakers: [] }])).toEqual([]);
  });
});
