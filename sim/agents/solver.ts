// A solver: it watches the intent book, prices each intent's compute at the cheapest provider plus
// its own cost per GPU-hour, and fills when the decayed input covers that cost and its margin
// (contracts spec §3.4: profit = input − cost(outputs) above a threshold). It answers RFQs with the
// same price, so an RFQ winner fills at once.
//
// Rather than re-pricing every open intent at every block, it works out from the decay curve the
// first block at which an intent pays enough and wakes up once, at the last block it sees before it
// must decide (its latency before the fill is sent). A waking solver prices again; intents that
// cannot be priced (no capacity, or a price that never gets there) wait until GPUs of their model
// come free. Fills are sent with an urgent tip; between two fills for the same block, the one sent
// first wins, and the other reverts with InvalidNonce and pays its gas.
import type { Receipt } from '../chain/transaction.js';
import { ZERO_ADDRESS, type Address } from '../contracts/types.js';
import type { EventHandle } from '../engine/kernel.js';
import type { MarketContext } from '../markets/context.js';
import type { ComputeIntent, Fill, IntentAuctionMarket, QuoteRequest } from '../markets/intents/intentAuction.js';
import { BLOCK_EVENT_PRIORITY } from '../chain/chain.js';
import type { Offer } from '../markets/intents/capacityDesk.js';
import { capacityCost, firstSecondInputReaches, marginPpm, withMargin, withOverride } from '../markets/intents/pricing.js';
import { usdPerGpuHourToMicro } from '../units.js';
import { persist } from '../markets/persistence.js';

export interface SolverConfig {
  readonly index: number;
  readonly address: Address;
  /** USD per GPU-hour it spends beyond the provider's price (operations, risk). */
  readonly costPerGpuHour: number;
  /** Required margin over its total cost (0.1 = 10%). */
  readonly margin: number;
  /** Seconds between its decision to fill and the fill's submission. */
  readonly latency: number;
}

/** A priced fill: the block it aims for, where it buys, and what it will earn at least. */
interface Target {
  readonly timestamp: number;
  readonly provider: Address;
  /** Micro-USD paid to the provider. */
  readonly capacityCost: bigint;
  /** Micro-USD of the solver's own cost. */
  readonly ownCost: bigint;
}

type Plan = Target | 'wait' | 'never';

/** A solver decides right after the block it has just seen. */
const AFTER_BLOCK = BLOCK_EVENT_PRIORITY + 1;

export class SolverAgent {
  readonly config: SolverConfig;
  readonly #ctx: MarketContext;
  readonly #market: IntentAuctionMarket;
  readonly #ownCostPerGpuHour: bigint;
  readonly #margin: bigint;
  /** The wake-up scheduled for each intent it has priced. */
  readonly #wakeUps = new Map<number, EventHandle>();
  /** Intents it cannot price now, by GPU model. */
  readonly #waiting = new Map<string, Map<number, ComputeIntent>>();
  /** Fills decided and not yet included, by intent: what they pay and where they buy. */
  readonly #inFlight = new Map<number, { readonly cost: bigint; readonly provider: Address; readonly gpus: number }>();
  /** GPUs those fills will take, by provider, so that two fills of its own never aim at the same last GPUs. */
  readonly #pendingGpus = new Map<Address, number>();
  #committed = 0n;
  /** GPU models whose vouchers it could not approve to the reactor: it never fills them. */
  readonly #abandoned = new Set<string>();
  /** Set when an intent had to wait for capital; the next settled fill prices the waiting again. */
  #shortOfCapital = false;

  // Counters the world reads for metrics (micro-USD).
  fills = 0;
  /** Fills that reverted: another solver was first, the capacity was gone, or the deadline passed. */
  failedFills = 0;
  revenue = 0n;
  capacitySpent = 0n;
  ownCost = 0n;

  constructor(ctx: MarketContext, market: IntentAuctionMarket, config: SolverConfig) {
    if (!(config.latency >= 0) || !Number.isFinite(config.latency)) throw new RangeError(`solver ${config.index}: latency must be >= 0 seconds, got ${config.latency}`);
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    this.#ownCostPerGpuHour = usdPerGpuHourToMicro(config.costPerGpuHour);
    this.#margin = marginPpm(config.margin);
  }

