// A user with one job who buys it at the posted price. It approves the market once, then buys as
// soon as the price is within its willingness to pay and a provider has its GPUs free, sending its
// willingness to pay as the purchase's price limit (so a price rise before inclusion reverts the
// purchase instead of overcharging it). If it cannot buy, it waits for a price or capacity that
// lets it (queueWhenFull) or leaves; it waits at most its patience (the latency SLA) from arrival,
// and again from each interruption. An outage of its provider cuts the job short: it buys the rest.
import type { Receipt } from '../chain/transaction.js';
import type { Address } from '../contracts/types.js';
import type { EventHandle } from '../engine/kernel.js';
import type { MarketContext } from '../markets/context.js';
import type { PostedJob } from '../markets/posted/capacityPool.js';
import type { PostedPriceMarket } from '../markets/posted/postedPrice.js';
import { microToUsd, usdPerGpuHourToMicro } from '../units.js';
import { JobLifecycle, type Job, type JobOutcome, type JobReport } from './job.js';

export interface PostedBuyerSettings {
  /** USD held, as a multiple of the whole job at the willingness to pay (above 1 it survives interruptions, which are not refunded). */
  readonly budgetCover: number;
}

/** Reverts after which the market has changed and a new look may succeed; any other ends the attempt. */
const RACE_LOST = new Set(['PriceAboveLimit', 'NoCapacity']);

export class PostedBuyerAgent {
  readonly address: Address;
  readonly job: Job;
  readonly #ctx: MarketContext;
  readonly #market: PostedPriceMarket;
  readonly #settings: PostedBuyerSettings;
  readonly #life: JobLifecycle;
  readonly #maxPrice: bigint;
  /** Fires at the give-up time (the job's patience from arrival, or from its last interruption). */
  #giveUpTimer: EventHandle | undefined;
  #stopWaiting: (() => void) | undefined;

  constructor(ctx: MarketContext, market: PostedPriceMarket, address: Address, job: Job, settings: PostedBuyerSettings, report: (r: JobReport) => void) {
    this.#life = new JobLifecycle(ctx.kernel, job, report);
    if (!(settings.budgetCover > 0) || !Number.isFinite(settings.budgetCover)) throw new RangeError(`posted buyer: budgetCover must be a number > 0, got ${settings.budgetCover}`);
    this.#ctx = ctx;
    this.#market = market;
    this.address = address;
    this.job = job;
    this.#settings = settings;
    this.#maxPrice = usdPerGpuHourToMicro(job.wtpPerGpuHour);
  }

  /** What the user must hold: budgetCover times the whole job at its willingness to pay. */
  budget(): bigint {
    const whole = this.#market.cost(this.#maxPrice, this.job.gpus, Math.ceil(this.job.duration));
    return BigInt(Math.ceil(Number(whole) * this.#settings.budgetCover));
  }

  start(): void {
    this.#armGiveUp();
    this.#market.approve(this.address, (r) => {
      if (r.status !== 'success') return this.#finish('failed');
      this.#tryToBuy();
    });
  }

  #tryToBuy(): void {
    if (this.#life.done) return;
    if (this.#ctx.kernel.now() > this.#life.giveUpAt) return this.#finish(this.#life.giveUpOutcome);
    const { gpuModel, gpus } = this.job;
    if (!this.#market.canBuy(gpuModel, gpus, this.#maxPrice)) return this.#waitOrLeave();
    const seconds = Math.ceil(this.#life.remaining);
    const cost = this.#market.cost(this.#market.price(gpuModel), gpus, seconds);
    if (this.#ctx.tokens.usd.balanceOf(this.address) < cost) return this.#finish(this.#life.giveUpOutcome);
    this.#market.buy(this.address, gpuModel, gpus, seconds, this.#maxPrice, (job, interrupted) => this.#onJobEnded(job, interrupted), (r) => this.#onBought(r));
  }

  #waitOrLeave(): void {
    if (!this.#market.params.queueWhenFull || this.#ctx.kernel.now() >= this.#life.giveUpAt) return this.#finish(this.#life.giveUpOutcome);
    this.#stopWaiting = this.#market.waitToBuy(this.job.gpuModel, this.job.gpus, this.#maxPrice, () => {
      this.#stopWaiting = undefined;
      this.#tryToBuy();
    });
  }

  #onBought(r: Receipt<PostedJob>): void {
    if (r.status === 'success') {
      this.#giveUpTimer?.cancel();
      this.#life.running();
      this.#life.paid(microToUsd(r.value.pricePerGpuHour));
      return;
    }
    if (r.status === 'reverted' && RACE_LOST.has(r.error)) return this.#tryToBuy();
    this.#finish('failed');
  }

  #onJobEnded(job: PostedJob, interrupted: boolean): void {
    if (!interrupted) return this.#finish('completed');
    if (!this.#life.interrupted((job.interruptedAt as number) - job.startedAt)) return this.#finish('completed');
    this.#armGiveUp();
    this.#tryToBuy();
  }

  /** At the give-up time a waiting buyer leaves; one whose purchase is on its way lets the receipt decide. */
  #armGiveUp(): void {
    this.#giveUpTimer = this.#ctx.kernel.schedule(Math.max(0, this.#life.giveUpAt - this.#ctx.kernel.now()), () => {
      if (this.#stopWaiting === undefined) return;
      this.#stopWaiting();
      this.#stopWaiting = undefined;
      this.#finish(this.#life.giveUpOutcome);
    });
  }

  #finish(outcome: JobOutcome): void {
    if (this.#life.finish(outcome)) this.#giveUpTimer?.cancel();
  }
}
