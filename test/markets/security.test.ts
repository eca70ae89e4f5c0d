// The security market under the unique-stake model, on setups whose every number is worked out by
// hand in the comments. Share price: the strategy's first deposits mint shares 1:1 (StrategyBase
// virtual offsets 1e3/1e3 with balance = total shares), and slashing burns shares and tokens
// together, so 1 share = 1 base unit of STAKE throughout these tests.
import { describe, expect, it } from 'vitest';
import { WAD } from '../../sim/contracts/math.js';
import { DEFAULT_BURN_ADDRESS } from '../../sim/contracts/restaking/index.js';
import type { Receipt } from '../../sim/chain/transaction.js';
import { fundAndDeposit, securitySetup, TOKEN } from './securitySetup.js';

const S1 = 'avs-1';
const S2 = 'avs-2';
const OP = 'operator-1';

function ok<T>(r: Receipt<T>): asserts r is Extract<Receipt<T>, { status: 'success' }> {
  if (r.status !== 'success') throw new Error(`${r.method}: ${r.status === 'reverted' ? r.error : r.reason}`);
}

/** Two services, one operator allocated 0.5 to S1 and 0.3 to S2, stakers A (300 STAKE) and B (100). */
function twoServicesOneOperator() {
  const setup = securitySetup();
  const { market, blocks } = setup;
  for (const avs of [S1, S2]) {
    market.registerService({ avs, slasher: `${avs}:slasher`, rewardsPerDay: 10n * TOKEN, profitFromCorruption: 0n, attackThreshold: 0.5 }, ok);
  }
  market.registerOperator(OP, 1000, 5, ok);
  blocks(2); // metadata + operator, then the operator sets
  market.registerForService(OP, S1, ok);
  market.registerForService(OP, S2, ok);
  fundAndDeposit(setup, [['A', 300n * TOKEN], ['B', 100n * TOKEN]]);
  market.allocate(OP, new Map([[S1, WAD / 2n], [S2, (3n * WAD) / 10n]]), ok);
  blocks(1);
  market.delegate('A', OP, ok);
  market.delegate('B', OP, ok);
  blocks(6); // the allocation delay of 5 blocks passes
  return setup;
}

