// The lease auction, the Akash pattern: a tenant's deployment opens an order with a maximum price,
// providers bid, the tenant names the winning bid, and escrow pays the provider per block, settled
// lazily when the provider withdraws or the deployment closes. This module is the market's face to
// agents: every state change is a transaction through the chain; views read the ported keepers.
import type { Receipt } from '../../chain/transaction.js';
import { createAkash, pruneDeployment, type Akash } from '../../contracts/leasing/akash.js';
import type { GroupSpec } from '../../contracts/leasing/deployment.js';
import {
  bidKey as leaseKey,
  orderKey,
  type BidId, type DeploymentId, type LeaseId, type OrderId } from '../../contracts/leasing/ids.js';
import { LegacyDec } from '../../contracts/leasing/LegacyDec.js';
import type { Bid, Lease, Order } from '../../contracts/leasing/market.js';
import { takeFee } from '../../contracts/leasing/take.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { perBlockToUsdPerGpuHour } from '../../units.js';
import { send, type MarketContext } from '../context.js';
import { TradeTape } from '../tradeTape.js';
import { FollowedLeases, type FollowedLease } from './followedLeases.js';
import { OrderReach } from './orderReach.js';
import type { RandomStream } from '../../engine/random.js';

export interface LeaseAuctionParams {
  readonly bidMinDeposit: bigint;
  readonly minDeposit: bigint;
  readonly orderMaxBids: number;
  readonly takeRatePercent: number;
  /** The most providers' bid engines that hear one order (sim/markets/lease/orderReach.ts). */
  readonly bidReach: number;
}

export const ESCROW_MODULE: Address = 'akash:escrow';
export const COMMUNITY_POOL: Address = 'akash:community-pool';
/** The escrow denom: a 6-decimal stable coin (Akash's IBC USDC deployments use the default take rate). */
export const USD_DENOM = 'uusdc';

/**
 * Hears a new order, with its maximum price in USD per GPU-hour (computed once for every listener
 * the order reaches: a LegacyDec to float conversion each would cost more than the listener's work).
 */
export type OrderListener = (order: Order, maxPerGpuHour: number) => void;

/**
 * Seconds a closed deployment's records stay readable before the market prunes them: a reader (a
 * provider polling its bids, a test, a notebook mid-run) may look a closed lease up for an hour.
 */
export const CLOSED_RECORDS_KEPT_FOR = 3600;

/** What a party to a lease hears about it: a tenant about its leases, a provider about the orders it bid on. */
export interface LeaseEvents {
  /** A lease was created on an order this party bid on or owns (losing bidders learn they lost). */
  leaseCreated?(lease: Lease): void;
  /**
   * A lease of this party stopped being active: the tenant closed it, the provider closed its bid,
   * or a settlement found the escrow overdrawn.
   */
  leaseEnded?(lease: Lease): void;
}

export class LeaseAuctionMarket {
  readonly akash: Akash;
  readonly #ctx: MarketContext;
  readonly #params: LeaseAuctionParams;
  /** Who hears of new orders: providers offering free GPUs, by GPU model. */
  readonly #reach = new OrderReach<OrderListener>();
  /** The stream the order reach draws from, looked up once (a stream is seeded at its first draw, whenever it is made). */
  readonly #reachStream: RandomStream;
  /** Coins escrow has paid out of leases so far, the take included (what providers earned, gross). */
  paidOut = 0n;
  /** Every lease by deployment, with what the market noted of it: what #afterTx walks. */
  readonly #followed = new FollowedLeases();
  /** What each provider received from escrow, net of the take (micro-USD). */
  readonly #earned = new Map<Address, bigint>();
  /** Every lease as it starts, at its price per GPU-hour: the market's clearing prices. */
  readonly trades = new TradeTape();
  /** Parties by address: events go to the parties of a lease only, never to everyone. */
  readonly #parties = new Map<Address, LeaseEvents>();
  /** Active leases as the chain's events show them, by lease key: an index for invariants and metrics. */
  readonly activeLeases = new Map<string, Lease>();
  /** Deployments pruned once closed and settled (their records are gone; escrow.pruned counts their accounts). */
  prunedDeployments = 0;
  /**
   * Deployments their owners closed, oldest first, and when (side by side, no record per
   * deployment): pruned CLOSED_RECORDS_KEPT_FOR later. Entries before #closedHead are done.
   */
  readonly #closed: DeploymentId[] = [];
  readonly #closedAt: number[] = [];
  #closedHead = 0;