  /** Micro-USD the solver still earns after its costs, over every fill so far. */
  get profit(): bigint {
    return this.revenue - this.capacitySpent - this.ownCost;
  }

  /** USD it holds that no fill in flight has spoken for. */
  get freeCapital(): bigint {
    return this.#ctx.tokens.usd.balanceOf(this.config.address) - this.#committed;
  }

  /**
   * Approves the reactor to pull its vouchers of each GPU model (retried as SETUP_PERSISTENCE says);
   * a model it could not approve is one it never fills.
   */
  start(): void {
    for (const model of this.#market.params.gpuModels) {
      persist(this.#ctx, (done) => this.#market.approveVouchers(this.config.address, model, done), {
        succeeded: () => {},
        gaveUp: () => this.#abandoned.add(model),
      });
    }
    this.#market.onIntentPosted((intent) => this.#plan(intent));
    this.#market.onIntentClosed((intent) => this.#forget(intent));
    this.#market.onCapacityFreed((model) => this.#replanWaiting(model));
    this.#market.addQuoter(this.config.address, (request) => this.quote(request));
  }

  /** Its price for a job filled at the first block it can reach, or undefined if it cannot take it now. */
  quote(request: QuoteRequest): bigint | undefined {
    if (this.#abandoned.has(request.gpuModel)) return undefined;
    const reach = this.#reachableBlock();
    const offer = this.#market.cheapestOffer(request.gpuModel, request.gpus, reach, this.#pendingGpus);
    if (offer === undefined) return undefined;
    const { capacityCost: cost, ownCost } = this.#costs(offer, request.gpuSeconds);
    if (this.freeCapital < cost) return undefined;
    return withMargin(cost + ownCost, this.#margin);
  }

  #plan(intent: ComputeIntent): void {
    this.#forget(intent);
    if (!this.#market.isOpen(intent.id) || this.#inFlight.has(intent.id) || this.#abandoned.has(intent.gpuModel)) return;
    const plan = this.#price(intent);
    if (plan === 'never') return;
    if (plan === 'wait') return this.#wait(intent);
    const now = this.#ctx.kernel.now();
    if (plan.timestamp === this.#reachableBlock()) return this.#decide(intent, plan);
    const clock = this.#market.clock;
    const wakeAt = clock.lastBlockTimeAtOrBefore(plan.timestamp - this.config.latency);
    this.#wakeUps.set(intent.id, this.#ctx.kernel.schedule(wakeAt - now, () => this.#plan(intent), AFTER_BLOCK));
  }

  /**
   * The first block at which the intent pays this solver's cost and margin, priced at today's
   * cheapest capacity. Before an exclusivity ends, a solver that is not the exclusive filler
   * must deliver the override's extra compute.
   */
  #price(intent: ComputeIntent): Plan {
    const { order } = intent;
    const reach = this.#reachableBlock();
    const deadline = Number(order.info.deadline);
    if (reach > deadline) return 'never';
    const offer = this.#market.cheapestOffer(intent.gpuModel, intent.gpus, reach, this.#pendingGpus);
    if (offer === undefined) return 'wait';
    const decay = {
      startAmount: order.input.startAmount,
      endAmount: order.input.endAmount,
      decayStartTime: order.decayStartTime,
      decayEndTime: order.decayEndTime,
    };
    const exclusivityEnd = Number(order.decayStartTime);
    const shut = order.exclusiveFiller !== ZERO_ADDRESS && order.exclusiveFiller !== this.config.address && reach <= exclusivityEnd;
    let from = reach;
    if (shut) {
      if (order.exclusivityOverrideBps > 0n) {
        const overridden = this.#targetFrom(intent, offer, decay, withOverride(intent.gpuSeconds, order.exclusivityOverrideBps), reach);
        if (overridden !== undefined && overridden.timestamp <= exclusivityEnd) return overridden;
      }
      from = exclusivityEnd + 1;
    }
    const target = this.#targetFrom(intent, offer, decay, intent.gpuSeconds, from);
    return target === undefined || target.timestamp > deadline ? 'wait' : target;
  }

  #targetFrom(intent: ComputeIntent, offer: Offer, decay: Parameters<typeof firstSecondInputReaches>[0], gpuSeconds: bigint, from: number): Target | undefined {
    const costs = this.#costs(offer, gpuSeconds);
    const need = withMargin(costs.capacityCost + costs.ownCost, this.#margin);
    const second = firstSecondInputReaches(decay, need, BigInt(Math.ceil(from)));
    if (second === undefined) return undefined;
    const clock = this.#market.clock;
    const timestamp = clock.firstBlockFrom(clock.timeAt(Number(second)));
    return { timestamp, provider: offer.provider, ...costs };
  }

  #costs(offer: Offer, gpuSeconds: bigint): { capacityCost: bigint; ownCost: bigint } {
    return { capacityCost: capacityCost(offer.pricePerGpuHour, gpuSeconds), ownCost: capacityCost(this.#ownCostPerGpuHour, gpuSeconds) };
  }

  /** Commits the capital and sends the fill after its latency; short of capital, it waits. */
  #decide(intent: ComputeIntent, target: Target): void {
    if (this.freeCapital < target.capacityCost) {
      this.#shortOfCapital = true;
      return this.#wait(intent);
    }
    this.#committed += target.capacityCost;
    this.#inFlight.set(intent.id, { cost: target.capacityCost, provider: target.provider, gpus: intent.gpus });
    this.#pendingGpus.set(target.provider, (this.#pendingGpus.get(target.provider) ?? 0) + intent.gpus);
    this.#ctx.kernel.schedule(this.config.latency, () => {
      this.#market.fill(this.config.address, intent, target.provider, (r) => this.#settle(intent, r));
    });
  }

  #settle(intent: ComputeIntent, r: Receipt<Fill>): void {
    const sent = this.#inFlight.get(intent.id);
    if (sent !== undefined) {
      this.#committed -= sent.cost;
      const left = (this.#pendingGpus.get(sent.provider) ?? 0) - sent.gpus;
      if (left > 0) this.#pendingGpus.set(sent.provider, left);
      else this.#pendingGpus.delete(sent.provider);
    }
    this.#inFlight.delete(intent.id);
    if (r.status === 'success') {
      this.fills++;
      this.revenue += r.value.input;
      this.capacitySpent += r.value.capacityCost;
      this.ownCost += capacityCost(this.#ownCostPerGpuHour, r.value.reservation.gpuSeconds);
    } else {
      this.failedFills++;
      // Still open: the capacity it aimed for was taken. Price it again.
      if (this.#market.isOpen(intent.id)) this.#plan(intent);
    }
    if (!this.#shortOfCapital) return;
    // Capital came back: intents that waited for it may go now.
    this.#shortOfCapital = false;
    for (const model of [...this.#waiting.keys()]) this.#replanWaiting(model);
  }

  #wait(intent: ComputeIntent): void {
    let waiting = this.#waiting.get(intent.gpuModel);
    if (waiting === undefined) this.#waiting.set(intent.gpuModel, (waiting = new Map()));
    waiting.set(intent.id, intent);
  }

  #replanWaiting(model: string): void {
    const waiting = this.#waiting.get(model);
    if (waiting === undefined || waiting.size === 0) return;
    this.#waiting.delete(model);
    for (const intent of waiting.values()) this.#plan(intent);
  }

  #forget(intent: ComputeIntent): void {
    this.#wakeUps.get(intent.id)?.cancel();
    this.#wakeUps.delete(intent.id);
    this.#waiting.get(intent.gpuModel)?.delete(intent.id);
  }

  /** Timestamp of the first block a fill decided now would make. */
  #reachableBlock(): number {
    return this.#market.clock.firstBlockFrom(this.#ctx.kernel.now() + this.config.latency);
  }
}