describe('unique-stake slashing', () => {
  it('costs each staker its share of the slashed slice and leaves the other service whole in tokens', () => {
    const { market, blocks } = twoServicesOneOperator();
    expect(market.operatorStake(OP)).toBe(400n * TOKEN);
    expect(market.allocatedStake(OP, S1)).toBe(200n * TOKEN); // 400 · 0.5
    expect(market.allocatedStake(OP, S2)).toBe(120n * TOKEN); // 400 · 0.3

    const slashed: bigint[] = [];
    market.slash(S1, OP, WAD / 4n, 'sla-breach', (r) => (r.status === 'success' ? slashed.push(r.value) : ok(r)));
    blocks(1);
    // Magnitude slashed: ⌈0.5 · 0.25⌉ = 0.125, so max magnitude 1 → 0.875. Operator shares lose
    // 400 − ⌈400 · 0.875⌉ = 50 STAKE; each staker's slashing factor becomes 0.875.
    expect(slashed).toEqual([50n * TOKEN]);
    expect(market.stakerStake('A')).toBe(262_500_000_000_000_000_000n); // 300 · 0.875: loses 37.5
    expect(market.stakerStake('B')).toBe(87_500_000_000_000_000_000n); // 100 · 0.875: loses 12.5
    // S2: magnitude 0.3 of max 0.875 over 350 STAKE. divWad(0.3, 0.875) = ⌊0.342857142857142857 1…⌋
    // = 342857142857142857, times 350 = 119.99999999999999995 STAKE: 120 less 50 wei of rounding.
    expect(market.allocatedStake(OP, S2)).toBe(119_999_999_999_999_999_950n);
    // S1: 0.375 of 0.875 → 428571428571428571 · 350 = 150 STAKE less 150 wei.
    expect(market.allocatedStake(OP, S1)).toBe(149_999_999_999_999_999_850n);

    blocks(1); // the clearing transaction burns the 50 slashed STAKE
    expect(market.burned).toBe(50n * TOKEN);
    expect(market.stake.balanceOf(DEFAULT_BURN_ADDRESS)).toBe(50n * TOKEN);
    expect(market.burnedTokens).toBe(50n * TOKEN);
    expect(market.slashedByService.get(S1)).toBe(50n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
    expect(market.inStrategy).toBe(350n * TOKEN);
    expect(market.undercollateralizedOperators()).toBe(0);
    expect(market.overEncumberedOperators()).toBe(0);
  });

  it('tells listeners who was slashed, and refuses a slash from a service the operator never joined', () => {
    const { market, blocks } = twoServicesOneOperator();
    const events: string[] = [];
    market.onSlashed((e) => events.push(`${e.operator}/${e.service}/${e.reason}/${e.tokens}`));
    market.registerService({ avs: 'avs-3', slasher: 'avs-3:slasher', rewardsPerDay: 0n, profitFromCorruption: 0n, attackThreshold: 1 }, ok);
    blocks(2);
    const errors: string[] = [];
    market.slash('avs-3', OP, WAD, 'equivocation', (r) => errors.push(r.status === 'reverted' ? r.error : r.status));
    market.slash(S2, OP, WAD, 'equivocation');
    blocks(1);
    // Equivocation takes all of S2's slice: 400 · 0.3 = 120 STAKE.
    expect(errors).toEqual(['OperatorNotSlashable']);
    expect(events).toEqual([`${OP}/${S2}/equivocation/${120n * TOKEN}`]);
  });
});

describe('rewards', () => {
  it('pays each service pro rata to allocated stake, the commission to the operator and the rest by shares', () => {
    const { market, blocks } = twoServicesOneOperator();
    market.fund(S1, 10n * TOKEN);
    market.distributeRewards(S1, 10n * TOKEN, ok);
    blocks(1);
    // One operator holds all of S1's stake: it takes 10% of 10 = 1 STAKE; A and B split 9 as 300:100.
    expect(market.stake.balanceOf(OP)).toBe(1n * TOKEN);
    expect(market.stake.balanceOf('A')).toBe(6_750_000_000_000_000_000n);
    expect(market.stake.balanceOf('B')).toBe(2_250_000_000_000_000_000n);
    expect(market.rewardsPaid).toBe(10n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
  });

  it('splits a later payment by the shares as they are then (a deposit between two payments)', () => {
    const setup = twoServicesOneOperator();
    const { market, blocks } = setup;
    market.fund(S1, 20n * TOKEN);
    market.distributeRewards(S1, 10n * TOKEN, ok);
    blocks(1);
    expect(market.undercollateralizedOperators()).toBe(0); // reads every staker's withdrawable shares
    fundAndDeposit(setup, [['A', 200n * TOKEN]]);
    blocks(1);
    market.distributeRewards(S1, 10n * TOKEN, ok);
    blocks(1);
    // First 9 STAKE split 300 : 100 (6.75 and 2.25), then 9 split 500 : 100 (7.5 and 1.5).
    expect(market.stake.balanceOf('A')).toBe(14_250_000_000_000_000_000n);
    expect(market.stake.balanceOf('B')).toBe(3_750_000_000_000_000_000n);
  });

  it('ranks yields: the expected APR of a staker is the services’ pay over the stake, less commission', () => {
    const { market } = twoServicesOneOperator();
    // S1 and S2 each pay 10 STAKE a day, all to this operator; 400 STAKE delegated; 10% commission:
    // 20 · 0.9 · 365 / 400 = 16.425 a year.
    expect(market.expectedYield(OP)).toBeCloseTo(16.425, 9);
  });
});

describe('withdrawals', () => {
  it('queues, stays slashable for the delay, then completes as tokens', () => {
    const { market, blocks, chain } = twoServicesOneOperator();
    let root = '';
    market.queueFullWithdrawal('B', 'normal', (r) => {
      ok(r);
      root = r.value.roots[0]!;
    });
    blocks(1);
    const queuedAt = chain.blockNumber;
    expect(market.queuedWithdrawals).toBe(1);
    expect(market.queuedTokens(OP)).toBe(100n * TOKEN);
    expect(market.exitingShare(OP)).toBe(0.25); // 100 queued of 300 + 100
    // A slash while queued reaches B's withdrawal too: S1 slashed by 0.25 → factor 0.875.
    market.slash(S1, OP, WAD / 4n, 'sla-breach');
    blocks(2);
    expect(market.queuedStake(root)).toBe(87_500_000_000_000_000_000n);
    const errors: string[] = [];
    market.completeWithdrawal('B', root, true, (r) => errors.push(r.status === 'reverted' ? r.error : r.status));
    blocks(1);
    expect(errors).toEqual(['WithdrawalDelayNotElapsed']);
    // Completable strictly after startBlock + 50.
    blocks(queuedAt + 50 - chain.blockNumber);
    market.completeWithdrawal('B', root, true, ok);
    blocks(1);
    expect(market.stake.balanceOf('B')).toBe(87_500_000_000_000_000_000n);
    expect(market.queuedWithdrawals).toBe(0);
    expect(market.stakeConservationGap()).toBe(0n);
  });
});
