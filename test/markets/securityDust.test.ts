// What a slash takes when the stake is dust (campaign 2029, run 6419): stakes of one base unit, whose
// queued withdrawals round to 0 withdrawable shares, so the contracts mark their shares to burn twice,
// with the operator and in the queue. Every number below is worked out by hand from the ported
// contracts' rounding (SlashingLib.calcSlashedAmount rounds the survivors up; calcWithdrawable and
// the queue's scaled shares round down); 1 share = 1 base unit of STAKE (see security.test.ts).
import { describe, expect, it } from 'vitest';
import { Rational } from '../../sim/analysis/rational.js';
import { WAD } from '../../sim/contracts/math.js';
import { shockMeasures } from '../../sim/world/shockMeasures.js';
import { ok, securitySetup } from './securitySetup.js';

const S1 = 'avs-1';
const S2 = 'avs-2';
const OP = 'operator-1';
const STAKERS = Array.from({ length: 10 }, (_, i) => `staker-${i}`);

/** Ten stakers of one base unit each with one operator, allocated 0.5 to S1 and 0.3 to S2. */
function dust() {
  const setup = securitySetup();
  const { market, blocks } = setup;
  for (const avs of [S1, S2]) {
    market.registerService({ avs, slasher: `${avs}:slasher`, rewardsPerDay: 0n, profitFromCorruption: 0n, attackThreshold: 1 }, ok);
  }
  market.registerOperator(OP, 0, 5, ok);
  blocks(2);
  market.registerForService(OP, S1, ok);
  market.registerForService(OP, S2, ok);
  for (const staker of STAKERS) {
    market.fund(staker, 1n);
    market.approveDeposits(staker, 1n, ok);
    market.deposit(staker, 1n, ok);
    market.delegate(staker, OP, ok);
  }
  market.allocate(OP, new Map([[S1, WAD / 2n], [S2, (3n * WAD) / 10n]]), ok);
  blocks(7); // the allocation delay of 5 blocks passes
  return setup;
}

describe('slashing dust', () => {
  it('books what each slash took from the stakers, never the shares it marked twice', () => {
    const { market, blocks } = dust();
    expect(market.stakeHeldForStakers()).toBe(10n);
    const record = { at: 0, stake: market.stakeHeldForStakers(), depositedBefore: market.deposited, attackTokensBefore: 0n, gamma: null };

    // S1 takes all of its slice: max magnitude 1 → 0.5; operator shares 10 − ⌈10 · 0.5⌉ = 5.
    market.slash(S1, OP, WAD, 'attack', ok);
    blocks(2); // the slash, then its clear, which burns the 5
    expect(market.slashedTokens).toBe(5n);
    expect(market.burned).toBe(5n);

    // Each staker queues its one deposit share: withdrawable ⌊1 · 0.5⌋ = 0, so the operator keeps
    // its 5 shares, and the queue gains 10 scaled shares, 10 · 0.5 = 5 of them slashable.
    for (const staker of STAKERS) market.queueFullWithdrawal(staker, 'normal', ok);
    blocks(1);
    expect(market.restaking.delegationManager.operatorShares(OP, market.strategy.address)).toBe(5n);
    expect(market.slashableStake(OP)).toBe(10n); // 5 with the operator + 5 in the queue, of 5 there are

    // S2 takes all of its slice: max magnitude 0.5 → 0.2. It marks 5 − ⌈5 · 0.2 / 0.5⌉ = 3 operator
    // shares and, in the queue, 5 − ⌈5 · 0.2 / 0.5⌉ = 3: 6 shares of the 5 the stakers still held.
    const marked: bigint[] = [];
    market.onSlashed((e) => marked.push(e.tokens));
    market.slash(S2, OP, WAD, 'attack', ok);
    blocks(2);
    // It took the 5 that were left, not the 6 it marked: 10 in all, every unit deposited.
    expect(marked).toEqual([5n]);
    expect(market.slashedTokens).toBe(10n);
    expect(market.slashedByReason.get('attack')).toBe(10n);
    expect(market.stakeHeldForStakers()).toBe(0n);
    // Its clear would burn 6 shares of the 5 left and reverts (WithdrawalAmountExceedsTotalDeposits):
    // the 5 stay in the strategy marked to burn, out of every staker's reach, and STAKE is conserved.
    expect(market.burned).toBe(5n);
    expect(market.inStrategy).toBe(5n);
    expect(market.stakeConservationGap()).toBe(0n);
    expect(market.strategyPriceGap()).toBe(0n); // 5 STAKE for 5 shares: the bound's premise holds

    // As a shock's measure: the attacks took all of the 10 exposed, exactly 1 (1.1 counting marks).
    expect(shockMeasures(record, market)?.lost_stake_fraction).toBe(1);
  });
});

describe("the strategy's share price", () => {
  it('is one base unit a share, and STAKE sent to the strategy outside a deposit shows as a gap', () => {
    const { market, ctx } = dust();
    expect(market.strategyPriceGap()).toBe(0n);
    market.fund('donor', 3n);
    market.stake.transfer(ctx.chain.context('donor'), market.strategy.address, 3n);
    expect(market.strategyPriceGap()).toBe(3n);
  });
});
