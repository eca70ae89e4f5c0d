// The posted-price market: one price per GPU-hour for each GPU model, moved EIP-1559 style by
// utilization against a target (sim/markets/posted/priceRule.ts), and users who buy at that price
// or not at all. This module is the market's face to agents: every state change is a transaction
// (a provider's listing and outage reports, a buyer's approval and purchase, the poke of a keeper,
// sim/agents/priceKeeper.ts); off chain it keeps the queue of buyers waiting for a price they
// accept or for free GPUs, and wakes them when either may have come.
//
// A job holds its GPUs from the block of its purchase for its whole duration; an outage report by
// its provider ends it (the SLA breach) and the buyer is told. Payments go straight to the provider
// (less the protocol fee): nothing is refunded when a job is cut short.
import type { Receipt } from '../../chain/transaction.js';
import { UINT256_MAX } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';
import { send, type MarketContext } from '../context.js';
import { BlockClock } from '../../chain/blockClock.js';
import type { PostedJob } from './capacityPool.js';
import { PostedPriceContract, type PriceAdjustment, type PriceUpdate } from './contract.js';
import type { PriceCurve } from './priceRule.js';
import { microToUsd, usdPerGpuHourToMicro } from '../../units.js';
import { TradeTape } from '../tradeTape.js';

export interface PostedModel {
  readonly name: string;
  /** USD per GPU-hour at the start, the floor and the ceiling. */
  readonly initialPrice: number;
  readonly minPrice: number;
  readonly maxPrice: number;
}

export interface PostedPriceParams {
  readonly gpuModels: readonly PostedModel[];
  readonly targetUtilization: number;
  readonly step: number;
  /** Seconds between adjustments: rounded up to whole seconds. */
  readonly adjustInterval: number;
  readonly curve: PriceCurve;
  /** Whether a buyer who cannot buy now (price above its limit, or no free GPU) waits or leaves. */
  readonly queueWhenFull: boolean;
  /** The protocol's share of each payment in basis points (0: none). */
  readonly protocolFeeBps: number;
}

/**
 * Gas of this market's methods, which the world lays over the chain's table of ported methods
 * (sim/chain/gasTable.ts), in its magnitudes: a purchase is two
 * ERC-20 transferFrom (60k each, the second only with a fee; we count one and a half) plus a job
 * record of four fresh slots (~90k); a poke reads two integrals and writes the price and the window
 * of each model (~20k per model, three models) on 21k intrinsic; a listing and an availability
 * switch cost what the capacity desk's do (sim/markets/intents/intentAuction.ts); closing or
 * reopening a listing writes its flag and the model's integrals (~40k).
 */
export const POSTED_PRICE_GAS = {
  'PostedPrice.buy': 180_000,
  'PostedPrice.poke': 80_000,
  'PostedPrice.list': 110_000,
  'PostedPrice.setAvailability': 60_000,
  'PostedPrice.setOpen': 40_000,
} as const;

export const POSTED_PRICE_MARKET: Address = 'posted:market';
export const POSTED_PROTOCOL_FEES: Address = 'posted:protocol-fees';
/** Where the world runs the protocol's keeper from (it must hold gas money). */
export const POSTED_PRICE_KEEPER: Address = 'posted:keeper';

/** How a running job ended: it ran its course, or its provider went down. */
export type PostedJobEndHandler = (job: PostedJob, interrupted: boolean) => void;
export type PriceListener = (update: PriceUpdate) => void;

interface Waiter {
  readonly gpus: number;
  readonly maxPrice: bigint;
  readonly wake: () => void;
}

export class PostedPriceMarket {
  readonly contract: PostedPriceContract;
  readonly clock: BlockClock;
  readonly #ctx: MarketContext;
  readonly #params: PostedPriceParams;
  readonly #priceListeners: PriceListener[] = [];
  /** Buyers waiting to be able to buy, per model, in arrival order. */
  readonly #waiting = new Map<string, Map<number, Waiter>>();
  #nextWaiter = 1;
  /** GPUs that purchases sent and not yet included expect to take, by provider. */
  readonly #pending = new Map<Address, number>();
  readonly #running = new Map<number, PostedJobEndHandler>();
  readonly #lastAdjustments = new Map<string, PriceAdjustment>();

  // Counters the world reads for metrics.
  purchases = 0;
  /** Purchases that reverted, by error name (in order of first occurrence). */
  readonly purchaseReverts = new Map<string, number>();
  interruptions = 0;
  completedJobs = 0;
  /** Micro-USD buyers paid, and the protocol's part of it. */
  paid = 0n;
  fees = 0n;
  gpuSecondsSold = 0n;
  adjustments = 0;
  /** Every purchase, at its price per GPU-hour: the market's clearing prices. */
  readonly trades = new TradeTape();
  /** Micro-USD each provider was paid, net of the protocol fee. */
  readonly #earned = new Map<Address, bigint>();

