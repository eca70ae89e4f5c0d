// A compute provider: GPUs of one model, a cost per GPU-hour, outages, and a bidding policy. It bids
// on every order its free GPUs can serve, keeps the GPUs it bid with reserved until it learns the
// outcome, withdraws its earnings periodically (escrow settles lazily), and closes its leases when
// it goes down. Its exit policy (sim/agents/exitPolicy.ts) weighs the recent clearing prices of its
// GPU model, net of the take: below its cost for long enough, it stops bidding, lets its leases run
// out and leaves; when they recover it bids again. A provider that cannot register or approve the
// escrow leaves the market for good.
import { bidIdIn, type BidId, type LeaseId, type OrderId } from '../contracts/leasing/ids.js';
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import type { GroupSpec } from '../contracts/leasing/deployment.js';
import type { Lease, Order } from '../contracts/leasing/market.js';
import { UINT256_MAX } from '../contracts/math.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import type { RandomStream } from '../engine/random.js';
import { firstPriceBid } from '../analysis/auctions.js';
import { usdPerGpuHourToPerBlock } from '../units.js';
import { persist } from '../markets/persistence.js';
import type { ExitSettings } from './exitPolicy.js';
import { scheduleOutages, type Host } from './outages.js';
import { ProviderAccount } from './providerBooks.js';
import { AskMemo } from './askMemo.js';
import { Holdings, type Held } from './holdings.js';

export type BiddingPolicy =
  | { readonly kind: 'truthful' }
  | { readonly kind: 'cost-plus'; readonly markup: number }
  /**
   * The symmetric first-price equilibrium among `bidders` providers whose costs are uniform on
   * `costs` (USD per GPU-hour), with the order's maximum price r as reserve:
   * b(c) = c + [(c̄ − c)^n − (c̄ − r)^n] / (n (c̄ − c)^(n−1)) in costs shifted to start at 0
   * (sim/analysis/auctions.ts), which is c + (r − c)/n when r = c̄. Without a known range it takes
   * costs uniform on [0, r]. `shade` scales the bid (1: the equilibrium itself; 1.05: 5% above it),
   * for studying deviations.
   */
  | { readonly kind: 'equilibrium'; readonly bidders: number; readonly costs?: { readonly min: number; readonly max: number }; readonly shade?: number };

export interface ProviderConfig {
  readonly index: number;
  /** Mean seconds from an order's announcement to this provider's look at it (exponential). */
  readonly bidLatency: number;
  /** The protocol's take on payouts, as a fraction: asks are grossed up so the provider nets its price. */
  readonly takeRate: number;
  readonly address: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  readonly costPerGpuHour: number;
  readonly bidding: BiddingPolicy;
  readonly withdrawInterval: number;
  /** Mean seconds between this provider's own failures, and mean repair time. */
  readonly mtbf: number;
  readonly mttr: number;
  readonly exit: ExitSettings;
}

/** The least positive price per block (one 10^-18 of a micro-USD). */
const LEAST_PRICE = LegacyDec.fromRaw(1n);

/** A bid this provider would place on an order: its GPUs, and its ask per GPU-hour and per block. */
interface Ask {
  readonly gpus: number;
  readonly perGpuHour: number;
  readonly perBlock: LegacyDec;
}

export class ProviderAgent implements Host {
  readonly config: ProviderConfig;
  /** Its books: availability, exit policy, what it earned and what its machines cost. */
  readonly account: ProviderAccount;
  #freeGpus: number;
  /** GPUs held for open bids. */
  readonly #bids = new Holdings();
  /** GPUs serving active leases. */
  readonly #leases = new Holdings();
  readonly #ctx: MarketContext;
  readonly #market: LeaseAuctionMarket;
  readonly #failures: RandomStream;
  readonly #reactions: RandomStream;
  /** Its asks by price and GPUs (sim/agents/askMemo.ts): an ask is the same whenever they are. */
  readonly #asks = new AskMemo((perGpuHour, gpus) => this.#buildAsk(perGpuHour, gpus));

