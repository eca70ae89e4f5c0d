// The mean share of their deposits the stakers have lost (the staker_loss_mean series), read at
// every sample over every staker (1,000 stakers, 720 samples in the baseline month) while it moves
// far more rarely. The sum is kept while nothing a staker's loss reads has moved:
// - the market's RestakingState: the restaking journal's version and the strategy's token balance
//   (stakes and queued withdrawals' values);
// - the stakers' own standing (StakerChanges: states, queued withdrawals, STAKE returned) and their
//   number;
// - the block, through the last block at which every queued withdrawal is valued as now (a
//   withdrawal's value switches from today's slashing factors to its window's end with no write).
//   A guard, not a case that occurs: in this port the factors move only by slashes, which are
//   writes, so the factors at a window's end are today's until a write says otherwise. It keeps the
//   mean right should a port value a withdrawal by the block alone; no test can reach it today.
// When anything moved it is summed again over every staker in order, so it is the same number.
import type { SecurityMarket } from '../markets/security/securityMarket.js';
import type { StakerAgent, StakerChanges } from './staker.js';

interface Kept {
  readonly version: number;
  readonly balance: bigint;
  readonly changes: number;
  readonly stakers: number;
  readonly fixedThrough: number;
  readonly mean: number;
}

export class StakerLossMean {
  readonly #stakers: readonly StakerAgent[];
  readonly #market: SecurityMarket;
  readonly #changes: StakerChanges;
  #kept: Kept | null = null;

  /** `changes`: the count every one of `stakers` moves (they were built with it). */
  constructor(stakers: readonly StakerAgent[], market: SecurityMarket, changes: StakerChanges) {
    this.#stakers = stakers;
    this.#market = market;
    this.#changes = changes;
  }

  /** Σ loss / max(1, stakers), the losses summed in the stakers' order. */
  read(): number {
    const market = this.#market;
    const version = market.restakingState.version;
    const balance = market.restakingState.shareValue;
    const block = market.ctx.chain.blockNumber;
    const kept = this.#kept;
    if (kept !== null && kept.version === version && kept.balance === balance && kept.changes === this.#changes.count && kept.stakers === this.#stakers.length && block <= kept.fixedThrough) {
      return kept.mean;
    }
    const mean = this.#stakers.reduce((l, s) => l + s.loss(), 0) / Math.max(1, this.#stakers.length);
    this.#kept = { version, balance, changes: this.#changes.count, stakers: this.#stakers.length, fixedThrough: market.queuedValuesFixedThrough(block), mean };
    return mean;
  }
}