  constructor(ctx: MarketContext, params: LeaseAuctionParams) {
    this.#ctx = ctx;
    this.#params = params;
    this.#reachStream = ctx.rng.get('lease/order-reach');
    this.akash = createAkash({
      token: ctx.tokens.usd,
      denom: USD_DENOM,
      escrowModule: ESCROW_MODULE,
      communityPool: COMMUNITY_POOL,
      take: { defaultTakeRate: params.takeRatePercent, denomTakeRates: { uakt: 2 } },
      market: { bidMinDeposit: params.bidMinDeposit, orderMaxBids: params.orderMaxBids },
      deployment: { minDeposit: params.minDeposit },
    });
  }

  get params(): LeaseAuctionParams {
    return this.#params;
  }

  /**
   * A provider's bid engine offers `freeGpus` of `gpuModel` for new orders (0 when it takes none):
   * `listener` may hear an order needing at most that many, if the order's draw reaches it.
   */
  offerCapacity(listener: OrderListener, gpuModel: string, freeGpus: number): void {
    this.#reach.offer(listener, gpuModel, freeGpus);
  }

  /** Subscribes an address to the events of its leases (until it unsubscribes). */
  subscribe(address: Address, events: LeaseEvents): void {
    this.#parties.set(address, events);
  }

  /** An address hears of its leases no more (a tenant whose job is over). */
  unsubscribe(address: Address): void {
    this.#parties.delete(address);
  }

  // ---- views ----

  openBids(order: OrderId): Bid[] {
    return this.akash.market.bidsForOrder(order, 'open');
  }

  /** Bids of every state on an order: what the OrderMaxBids rule counts. */
  bidCount(order: OrderId): number {
    return this.akash.market.bidCountForOrder(order);
  }

  lease(id: LeaseId): Lease | undefined {
    return this.akash.market.getLease(id);
  }

  order(id: OrderId): Order | undefined {
    return this.akash.market.getOrder(id);
  }

  /** Micro-USD escrow has paid `provider` for its leases so far, net of the protocol's take. */
  earnedBy(provider: Address): bigint {
    return this.#earned.get(provider) ?? 0n;
  }

  // ---- transactions ----