  // Counters the world reads for metrics.
  #busyAccrued = 0;
  /** It could not register or approve the escrow, and left the market. */
  left = false;
  outageCount = 0;
  #busySince = 0;

  constructor(ctx: MarketContext, market: LeaseAuctionMarket, config: ProviderConfig) {
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    this.#freeGpus = config.gpus;
    this.#failures = ctx.rng.get(`provider-failures/${config.index}`);
    this.#reactions = ctx.rng.get(`provider-reactions/${config.index}`);
    market.trades.keepWindow(config.exit.window);
    this.account = new ProviderAccount(ctx.kernel, config, {
      revenueMicro: () => market.earnedBy(config.address),
      busyGpuSeconds: () => this.#busyAccrued + this.busyGpus * (ctx.kernel.now() - this.#busySince),
      expectedPrice: () => this.#expectedPrice(),
      stopOffering: (done) => {
        done(true);
        this.#offerCapacity();
      },
      resumeOffering: (done) => {
        done(true);
        this.#offerCapacity();
      },
      workEndsAt: () => (this.#leases.size + this.#bids.size > 0 ? Number.POSITIVE_INFINITY : undefined),
    });
  }

  get availability(): ProviderAccount['availability'] {
    return this.account.availability;
  }

  get up(): boolean {
    return this.account.up;
  }

  /** GPUs under active leases (as this provider knows them). */
  get busyGpus(): number {
    return this.#leases.gpus();
  }

  /**
   * Registers and approves the escrow (each retried as SETUP_PERSISTENCE says when the chain drops
   * it); a provider that cannot do either leaves the market: it never bids.
   */
  start(): void {
    const { config } = this;
    // In the market once both set-up transactions have landed: a bid needs the registration and the
    // approval its deposit is pulled through.
    let landed = 0;
    const joined = (): void => {
      if (++landed < 2) return;
      this.account.joined();
      this.#offerCapacity();
    };
    const setup = { succeeded: joined, gaveUp: () => this.#leave() };
    persist(this.#ctx, (done) => this.#market.registerProvider(config.address, config.gpuModel, config.gpus, done), setup);
    // Bid deposits are pulled by the escrow module: one unlimited approval (never decremented, as in OpenZeppelin v5).
    persist(this.#ctx, (done) => this.#market.approveEscrow(config.address, UINT256_MAX, done), setup);
    this.availability.watch(() => this.#offerCapacity());
    this.#offerCapacity();
    this.#market.subscribe(config.address, {
      leaseCreated: (lease) => this.#onLeaseCreated(lease),
      leaseEnded: (lease) => this.#release(lease.id),
    });
    scheduleOutages(this.#ctx.kernel, this.#failures, config.mtbf, config.mttr, [this]);
    // Providers poll on their own phase, not all in the same block.
    this.#ctx.kernel.schedule(config.withdrawInterval * this.#reactions.next(), this.#withdrawAll);
    this.account.exitPolicy.start();
  }

  /** What it expects to net per GPU-hour: its model's clearing prices over the window, less the take. */
  #expectedPrice(): number | undefined {
    const { gpuModel, exit, takeRate } = this.config;
    const gross = this.#market.trades.meanSince(gpuModel, this.#ctx.kernel.now() - exit.window);
    return gross === undefined ? undefined : gross * (1 - takeRate);
  }

  /** Its own outage, or its failure group's: either takes it down. */
  beginOutage(): void {
    if (this.availability.begin()) this.#goDown();
  }

  endOutage(): void {
    this.availability.end();
  }

  /** Gave up its set-up: it stays out of the market for the rest of the run, and no order reaches it. */
  #leave(): void {
    this.left = true;
    this.account.exitPolicy.leaveForGood();
    this.#offerCapacity();
  }

  /**
   * Heard when a new order's draw reaches this provider's bid engine (sim/markets/lease/orderReach.ts).
   * The engine's latency is drawn for every order it can serve, as it always was; an order its ask
   * never fits (above the order's maximum, or a policy asking below cost) gets no look at all: the
   * look would return without a draw or a write whatever happened in between (the ask depends only
   * on this provider's settings and the order's spec), and two thirds of the month's looks were such.
   */
  readonly #hearOrder = (order: Order, maxPerGpuHour: number): void => {
    if (!this.#canServe(order)) return;
    const latency = this.#reactions.exponential(1 / this.config.bidLatency);
    const ask = this.#askFor(order.spec, maxPerGpuHour);
    if (ask === undefined) return;
    this.#ctx.kernel.schedule(latency, () => this.#considerOrder(order.id, ask));
  };

  /** Tells the market's order reach what this provider can take now: its free GPUs while it offers, else none. */
  #offerCapacity(): void {
    this.#market.offerCapacity(this.#hearOrder, this.config.gpuModel, !this.left && this.account.offering ? this.#freeGpus : 0);
  }

  #canServe(order: Order): boolean {
    const { spec } = order;
    return !this.left && this.account.offering && spec.gpuModel === this.config.gpuModel && spec.gpus * spec.count <= this.#freeGpus;
  }