  constructor(ctx: MarketContext, params: PostedPriceParams) {
    this.#ctx = ctx;
    this.#params = params;
    this.clock = new BlockClock(ctx.kernel, ctx.chain);
    this.contract = new PostedPriceContract({
      address: POSTED_PRICE_MARKET,
      usd: ctx.tokens.usd,
      feeRecipient: POSTED_PROTOCOL_FEES,
      protocolFeeBps: params.protocolFeeBps,
      models: params.gpuModels.map((m) => ({ gpuModel: m.name, initialPrice: usdPerGpuHourToMicro(m.initialPrice), minPrice: usdPerGpuHourToMicro(m.minPrice), maxPrice: usdPerGpuHourToMicro(m.maxPrice) })),
      curve: params.curve,
      targetUtilization: params.targetUtilization,
      step: params.step,
      adjustInterval: Math.ceil(params.adjustInterval),
      deployedAt: ctx.chain.timestamp,
    });
    for (const m of params.gpuModels) this.#waiting.set(m.name, new Map());
  }

  get params(): PostedPriceParams {
    return this.#params;
  }

  // ---- views ----

  /** Micro-USD per GPU-hour of a model now. */
  price(gpuModel: string): bigint {
    return this.contract.price(gpuModel);
  }

  /** The same in USD, for metrics. */
  priceUsd(gpuModel: string): number {
    return microToUsd(this.contract.price(gpuModel));
  }

  /**
   * Whether a purchase sent now would find the price within `maxPrice` and a provider with `gpus`
   * free in the block it makes, counting the purchases already on their way.
   */
  canBuy(gpuModel: string, gpus: number, maxPrice: bigint): boolean {
    const price = this.contract.price(gpuModel);
    if (price > maxPrice) return false;
    const timestamp = this.clock.firstBlockFrom(this.#ctx.kernel.now());
    return this.contract.pool.assign(gpuModel, gpus, timestamp, this.#pending) !== undefined;
  }

  /** What `gpus` GPUs for `seconds` cost at `price` per GPU-hour, in micro-USD. */
  cost(price: bigint, gpus: number, seconds: number): bigint {
    return this.contract.cost(price, gpus, seconds);
  }

  /** Micro-USD buyers have paid `provider` so far, net of the protocol fee. */
  earnedBy(provider: Address): bigint {
    return this.#earned.get(provider) ?? 0n;
  }

  /** Buyers waiting, over all models. */
  get waitingCount(): number {
    let n = 0;
    for (const queue of this.#waiting.values()) n += queue.size;
    return n;
  }

  /** GPUs of a model held by jobs, and listed by providers that are up, at the head block. */
  busyGpus(gpuModel: string): number {
    return this.contract.pool.busyGpus(gpuModel, this.#ctx.chain.timestamp);
  }

  availableGpus(gpuModel: string): number {
    return this.contract.pool.availableGpus(gpuModel);
  }

  /** The latest adjustment of a model's price, with its window's utilization (none before the first). */
  lastAdjustment(gpuModel: string): PriceAdjustment | undefined {
    return this.#lastAdjustments.get(gpuModel);
  }

  // ---- off chain: events and the waiting queue ----

  /** Called after every price adjustment, with its window's utilizations. */
  onPriceAdjusted(listener: PriceListener): void {
    this.#priceListeners.push(listener);
  }

  /**
   * Calls `wake` once, when a purchase of `gpus` GPUs at most `maxPrice` becomes possible (after a
   * price adjustment, or when GPUs of the model come free). Returns the function that stops waiting.
   */
  waitToBuy(gpuModel: string, gpus: number, maxPrice: bigint, wake: () => void): () => void {
    const queue = this.#queue(gpuModel);
    const id = this.#nextWaiter++;
    queue.set(id, { gpus, maxPrice, wake });
    return () => queue.delete(id);
  }

  // ---- transactions ----

  /** A provider offers its GPUs, declaring its cost per GPU-hour. */
  listProvider(provider: Address, gpuModel: string, gpus: number, costPerGpuHour: number, done: (r: Receipt<void>) => void): void {
    const cost = usdPerGpuHourToMicro(costPerGpuHour);
    send(this.#ctx, provider, 'PostedPrice.list', (tx) => this.contract.list(tx, gpuModel, gpus, cost), (r) => {
      done(r);
      if (r.status === 'success') this.#wakeBuyers(gpuModel);
    });
  }

  /**
   * A provider reports an outage (ending its jobs) or its repair. Both go out urgently: an outage
   * must stop sales at once, and with equal tips the two reports keep the order they were sent in.
   */
  setAvailability(provider: Address, up: boolean, done: (r: Receipt<PostedJob[]>) => void): void {
    send(this.#ctx, provider, 'PostedPrice.setAvailability', (tx) => this.contract.setAvailability(tx, up), (r) => {
      done(r);
      if (r.status !== 'success') return;
      for (const job of r.value) this.#endJob(job, true);
      const model = this.contract.pool.listing(provider)?.gpuModel;
      if (up && model !== undefined) this.#wakeBuyers(model);
    }, 'urgent');
  }

  /**
   * A provider closes its listing (no new job; its GPUs leave the books the price is set from, its
   * running jobs run to their end) or reopens it.
   */
  setOpen(provider: Address, open: boolean, done: (r: Receipt<boolean>) => void): void {
    send(this.#ctx, provider, 'PostedPrice.setOpen', (tx) => this.contract.setOpen(tx, open), (r) => {
      done(r);
      const model = this.contract.pool.listing(provider)?.gpuModel;
      if (r.status === 'success' && open && model !== undefined) this.#wakeBuyers(model);
    });
  }

  /** A buyer lets the market pull its payments. */
  approve(buyer: Address, done: (r: Receipt<true>) => void): void {
    send(this.#ctx, buyer, 'ERC20.approve', (tx) => this.#ctx.tokens.usd.approve(tx, POSTED_PRICE_MARKET, UINT256_MAX), done);
  }

  /** A buyer buys `gpus` GPUs for `seconds` at the posted price if it is within `maxPrice`. */
  buy(buyer: Address, gpuModel: string, gpus: number, seconds: number, maxPrice: bigint, onEnded: PostedJobEndHandler, done: (r: Receipt<PostedJob>) => void): void {
    const expected = this.contract.pool.assign(gpuModel, gpus, this.clock.firstBlockFrom(this.#ctx.kernel.now()), this.#pending);
    if (expected !== undefined) this.#pending.set(expected, (this.#pending.get(expected) ?? 0) + gpus);
    send(this.#ctx, buyer, 'PostedPrice.buy', (tx) => this.contract.buy(tx, gpuModel, gpus, seconds, maxPrice), (r) => {
      if (expected !== undefined) this.#release(expected, gpus);
      if (r.status === 'success') this.#bought(r.value, onEnded);
      else if (r.status === 'reverted') this.purchaseReverts.set(r.error, (this.purchaseReverts.get(r.error) ?? 0) + 1);
      done(r);
    });
  }

  /** Anyone may move the price once the interval has passed; the protocol's keeper agent does. */
  poke(sender: Address, done: (r: Receipt<PriceUpdate>) => void): void {
    send(this.#ctx, sender, 'PostedPrice.poke', (tx) => this.contract.poke(tx), (r) => {
      if (r.status === 'success') this.#adjusted(r.value);
      done(r);
    });
  }

  #bought(job: PostedJob, onEnded: PostedJobEndHandler): void {
    this.purchases++;
    this.paid += job.cost;
    this.fees += job.fee;
    this.gpuSecondsSold += BigInt(job.gpus) * BigInt(job.endsAt - job.startedAt);
    this.#earned.set(job.provider, this.earnedBy(job.provider) + job.cost - job.fee);
    this.trades.record({ time: this.#ctx.kernel.now(), gpuModel: job.gpuModel, seller: job.provider, usdPerGpuHour: microToUsd(job.pricePerGpuHour), gpus: job.gpus });
    this.#running.set(job.id, onEnded);
    this.#ctx.kernel.schedule(Math.max(0, this.clock.timeAt(job.endsAt) - this.#ctx.kernel.now()), () => {
      if (job.interruptedAt === undefined) this.#endJob(job, false);
    });
  }

  #endJob(job: PostedJob, interrupted: boolean): void {
    const onEnded = this.#running.get(job.id);
    if (onEnded === undefined) return;
    this.#running.delete(job.id);
    if (interrupted) this.interruptions++;
    else this.completedJobs++;
    onEnded(job, interrupted);
    if (!interrupted) this.#wakeBuyers(job.gpuModel);
  }