  registerProvider(owner: Address, gpuModel: string, gpus: number, done: (r: Receipt<void>) => void): void {
    send(this.#ctx, owner, 'Provider.createProvider', (tx) => this.akash.providers.createProvider(tx, gpuModel, gpus), done);
  }

  /** Approves the escrow module to pull deposits: a tenant's first transaction. */
  approveEscrow(owner: Address, amount: bigint, done: (r: Receipt<true>) => void): void {
    send(this.#ctx, owner, 'ERC20.approve', (tx) => this.#ctx.tokens.usd.approve(tx, ESCROW_MODULE, amount), done);
  }

  createDeployment(owner: Address, dseq: number, spec: GroupSpec, deposit: bigint, done: (r: Receipt<DeploymentId>) => void): void {
    send(this.#ctx, owner, 'Deployment.createDeployment', (tx) => this.akash.deploymentMsgs.createDeployment(tx, dseq, [spec], deposit), (r) => {
      done(r);
      if (r.status === 'success') this.#announceOpenOrders(r.value);
    });
  }

  createBid(provider: Address, order: OrderId, pricePerBlock: LegacyDec, done: (r: Receipt<BidId>) => void): void {
    const deposit = this.#params.bidMinDeposit;
    send(this.#ctx, provider, 'Market.createBid', (tx) => this.akash.marketMsgs.createBid(tx, order, pricePerBlock, deposit), done);
  }

  createLease(owner: Address, bid: BidId, done: (r: Receipt<void>) => void): void {
    let followed: FollowedLease | undefined;
    const create = (tx: TxContext): void => {
      this.akash.marketMsgs.createLease(tx, bid);
      // Followed as the keeper writes it (sim/markets/lease/followedLeases.ts).
      followed = this.#followed.follow(bid, this.akash.deployments.escrowAccountOf(bid), this.akash.market.bidRecord(bid)!);
    };
    send(this.#ctx, owner, 'Market.createLease', create, (r) => {
      this.#afterTx(bid);
      done(r);
      if (r.status !== 'success') return;
      const lease = this.akash.market.getLease(bid);
      if (lease === undefined) return;
      this.#recordTrade(lease);
      // A lease its provider closed later in the same block has ended, and #afterTx above announced
      // it: listing it now would count it active for the rest of the run. Its bidders still hear it
      // was made (the losers' GPUs are free again).
      if (lease.state === 'active') {
        const key = leaseKey(lease.id);
        // A successful CreateLease ran to its end, which followed the lease.
        followed!.activeKey = key;
        this.activeLeases.set(key, lease);
      }
      this.#parties.get(lease.id.owner)?.leaseCreated?.(lease);
      for (const b of this.akash.market.bidsForOrder(lease.id)) this.#parties.get(b.id.provider)?.leaseCreated?.(lease);
    });
  }

  withdrawLease(provider: Address, lease: LeaseId, done: (r: Receipt<void>) => void): void {
    send(this.#ctx, provider, 'Escrow.paymentWithdraw', (tx) => this.akash.marketMsgs.withdrawLease(tx, lease), (r) => {
      done(r);
      this.#afterTx(lease);
    });
  }

