// Stakers on the unique-stake market: leaving after a slash (and how long congestion holds the
// exit), the threshold panic, and yield chasing. Every number is worked out in the comments; shares
// are 1:1 with STAKE base units (see test/markets/security.test.ts).
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../sim/chain/transaction.js';
import { WAD } from '../../sim/contracts/math.js';
import { StakerAgent, StakerChanges, type StakerConfig } from '../../sim/agents/staker.js';
import { StakerLossMean } from '../../sim/agents/stakerLossMean.js';
import { STAKE_STRATEGY } from '../../sim/markets/security/stake.js';
import { securitySetup, TOKEN } from '../markets/securitySetup.js';

function ok<T>(r: Receipt<T>): asserts r is Extract<Receipt<T>, { status: 'success' }> {
  if (r.status !== 'success') throw new Error(`${r.method}: ${r.status === 'reverted' ? r.error : r.reason}`);
}

function stakerConfig(index: number, over: Partial<StakerConfig> = {}): StakerConfig {
  return {
    index,
    address: `staker-${index}`,
    deposit: 10n * TOKEN,
    startAt: 0,
    delegation: 'largest',
    yieldChasing: { checkInterval: 0, minImprovement: 0.01 },
    lossThreshold: 0.01,
    panic: { policy: 'none', threshold: 0.2 },
    ...over,
  };
}

/** One service S, operators allocated half their stake to it; the chain's gas limit is 600,000. */
function world(operators: readonly (readonly [string, number])[] = [['op', 1000]]) {
  const setup = securitySetup({}, { gasLimit: 600_000 });
  const { market, blocks } = setup;
  market.registerService({ avs: 'S', slasher: 'S:slasher', rewardsPerDay: 10n * TOKEN, profitFromCorruption: 0n, attackThreshold: 1 }, ok);
  for (const [op, bps] of operators) market.registerOperator(op, bps, 5, ok);
  blocks(2);
  for (const [op] of operators) market.registerForService(op, 'S', ok);
  blocks(1);
  for (const [op] of operators) market.allocate(op, new Map([['S', WAD / 2n]]), ok);
  blocks(6);
  return setup;
}

/** A staker the test drives itself through the market. */
function joinDirectly(market: ReturnType<typeof world>['market'], staker: string, operator: string, amount: bigint) {
  market.fund(staker, amount);
  market.approveDeposits(staker, amount, ok);
  market.deposit(staker, amount, ok);
  market.delegate(staker, operator, ok);
}