  /**
   * What this provider would bid on an order of `spec` whose maximum price is `maxPerGpuHour` (USD
   * per GPU-hour), or undefined when it never would: its ask is above that maximum, or below its own
   * cost. A function of its settings and the order's spec only.
   */
  #askFor(spec: GroupSpec, maxPerGpuHour: number): Ask | undefined {
    const perGpuHour = this.#askPerGpuHour(maxPerGpuHour);
    if (perGpuHour > maxPerGpuHour || perGpuHour < this.config.costPerGpuHour) return undefined;
    return this.#asks.get(perGpuHour, spec.gpus * spec.count);
  }

  /** The ask of `gpus` GPUs at `perGpuHour`, with its price per block. */
  #buildAsk(perGpuHour: number, gpus: number): Ask {
    // The escrow refuses a payment of no rate (ErrPaymentRateZero): a provider whose cost is nothing
    // still asks the least positive price.
    const asked = usdPerGpuHourToPerBlock(perGpuHour, gpus, this.#ctx.chain.blockTime);
    return { gpus, perGpuHour, perBlock: asked.lte(LegacyDec.ZERO) ? LEAST_PRICE : asked };
  }

  /**
   * Bids `ask` if it still can and might win: the order is open, has room for another bid, and no bid
   * on chain is already cheaper than this provider's ask (the tenant takes the cheapest).
   */
  #considerOrder(id: OrderId, ask: Ask): void {
    const order = this.#market.order(id);
    if (order === undefined || order.state !== 'open' || !this.#canServe(order)) return;
    const price = ask.perBlock;
    const bids = this.#market.openBids(id);
    if (this.#market.bidCount(id) > this.#market.params.orderMaxBids) return;
    for (const b of bids) if (b.price.lte(price)) return;
    const bidId = bidIdIn(id, this.config.address);
    this.#hold(this.#bids, { id: bidId, gpus: ask.gpus, pricePerGpuHour: ask.perGpuHour });
    this.#market.createBid(this.config.address, id, price, (r) => {
      if (r.status !== 'success') this.#unhold(this.#bids, bidId);
    });
  }

  /**
   * The gross price asked, per GPU-hour: what the policy wants to net, grossed up for the protocol's
   * take. Under a take of 100% no price nets anything: the ask is infinite, and the provider never bids.
   */
  #askPerGpuHour(maxPerGpuHour: number): number {
    const net = 1 - this.config.takeRate;
    if (!(net > 0)) return Number.POSITIVE_INFINITY;
    const cost = this.config.costPerGpuHour / net;
    const policy = this.config.bidding;
    switch (policy.kind) {
      case 'truthful':
        return cost;
      case 'cost-plus':
        return cost * (1 + policy.markup);
      case 'equilibrium':
        return equilibriumBid(cost, maxPerGpuHour, policy) * (policy.shade ?? 1);
    }
  }

  #onLeaseCreated(lease: Lease): void {
    const mine = this.#bids.get(lease.id);
    if (lease.id.provider === this.config.address && mine !== undefined) {
      this.#bids.delete(lease.id);
      this.#accrueBusyTime();
      this.#leases.set(mine);
      return;
    }
    // Another provider won an order this provider bid on: its bid is lost and the GPUs are free.
    this.#unhold(this.#bids, bidIdIn(lease.id, this.config.address));
  }

  #release(id: LeaseId): void {
    if (this.#leases.get(id) !== undefined) this.#accrueBusyTime();
    this.#unhold(this.#leases, id);
    this.#unhold(this.#bids, id);
    this.account.exitPolicy.workChanged();
  }

  #hold(holdings: Holdings, held: Held): void {
    holdings.set(held);
    this.#freeGpus -= held.gpus;
    this.#offerCapacity();
  }

  /** Frees the GPUs held for bid or lease `id` in `holdings`, if any. */
  #unhold(holdings: Holdings, id: BidId): void {
    const held = holdings.delete(id);
    if (held === undefined) return;
    this.#freeGpus += held.gpus;
    this.#offerCapacity();
  }

  /** Adds the busy GPU-time since the last change; called just before the busy count changes. */
  #accrueBusyTime(): void {
    const now = this.#ctx.kernel.now();
    this.#busyAccrued += this.busyGpus * (now - this.#busySince);
    this.#busySince = now;
  }

  /** Withdraws from every lease, polls its bids, and comes back an interval later (one function for all its rounds). */
  readonly #withdrawAll = (): void => {
    // Sending changes no holding: receipts come blocks later.
    for (const lease of this.#leases.live()) this.#market.withdrawLease(this.config.address, lease.id, ignore);
    // Bids whose order went away without a lease (the tenant gave up) are found by polling. Most
    // providers hold no open bid at this moment: no copy to walk then.
    if (this.#bids.size > 0) {
      for (const bid of this.#bids.values()) {
        const state = this.#market.order(bid.id)?.state;
        if (state !== 'open') this.#unhold(this.#bids, bid.id);
      }
    }
    this.account.exitPolicy.workChanged();
    this.#ctx.kernel.schedule(this.config.withdrawInterval, this.#withdrawAll);
  };

  #goDown(): void {
    this.outageCount++;
    const address = this.config.address;
    for (const lease of this.#leases.live()) this.#market.closeBid(address, lease.id, ignore);
    // Open bids are withdrawn (and refunded); their GPUs are free again once that is on chain.
    for (const bid of this.#bids.values()) {
      this.#market.closeBid(address, bid.id, (r) => {
        if (r.status === 'success') this.#unhold(this.#bids, bid.id);
      });
    }
  }
}

function ignore(): void {}

/**
 * The equilibrium bid of a provider with (grossed-up) cost `cost` on an order whose maximum price
 * is `reserve`, both USD per GPU-hour. A cost above the reserve cannot bid profitably: it asks its
 * cost, which the provider then does not send.
 */
function equilibriumBid(cost: number, reserve: number, policy: Extract<BiddingPolicy, { kind: 'equilibrium' }>): number {
  const range = policy.costs ?? { min: 0, max: reserve };
  const width = range.max - range.min;
  if (cost >= reserve || !(width > 0)) return Math.max(cost, reserve);
  // Costs shifted and scaled to [0, 1]; a reserve above the range does not bind.
  const unit = (x: number): number => Math.min(1, Math.max(0, (x - range.min) / width));
  return range.min + width * firstPriceBid(unit(cost), policy.bidders, Math.max(unit(reserve), Number.MIN_VALUE));
}


export type { OrderId };