  /** A provider ends a lease it can no longer serve (or withdraws an open bid): the group is paused. */
  closeBid(provider: Address, bid: BidId, done: (r: Receipt<void>) => void): void {
    send(this.#ctx, provider, 'Market.closeBid', (tx) => this.akash.marketMsgs.closeBid(tx, bid), (r) => {
      done(r);
      this.#afterTx(bid);
    });
  }

  closeDeployment(owner: Address, id: DeploymentId, done: (r: Receipt<void>) => void): void {
    send(this.#ctx, owner, 'Deployment.closeDeployment', (tx) => this.akash.deploymentMsgs.closeDeployment(tx, id), (r) => {
      done(r);
      this.#afterTx(id);
      this.#pruneClosed(id);
    });
  }

  /**
   * Notes that `id` was closed, and prunes the deployments closed at least CLOSED_RECORDS_KEPT_FOR
   * ago. Done as owners close deployments, not on a timer, so pruning adds no kernel event.
   */
  #pruneClosed(id: DeploymentId): void {
    const now = this.#ctx.kernel.now();
    this.#noteClosed(id, now);
    const closed = this.#closed;
    const closedAt = this.#closedAt;
    while (this.#closedHead < closed.length && closedAt[this.#closedHead]! + CLOSED_RECORDS_KEPT_FOR <= now) {
      this.#prune(closed[this.#closedHead++]!);
    }
    // Drop the pruned head of the queue now and then, so the queue holds only the last hour's.
    if (this.#closedHead > 1024 && this.#closedHead * 2 > closed.length) {
      closed.splice(0, this.#closedHead);
      closedAt.splice(0, this.#closedHead);
      this.#closedHead = 0;
    }
  }

  /** Queues deployment `id`, closed (or looked at again) at `at`, for pruning CLOSED_RECORDS_KEPT_FOR later. */
  #noteClosed(id: DeploymentId, at: number): void {
    this.#closed.push(id);
    this.#closedAt.push(at);
  }

  /**
   * Lets go of a deployment whose every record is final (its leases' ends were announced and their
   * payouts counted when they ended): the records, and this market's notes on its leases. Escrow
   * counts what the accounts held (the conservation invariant adds it back). A deployment that is
   * not final yet (a bid account still open) waits another round.
   */
  #prune(id: DeploymentId): void {
    if (!pruneDeployment(this.akash, id)) {
      // Still changing: look again an hour from now.
      if (this.akash.deployments.getDeployment(id) !== undefined) this.#noteClosed(id, this.#ctx.kernel.now());
      return;
    }
    this.prunedDeployments++;
    this.#followed.forget(id);
  }

  /**
   * Once a transaction touching deployment `id` has its receipt: announces the leases that are no
   * longer active (closed by the transaction, or by the overdraft its settlement found) and adds what
   * the deployment's payments paid out to `paidOut`.
   */
  #afterTx(id: DeploymentId): void {
    const followed = this.#followed.of(id);
    if (followed === undefined) return;
    const escrow = this.akash.escrow;
    const { account } = followed;
    // Every lease the deployment has had: one per won bid of each order of each group.
    for (const seen of followed.leases) {
      const { record } = seen;
      const lease = record.lease!;
      const withdrawn = escrow.getPayment(account, record.paymentId!).withdrawn;
      // Most transactions on a deployment pay nothing out of most of its leases: no bigint to make then.
      if (withdrawn !== seen.withdrawnSeen) {
        const paid = withdrawn - seen.withdrawnSeen;
        this.paidOut += paid;
        seen.withdrawnSeen = withdrawn;
        // A transaction withdraws a payment at most once, so the take on what it paid is the take
        // escrow subtracted (x/take SubtractFees on that amount: the amount less takeFee).
        const provider = lease.id.provider;
        this.#earned.set(provider, this.earnedBy(provider) + paid - takeFee(escrow.config.take, escrow.config.denom, paid));
      }
      if (lease.state === 'active' || seen.endAnnounced) continue;
      seen.endAnnounced = true;
      // Listed active (with its key kept) at its CreateLease receipt; a lease that ended in the block
      // that made it never was.
      if (seen.activeKey !== undefined) this.activeLeases.delete(seen.activeKey);
      this.#parties.get(lease.id.owner)?.leaseEnded?.(lease);
      this.#parties.get(lease.id.provider)?.leaseEnded?.(lease);
    }
  }

  #recordTrade(lease: Lease): void {
    const { spec } = this.akash.market.getOrder(lease.id) as Order;
    const gpus = spec.gpus * spec.count;
    const usdPerGpuHour = perBlockToUsdPerGpuHour(lease.price, gpus, this.#ctx.chain.blockTime);
    this.trades.record({ time: this.#ctx.kernel.now(), gpuModel: spec.gpuModel, seller: lease.id.provider, usdPerGpuHour, gpus });
  }

  #announceOpenOrders(id: DeploymentId): void {
    for (const order of this.akash.market.ordersForDeployment(id, 'open')) {
      const { gpuModel, gpus, count } = order.spec;
      const heard = this.#reach.draw(gpuModel, gpus * count, this.#params.bidReach, this.#reachStream);
      if (heard.length === 0) continue;
      const maxPerGpuHour = perBlockToUsdPerGpuHour(order.spec.price, gpus, this.#ctx.chain.blockTime);
      for (const l of heard) l(order, maxPerGpuHour);
    }
  }

}

/** The tenant's default rule (there is none on chain): cheapest, then earliest, then provider id. */
export function cheapestBid(bids: readonly Bid[]): Bid | undefined {
  let best: Bid | undefined;
  for (const b of bids) {
    if (best === undefined || ranksBefore(b, best)) best = b;
  }
  return best;
}

function ranksBefore(a: Bid, b: Bid): boolean {
  if (!a.price.equal(b.price)) return a.price.lt(b.price);
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id.provider < b.id.provider;
}

export { orderKey };
