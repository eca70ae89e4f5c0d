// A staker: buys STAKE through the treasury (an exogenous on-ramp), deposits it, delegates by
// policy, moves to a better-paying operator when the yield gap passes minImprovement, and leaves
// when slashing costs it more than its loss threshold or when others leave (the panic policy).
// Leaving is a queued withdrawal with an urgent tip, completed as tokens once the protocol's
// withdrawal delay has passed; a bank run is many stakers leaving in the same few blocks.
import type { Receipt } from '../chain/transaction.js';
import type { Address } from '../contracts/types.js';
import type { RandomStream } from '../engine/random.js';
import type { MarketContext } from '../markets/context.js';
import { persist } from '../markets/persistence.js';
import type { QueuedResult, SecurityMarket, SlashEvent } from '../markets/security/securityMarket.js';
import { ratioToNumber, stakeToTokens } from '../units.js';

export type DelegationPolicy = 'random' | 'largest' | 'highest-yield';
export type PanicPolicy = 'none' | 'threshold' | 'herd';

export interface StakerConfig {
  readonly index: number;
  readonly address: Address;
  /** STAKE base units bought and deposited. */
  readonly deposit: bigint;
  /** Seconds from the start of the run until the staker buys in (spreads the first deposits). */
  readonly startAt: number;
  readonly delegation: DelegationPolicy;
  /** checkInterval 0 disables yield chasing; minImprovement is an absolute APR (0.01 = one point). */
  readonly yieldChasing: { readonly checkInterval: number; readonly minImprovement: number };
  /** Share of the deposit lost to slashing past which the staker leaves. */
  readonly lossThreshold: number;
  readonly panic: { readonly policy: PanicPolicy; readonly threshold: number };
}

export type StakerState = 'outside' | 'joining' | 'delegated' | 'moving' | 'leaving' | 'left';
/** loss and panic by its policies; gave-up: a move to another operator failed for good, so it took its stake out. */
export type ExitReason = 'loss' | 'panic' | 'gave-up';

/**
 * Counts changes to stakers' own standing (state, queued withdrawals, STAKE returned): everything
 * their losses read besides restaking state. A world's stakers share one, so a reader of all their
 * losses (StakerLossMean) may keep what it summed while the count and the restaking state stand.
 */
export class StakerChanges {
  count = 0;
}

/** Blocks between retries when there is no operator yet or a completion came too early. */
const RETRY_BLOCKS = 10;

export class StakerAgent {
  readonly config: StakerConfig;
  readonly #ctx: MarketContext;
  readonly #market: SecurityMarket;
  readonly #choice: RandomStream;
  readonly #panic: RandomStream;
  #state: StakerState = 'outside';
  readonly #changes: StakerChanges;
  #operator: Address | null = null;
  /** Queued withdrawals not yet completed. */
  readonly #roots: string[] = [];
  /** STAKE received back from completed withdrawals (rewards excluded). */
  #returned = 0n;
  /** Stops hearing about the operator watched now. */
  #unwatch: () => void = () => {};
  /** The last loss computed and the value it was computed from (the loss is a function of the value alone; the series read it every sample). */
  #lastLoss = { value: -1n, loss: 0 };

  // For metrics: why and when it left, and how long its exit waited for a block.
  exitReason: ExitReason | null = null;
  exitQueuedAt = NaN;
  /** Blocks between submitting the exit and its inclusion. */
  exitWaitBlocks = NaN;
  moves = 0;

  /** `changes`: the count this staker moves with every change to its standing (shared by a world's stakers, see StakerChanges). */
  constructor(ctx: MarketContext, market: SecurityMarket, config: StakerConfig, changes: StakerChanges = new StakerChanges()) {
    const bad = (field: string, value: unknown, rule: string) => new RangeError(`staker ${config.address}: ${field} must be ${rule}, got ${value}`);
    if (config.deposit <= 0n) throw bad('deposit', config.deposit, '> 0');
    if (!(config.startAt >= 0 && Number.isFinite(config.startAt))) throw bad('startAt', config.startAt, 'finite and >= 0');
    if (!(config.yieldChasing.checkInterval >= 0)) throw bad('yieldChasing.checkInterval', config.yieldChasing.checkInterval, '>= 0');
    if (!(config.lossThreshold >= 0 && config.lossThreshold <= 1)) throw bad('lossThreshold', config.lossThreshold, 'in [0, 1]');
    if (!(config.panic.threshold >= 0 && config.panic.threshold <= 1)) throw bad('panic.threshold', config.panic.threshold, 'in [0, 1]');
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    this.#changes = changes;
    this.#choice = ctx.rng.get(`staker-choice/${config.index}`);
    this.#panic = ctx.rng.get(`staker-panic/${config.index}`);
  }