  #adjusted(update: PriceUpdate): void {
    this.adjustments++;
    for (const a of update.adjustments) this.#lastAdjustments.set(a.gpuModel, a);
    for (const l of this.#priceListeners) l(update);
    for (const a of update.adjustments) this.#wakeBuyers(a.gpuModel);
  }

  /**
   * Wakes, in arrival order, the waiting buyers of a model who can buy now; each wake sends a
   * purchase that counts as pending for the next. Stops once no GPU of the model is free; buyers
   * priced out are passed over without a look at the providers.
   */
  #wakeBuyers(gpuModel: string): void {
    const queue = this.#queue(gpuModel);
    const price = this.contract.price(gpuModel);
    // A woken buyer whose purchase cannot go out queues again, behind this pass.
    const end = this.#nextWaiter;
    for (const [id, waiter] of queue) {
      if (id >= end) return;
      if (waiter.maxPrice < price) continue;
      if (!this.canBuy(gpuModel, 1, price)) return;
      if (!this.canBuy(gpuModel, waiter.gpus, waiter.maxPrice)) continue;
      queue.delete(id);
      waiter.wake();
    }
  }

  #release(provider: Address, gpus: number): void {
    const left = (this.#pending.get(provider) ?? 0) - gpus;
    if (left > 0) this.#pending.set(provider, left);
    else this.#pending.delete(provider);
  }

  #queue(gpuModel: string): Map<number, Waiter> {
    const queue = this.#waiting.get(gpuModel);
    if (queue === undefined) throw new RangeError(`no GPU model ${JSON.stringify(gpuModel)} in the posted-price market`);
    return queue;
  }
}