describe('a slash, the exits it triggers, and congestion', () => {
  it('holds the low-tip withdrawal behind the urgent exits: full blocks of 4, then the third block', () => {
    const { market, blocks, ctx, chain } = world();
    const stakers = Array.from({ length: 10 }, (_, i) => new StakerAgent(ctx, market, stakerConfig(i)));
    for (const s of stakers) s.start();
    joinDirectly(market, 'calm', 'op', 10n * TOKEN);
    blocks(20);
    expect(stakers.every((s) => s.state === 'delegated' && s.operator === 'op')).toBe(true);
    expect(market.operatorStake('op')).toBe(110n * TOKEN);

    // The calm staker hears of the slash after the ten agents (listeners run in registration
    // order) and queues its withdrawal with the normal tip in the same instant.
    let calmSubmittedAt = 0;
    let calmIncludedAt = 0;
    market.onSlashed(() => {
      calmSubmittedAt = chain.blockNumber;
      market.queueFullWithdrawal('calm', 'normal', (r) => (ok(r), (calmIncludedAt = r.block)));
    });
    // Read before the slash: the loss a staker keeps from its last read must follow its value.
    expect(stakers[0]!.loss()).toBe(0);
    market.slash('S', 'op', WAD / 4n, 'sla-breach');
    blocks(5);
    expect(stakers[0]!.loss()).toBe(0.125);
    // The slash takes ⌈0.5 · 0.25⌉ = 0.125 of the magnitude: every staker loses 12.5% > 1%, and all
    // ten leave at once with the urgent tip. queueWithdrawals costs 150,000 gas, so a 600,000-gas
    // block holds four: the urgent exits fill blocks +1 and +2 and take two slots of block +3, where
    // the burn clearing (90,000) and the calm withdrawal (150,000) fit behind them (540,000 in all).
    expect(stakers.map((s) => s.exitReason)).toEqual(Array(10).fill('loss'));
    expect(stakers.map((s) => s.exitWaitBlocks)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
    expect(calmIncludedAt - calmSubmittedAt).toBe(3);
    expect(market.queuedWithdrawals).toBe(11);

    // 50 blocks later each exit completes as tokens: 10 · 0.875 = 8.75 STAKE back.
    blocks(60);
    expect(stakers.every((s) => s.state === 'left')).toBe(true);
    expect(stakers.map((s) => market.stake.balanceOf(s.config.address))).toEqual(Array(10).fill(8_750_000_000_000_000_000n));
    expect(stakers[0]!.loss()).toBe(0.125);
    expect(market.stakeConservationGap()).toBe(0n);
  });
});

describe('panic', () => {
  it('threshold: once 20% of the operator’s stake is queued, every other staker runs', () => {
    const { market, blocks, ctx } = world();
    const stakers = Array.from({ length: 4 }, (_, i) => new StakerAgent(ctx, market, stakerConfig(i, { lossThreshold: 1, panic: { policy: 'threshold', threshold: 0.2 } })));
    for (const s of stakers) s.start();
    joinDirectly(market, 'first', 'op', 10n * TOKEN);
    blocks(20);
    // 'first' queues 10 of 50 STAKE: exitingShare = 10 / (10 + 40) = 0.2, at the threshold.
    market.queueFullWithdrawal('first', 'normal', ok);
    blocks(1);
    expect(market.exitingShare('op')).toBe(0.2);
    expect(stakers.map((s) => [s.state, s.exitReason])).toEqual(Array(4).fill(['leaving', 'panic']));
    blocks(1);
    expect(market.queuedWithdrawals).toBe(5);
  });

  it('threshold: below it nobody moves', () => {
    const { market, blocks, ctx } = world();
    const stakers = Array.from({ length: 4 }, (_, i) => new StakerAgent(ctx, market, stakerConfig(i, { lossThreshold: 1, panic: { policy: 'threshold', threshold: 0.21 } })));
    for (const s of stakers) s.start();
    joinDirectly(market, 'first', 'op', 10n * TOKEN);
    blocks(20);
    market.queueFullWithdrawal('first', 'normal', ok);
    blocks(3);
    expect(stakers.every((s) => s.state === 'delegated')).toBe(true);
  });
  it('herd: at the first exit each staker leaves with probability equal to the share leaving', () => {
    const setup = securitySetup();
    const { market, blocks, ctx } = setup;
    market.registerService({ avs: 'S', slasher: 'S:slasher', rewardsPerDay: 0n, profitFromCorruption: 0n, attackThreshold: 1 }, ok);
    market.registerOperator('op', 0, 5, ok);
    blocks(3);
    const stakers = Array.from({ length: 200 }, (_, i) => new StakerAgent(ctx, market, stakerConfig(i, { lossThreshold: 1, panic: { policy: 'herd', threshold: 0 } })));
    for (const s of stakers) s.start();
    joinDirectly(market, 'first', 'op', 500n * TOKEN);
    blocks(5);
    // 'first' queues 500 of 2,500 STAKE: share 0.2. In that receipt's instant each of the 200 draws
    // once, so the count is Binomial(200, 0.2): mean 40, sd √32 ≈ 5.66; 40 ± 4 sd = [18, 62].
    market.queueFullWithdrawal('first', 'normal', ok);
    blocks(1);
    const leaving = stakers.filter((s) => s.state === 'leaving').length;
    expect(leaving).toBeGreaterThanOrEqual(18);
    expect(leaving).toBeLessThanOrEqual(62);
    expect(stakers.filter((s) => s.exitReason !== null).every((s) => s.exitReason === 'panic')).toBe(true);
  });
});

describe('yield chasing', () => {
  it('moves to the operator whose yield beats its own by more than minImprovement, through a queued withdrawal', () => {
    const { market, blocks, ctx } = world([['cheap', 0], ['dear', 5000]]);
    joinDirectly(market, 'whale', 'dear', 30n * TOKEN);
    joinDirectly(market, 'small', 'cheap', 10n * TOKEN);
    blocks(2);
    const day = 86_400;
    const x = new StakerAgent(ctx, market, stakerConfig(0, { yieldChasing: { checkInterval: day, minImprovement: 0.01 } }));
    const startedAt = ctx.kernel.now();
    x.start();
    blocks(3);
    // 'largest' picks dear (30 STAKE against 10).
    expect(x.operator).toBe('dear');
    // S pays 10 a day pro rata to half of each stake: dear 20 of 25. X's yield at dear (50% commission):
    // 10 · 20/25 · 0.5 · 365 / 40 = 36.5. At cheap with its 10 STAKE: 10 · 10/30 · 365 / 20 = 60.83.
    expect(market.expectedYield('dear')).toBeCloseTo(36.5, 9);
    expect(market.expectedYield('cheap', 10n * TOKEN)).toBeCloseTo(60.8333333333, 9);
    // The first look is a day after the start; the undelegation and the delegation take a block each.
    ctx.kernel.run(startedAt + day + 2 * 12);
    expect([x.state, x.operator, x.moves]).toEqual(['moving', 'cheap', 1]);
    // While its 10 STAKE are queued, they count for cheap as arrived (cheap 20, dear 30): cheap's
    // half-allocation is 10 of 25, so 10 · 10/25 · 365 / 20 = 73 a year.
    expect(market.operatorStake('cheap')).toBe(10n * TOKEN);
    expect(market.expectedYield('cheap')).toBeCloseTo(73, 9);
    blocks(60);
    expect(x.state).toBe('delegated');
    expect(x.moves).toBe(1);
    expect(market.operatorStake('cheap')).toBe(20n * TOKEN);
    expect(market.operatorStake('dear')).toBe(30n * TOKEN);
  });
});

describe('the loss mean kept between samples (StakerLossMean)', () => {
  /** Stakers sharing one change count, the kept mean over them, and the mean summed afresh. */
  function losses(setup: ReturnType<typeof world>, configs: readonly StakerConfig[]) {
    const changes = new StakerChanges();
    const stakers = configs.map((c) => new StakerAgent(setup.ctx, setup.market, c, changes));
    const mean = new StakerLossMean(stakers, setup.market, changes);
    const fresh = () => stakers.reduce((l, s) => l + s.loss(), 0) / Math.max(1, stakers.length);
    return { stakers, mean, fresh };
  }

  it('follows a slash at its own block, before the burn moves the strategy balance (the journal alone moved)', () => {
    const setup = world();
    const { stakers, mean } = losses(setup, [stakerConfig(0, { lossThreshold: 1 }), stakerConfig(1, { lossThreshold: 1 })]);
    for (const s of stakers) s.start();
    setup.blocks(5);
    expect(mean.read()).toBe(0);
    const balance = setup.market.inStrategy;
    setup.market.slash('S', 'op', WAD / 4n, 'sla-breach');
    setup.blocks(1);
    expect(setup.market.inStrategy).toBe(balance); // the clearing burn is the next block's
    expect(mean.read()).toBe(0.125); // ⌈0.5 · 0.25⌉ of the magnitude: each loses 12.5%
  });

  it("follows the strategy's balance, which the journal does not see", () => {
    const setup = world();
    const { stakers, mean, fresh } = losses(setup, [stakerConfig(0, { lossThreshold: 1 })]);
    stakers[0]!.start();
    setup.blocks(5);
    setup.market.slash('S', 'op', WAD / 4n, 'sla-breach');
    setup.blocks(5);
    const before = mean.read();
    setup.market.fund(STAKE_STRATEGY, 1n * TOKEN); // a donation lifts the share price
    expect(mean.read()).toBe(fresh());
    expect(mean.read()).toBeLessThan(before);
  });

  it('counts nothing lost by a chaser at any block of its move: decided, undelegated, delegated again, completed', () => {
    const setup = world([['cheap', 0], ['dear', 5000]]);
    joinDirectly(setup.market, 'whale', 'dear', 30n * TOKEN);
    setup.blocks(2);
    // A look 5 s past a block instant (blocks every 12 s): between it and the next block nothing is mined.
    const interval = 86_400 + 5;
    const { stakers, mean, fresh } = losses(setup, [stakerConfig(0, { yieldChasing: { checkInterval: interval, minImprovement: 0.01 } })]);
    const staker = stakers[0]!;
    const startedAt = setup.ctx.kernel.now();
    staker.start();
    setup.ctx.kernel.run(startedAt + interval - 1);
    expect(staker.state).toBe('delegated');
    const seen = new Set<string>();
    // Through the move and its withdrawal delay (50 blocks here), one read a block: the stake is
    // delegated, then queued, then delegated again, and no slash took any of it.
    for (let t = startedAt + interval + 1; t < startedAt + interval + 80 * 12; t += 12) {
      setup.ctx.kernel.run(t);
      seen.add(staker.state);
      expect(staker.loss()).toBe(0);
      expect(mean.read()).toBe(fresh());
    }
    expect([...seen]).toEqual(['moving', 'delegated']);
    expect([staker.operator, staker.moves]).toEqual(['cheap', 1]);
  });

  it('follows a staker whose withdrawal was queued in the block but whose receipt came after a read', () => {
    // A reader in a receipt callback sees the block's transactions executed and the receipts after
    // its own not yet delivered: here the staker's withdrawal is queued on chain but not yet counted
    // as the staker's, so its loss reads as everything. When that receipt arrives the staker's
    // standing moves and nothing else does (no write, no transfer): the kept mean must follow it.
    const setup = world();
    const { stakers, mean, fresh } = losses(setup, [stakerConfig(0, { lossThreshold: 0.01 })]);
    stakers[0]!.start();
    setup.blocks(5);
    expect(stakers[0]!.state).toBe('delegated');
    let readInBlock: number | undefined;
    // Heard after the staker, which has just sent its exit (urgent tip): a higher tip puts this
    // transaction ahead of the exit in the next block, so its receipt is delivered first.
    setup.market.onSlashed(() => {
      const tip = 10n ** 12n;
      setup.chain.submit({
        // Any transaction will do; the reading is in its receipt callback.
        from: 'reader',
        method: 'ERC20.transfer',
        call: () => undefined,
        maxFeePerGas: 2n * setup.chain.baseFee + tip,
        maxPriorityFeePerGas: tip,
        onReceipt: () => (readInBlock = mean.read()),
      });
    });
    setup.market.slash('S', 'op', WAD / 4n, 'sla-breach');
    setup.blocks(3);
    expect(stakers[0]!.state).toBe('leaving');
    expect(readInBlock).toBe(1);
    expect(fresh()).toBe(0.125);
    expect(mean.read()).toBe(fresh());
  });

  it('counts a staker added after a read', () => {
    const setup = world();
    const changes = new StakerChanges();
    const stakers = [new StakerAgent(setup.ctx, setup.market, stakerConfig(0, { lossThreshold: 1 }), changes)];
    const mean = new StakerLossMean(stakers, setup.market, changes);
    stakers[0]!.start();
    setup.blocks(5);
    setup.market.slash('S', 'op', WAD / 4n, 'sla-breach');
    setup.blocks(5);
    expect(mean.read()).toBe(0.125);
    stakers.push(new StakerAgent(setup.ctx, setup.market, stakerConfig(1), changes));
    expect(mean.read()).toBe(0.0625); // the newcomer, outside, has lost nothing
  });
});

describe('configuration', () => {
  it('refuses a deposit of nothing and thresholds outside [0, 1], naming the field', () => {
    const { market, ctx } = world();
    expect(() => new StakerAgent(ctx, market, stakerConfig(0, { deposit: 0n }))).toThrow('staker staker-0: deposit must be > 0, got 0');
    expect(() => new StakerAgent(ctx, market, stakerConfig(0, { lossThreshold: 1.5 }))).toThrow(/lossThreshold must be in \[0, 1\]/);
    expect(() => new StakerAgent(ctx, market, stakerConfig(0, { panic: { policy: 'herd', threshold: -1 } }))).toThrow(/panic.threshold/);
  });
});