  get state(): StakerState {
    return this.#state;
  }

  #setState(state: StakerState): void {
    this.#state = state;
    this.#changes.count++;
  }

  get operator(): Address | null {
    return this.#operator;
  }

  /**
   * STAKE the staker still has in the protocol (delegated and queued) or got back. Read from the
   * chain whatever the agent has decided: a staker that has chosen to move or leave still holds its
   * delegated stake until its withdrawal is queued, and the queued stake from that block on.
   */
  value(): bigint {
    let value = this.#returned + this.#market.stakerStake(this.config.address);
    for (const root of this.#roots) value += this.#market.queuedStake(root);
    return value;
  }

  /** Share of the deposit lost to slashing so far (0 before the deposit is in). */
  loss(): number {
    if (this.#state === 'outside' || this.#state === 'joining') return 0;
    const value = this.value();
    if (value === this.#lastLoss.value) return this.#lastLoss.loss;
    const lost = this.config.deposit - value;
    const loss = lost <= 0n ? 0 : ratioToNumber(lost, this.config.deposit);
    this.#lastLoss = { value, loss };
    return loss;
  }

  start(): void {
    this.#ctx.kernel.schedule(this.config.startAt, () => this.#join());
    const interval = this.config.yieldChasing.checkInterval;
    if (interval > 0) this.#ctx.kernel.schedule(this.config.startAt + interval, () => this.#chaseYield());
  }

  #join(): void {
    const { address, deposit } = this.config;
    this.#setState('joining');
    this.#market.fund(address, deposit);
    this.#market.approveDeposits(address, deposit);
    // Retried as SETUP_PERSISTENCE says; a staker that cannot deposit stays outside with its tokens.
    persist(this.#ctx, (done) => this.#market.deposit(address, deposit, done), {
      succeeded: () => this.#delegate(),
      gaveUp: () => {
        this.#setState('outside');
      },
    });
  }

  #delegate(): void {
    const operator = this.#pickOperator();
    if (operator === undefined) {
      this.#ctx.kernel.schedule(RETRY_BLOCKS * this.#ctx.chain.blockTime, () => this.#delegate());
      return;
    }
    // Retried as SETUP_PERSISTENCE says; a staker that cannot delegate keeps its deposit undelegated
    // (earning nothing, slashable by no one).
    persist(this.#ctx, (done) => this.#market.delegate(this.config.address, operator, done), {
      succeeded: () => {
        this.#delegatedTo(operator);
        this.#setState('delegated');
      },
      gaveUp: () => {},
    });
  }

  #pickOperator(): Address | undefined {
    const operators = this.#market.operators();
    if (operators.length === 0) return undefined;
    switch (this.config.delegation) {
      case 'random':
        return operators[Math.floor(this.#choice.next() * operators.length)];
      case 'largest':
        return argmax(operators, (op) => stakeToTokens(this.#market.operatorStake(op)), this.#choice);
      case 'highest-yield':
        return argmax(operators, (op) => this.#market.expectedYield(op, this.config.deposit), this.#choice);
    }
  }

  /** Delegated to `operator`: from now on the staker hears of its slashes and of its stakers leaving. */
  #delegatedTo(operator: Address): void {
    this.#unwatch();
    this.#operator = operator;
    this.#unwatch = this.#market.watchOperator(operator, {
      slashed: (e) => this.#onSlashed(e),
      withdrawalQueued: () => this.#onOthersLeaving(operator),
    });
  }

  #onSlashed(_e: SlashEvent): void {
    if (this.#state !== 'delegated') return;
    if (this.loss() > this.config.lossThreshold) this.#leave('loss');
  }

  #onOthersLeaving(operator: Address): void {
    if (this.#state !== 'delegated' || operator !== this.#operator) return;
    const { policy, threshold } = this.config.panic;
    if (policy === 'none') return;
    const share = this.#market.exitingShare(operator);
    if (policy === 'threshold' ? share >= threshold : this.#panic.next() < share) this.#leave('panic');
  }

  #leave(reason: ExitReason): void {
    this.#setState('leaving');
    this.exitReason = reason;
    this.exitQueuedAt = this.#ctx.kernel.now();
    const submittedAt = this.#ctx.chain.blockNumber;
    this.#market.queueFullWithdrawal(this.config.address, 'urgent', (r) => {
      if (r.status !== 'success') {
        this.#setState('delegated');
        return;
      }
      this.exitWaitBlocks = r.block - submittedAt;
      this.#holdQueued(r);
      this.#awaitWithdrawal(r, true);
    });
  }

  #chaseYield(): void {
    this.#ctx.kernel.schedule(this.config.yieldChasing.checkInterval, () => this.#chaseYield());
    const current = this.#operator;
    if (this.#state !== 'delegated' || current === null) return;
    const mine = this.#market.expectedYield(current);
    const stake = this.#market.stakerStake(this.config.address);
    const others = this.#market.operators().filter((op) => op !== current);
    const chosen = argmaxScored(others, (op) => this.#market.expectedYield(op, stake), this.#choice);
    if (chosen === undefined || chosen.score - mine <= this.config.yieldChasing.minImprovement) return;
    const best = chosen.item;
    this.#setState('moving');
    const address = this.config.address;
    this.#market.undelegate(address, 'normal', (r) => {
      if (r.status !== 'success') {
        this.#setState('delegated');
        return;
      }
      this.#holdQueued(r);
      persist(this.#ctx, (done) => this.#market.delegate(address, best, done), {
        succeeded: () => {
          this.#delegatedTo(best);
          this.moves++;
          this.#awaitWithdrawal(r, false);
        },
        // Undelegated and unable to delegate again: it takes its queued stake out as tokens and leaves.
        gaveUp: () => {
          this.#setState('leaving');
          this.exitReason = 'gave-up';
          this.exitQueuedAt = this.#ctx.kernel.now();
          this.#awaitWithdrawal(r, true);
        },
      });
    });
  }

  /** Counts the withdrawals `queued` made as the staker's from the block they were queued in. */
  #holdQueued(queued: Receipt<QueuedResult> & { status: 'success' }): void {
    this.#roots.push(...queued.value.roots);
    this.#changes.count++;
  }

  /** Completes the queued withdrawals once they leave the slashable window (strictly after startBlock + delay). */
  #awaitWithdrawal(queued: Receipt<QueuedResult> & { status: 'success' }, asTokens: boolean): void {
    const roots = queued.value.roots;
    const delayBlocks = this.#market.params.withdrawalDelayBlocks;
    const blockTime = this.#ctx.chain.blockTime;
    const complete = (root: string): void => {
      const before = this.#market.queuedStake(root);
      this.#market.completeWithdrawal(this.config.address, root, asTokens, (r) => {
        if (r.status !== 'success') {
          this.#ctx.kernel.schedule(RETRY_BLOCKS * blockTime, () => complete(root));
          return;
        }
        this.#roots.splice(this.#roots.indexOf(root), 1);
        if (asTokens) this.#returned += before;
        this.#changes.count++;
        if (this.#roots.length > 0) return;
        this.#setState(asTokens ? 'left' : 'delegated');
        if (asTokens) this.#unwatch();
      });
    };
    // A transaction submitted at a block's instant makes that block: wait until block start + delay + 1.
    // A delegation that took retries may land after the withdrawal has matured: complete it now.
    const wait = Math.max(0, queued.block + delayBlocks + 1 - this.#ctx.chain.blockNumber) * blockTime;
    for (const root of roots) this.#ctx.kernel.schedule(wait, () => complete(root));
  }
}

/**
 * The candidate with the highest score. Candidates within a relative 1e-9 of the best tie (floating
 * point yields of equal operators differ in the last bits) and the tie is broken by `pick`: pro rata
 * rewards give operators with the same services the same yield, and always taking the first of them
 * would herd every staker onto one operator.
 */
function argmax<T>(items: readonly T[], score: (t: T) => number, pick: RandomStream): T | undefined {
  return argmaxScored(items, score, pick)?.item;
}

/** argmax, with the chosen candidate's score, so a caller that compares it need not score it again. */
function argmaxScored<T>(items: readonly T[], score: (t: T) => number, pick: RandomStream): { item: T; score: number } | undefined {
  if (items.length === 0) return undefined;
  const scores = items.map(score);
  const best = Math.max(...scores);
  if (!Number.isFinite(best)) return { item: items[0]!, score: scores[0]! };
  const tied: number[] = [];
  for (let i = 0; i < items.length; i++) if (scores[i]! >= best - Math.abs(best) * 1e-9) tied.push(i);
  const chosen = tied.length === 1 ? tied[0]! : tied[Math.floor(pick.next() * tied.length)]!;
  return { item: items[chosen]!, score: scores[chosen]! };
}

