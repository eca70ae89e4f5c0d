// Akash x/market v0.38: orders (one per group at a time), provider bids with an escrowed deposit, and
// leases. There is no matching rule on chain: the tenant names the winning bid in CreateLease.
// Ports akash-network/node v0.38 x/market/keeper/keeper.go (state) and x/market/handler/server.go
// (CreateBid, CloseBid, CreateLease, CloseLease, WithdrawLease).
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';
import { groupSpecPrice, requireSigner, type DeploymentKeeper, type GroupSpec } from './deployment.js';
import type { AccountId, EscrowKeeper } from './escrow.js';
import {
  atSeq,
  bidIdIn,
  bidKey,
  DeploymentIndex,
  escrowAccountForBid,
  escrowPaymentForLease,
  groupKey,
  orderIdIn,
  orderKey,
  type BidId,
  type DeploymentId,
  type GroupId,
  type LeaseId,
  type OrderId,
} from './ids.js';
import type { LegacyDec } from './LegacyDec.js';
import type { ProviderKeeper } from './provider.js';

export type OrderState = 'open' | 'active' | 'closed';
export type BidState = 'open' | 'active' | 'lost' | 'closed';
export type LeaseState = 'active' | 'insufficient_funds' | 'closed';

export interface Order {
  readonly id: OrderId;
  readonly state: OrderState;
  readonly spec: GroupSpec;
  readonly createdAt: number;
}

export interface Bid {
  readonly id: BidId;
  readonly state: BidState;
  /** Per block, for the whole group. */
  readonly price: LegacyDec;
  readonly createdAt: number;
}

export interface Lease {
  readonly id: LeaseId;
  readonly state: LeaseState;
  readonly price: LegacyDec;
  readonly createdAt: number;
  readonly closedOn?: number;
}

export interface MarketParams {
  readonly bidMinDeposit: bigint;
  readonly orderMaxBids: number;
}

// akash-api go/node/market/v1beta4/params.go defaults: 500000uakt, 20 bids
export const DEFAULT_MARKET_PARAMS: MarketParams = { bidMinDeposit: 500_000n, orderMaxBids: 20 };

/** An order with its bids, by provider in the order they came, and the lease each won bid became. */
interface OrderEntry {
  order: Order;
  readonly bids: Map<Address, BidEntry>;
}

interface BidEntry {
  bid: Bid;
  lease: Lease | undefined;
  /**
   * The bid's escrow account id (EscrowAccountForBid) and, once it has a lease, the lease's payment
   * id (EscrowPaymentForLease): kept with the record so every escrow call about the bid passes the
   * same strings, whose hash V8 keeps after the first look-up (see DeploymentEntry).
   */
  readonly escrowAccount: AccountId;
  paymentId: string | undefined;
  /** Listed in `#leasesWritten` since the lease write log's last take. */
  leaseListed: boolean;
}

/** A bid as the keeper stores it: the bid, its lease if it won, and its escrow ids (see BidEntry). */
export interface BidRecord {
  readonly bid: Bid;
  readonly lease: Lease | undefined;
  readonly escrowAccount: AccountId;
  readonly paymentId: string | undefined;
}

export class MarketKeeper {
  /** Each deployment's orders, by gseq then oseq (both from 1). */
  readonly #orders = new DeploymentIndex<OrderEntry[][]>();
  /**
   * Not part of the original's state: the records whose lease was written (created or closed) since
   * the lease write log's last take, each once; undefined until `openLeaseWriteLog`.
   */
  #leasesWritten: BidEntry[] | undefined;

  constructor(private readonly escrow: EscrowKeeper) {}

  // Port of x/market/keeper/keeper.go GetOrder
  getOrder(id: OrderId): Order | undefined {
    return this.#order(id)?.order;
  }

  // Port of x/market/keeper/keeper.go GetBid
  getBid(id: BidId): Bid | undefined {
    return this.#bid(id)?.bid;
  }

  // Port of x/market/keeper/keeper.go GetLease
  getLease(id: LeaseId): Lease | undefined {
    return this.#bid(id)?.lease;
  }

  // Port of x/market/keeper/keeper.go WithOrdersForGroup (any state when `state` is omitted)
  ordersForGroup(id: GroupId, state?: OrderState): Order[] {
    const orders: Order[] = [];
    for (const entry of this.#ordersOf(id) ?? []) {
      if (state === undefined || entry.order.state === state) orders.push(entry.order);
    }
    return orders;
  }

  /**
   * Not a port: WithOrders narrowed to one deployment (any state when `state` is omitted), group by
   * group (a deployment's orders are its groups' orders), each group's by oseq.
   */
  ordersForDeployment(id: DeploymentId, state?: OrderState): Order[] {
    const orders: Order[] = [];
    for (const group of this.#orders.get(id) ?? []) {
      for (const entry of group ?? []) if (state === undefined || entry.order.state === state) orders.push(entry.order);
    }
    return orders;
  }

  // Port of x/market/keeper/keeper.go WithBidsForOrder: the tenant reads the open bids here to choose
  bidsForOrder(id: OrderId, state?: BidState): Bid[] {
    const bids: Bid[] = [];
    for (const { bid } of this.#order(id)?.bids.values() ?? []) {
      if (state === undefined || bid.state === state) bids.push(bid);
    }
    return bids;
  }

  /** Every order, deployment by deployment (see DeploymentIndex), each deployment's by gseq and oseq. */
  *orders(): IterableIterator<Order> {
    for (const entry of this.#orderEntries()) yield entry.order;
  }

  /** Every bid, order by order as `orders()` goes, each order's in the order they came. */
  *bids(): IterableIterator<Bid> {
    for (const entry of this.#orderEntries()) for (const { bid } of entry.bids.values()) yield bid;
  }

  /** Every lease, in the order of `bids()`. */
  *leases(): IterableIterator<Lease> {
    for (const entry of this.#orderEntries()) for (const { lease } of entry.bids.values()) if (lease !== undefined) yield lease;
  }

  /** Not a port: the lab's state pruning (see Akash's pruneDeployment). Removes a deployment's orders with their bids and leases. */
  prune(id: DeploymentId): void {
    this.#orders.delete(id);
  }

  /**
   * Not a port: every bid of a deployment with its lease and escrow ids, group by group, order by
   * order, each order's in the order they came (what pruneDeployment walks). An array, not a
   * generator: a deployment has a bid or two, and a generator cost more than the walk.
   */
  bidRecordsOf(id: DeploymentId): BidRecord[] {
    const records: BidRecord[] = [];
    for (const orders of this.#orders.get(id) ?? []) for (const entry of orders ?? []) for (const record of entry.bids.values()) records.push(record);
    return records;
  }

  /**
   * Not a port: opens the log of bid records whose lease is written (created by CreateLease, or
   * closed), for the lab's active-lease invariant, which then looks again only at what changed.
   * Returns its take: every record with a lease at the first take, then those written since the last
   * take, each once. One reader only, as each take empties the log: a second open throws rather than
   * let two readers split the writes between them. Pruning is not listed: it removes leases, and a
   * lease no longer stored cannot break that invariant.
   */
  openLeaseWriteLog(): () => BidRecord[] {
    if (this.#leasesWritten !== undefined) throw new Error('MarketKeeper: the lease write log is already open');
    const withLease: BidEntry[] = [];
    for (const entry of this.#orderEntries()) for (const record of entry.bids.values()) if (record.lease !== undefined) withLease.push(record);
    for (const record of withLease) record.leaseListed = true;
    this.#leasesWritten = withLease;
    return () => {
      const taken = this.#leasesWritten!;
      this.#leasesWritten = [];
      for (const entry of taken) entry.leaseListed = false;
      return taken;
    };
  }

  /** Not a port: bid `id` as stored, with its lease and escrow ids (one look-up for all of them). */
  bidRecord(id: BidId): BidRecord | undefined {
    return this.#bid(id);
  }

  /**
   * Not a port: the escrow account id of bid `id` (EscrowAccountForBid), the one object kept with
   * the record while it stands; built afresh for a bid not kept (never created or pruned).
   */
  escrowAccountOfBid(id: BidId): AccountId {
    return this.#bid(id)?.escrowAccount ?? escrowAccountForBid(id);
  }

  /** Not a port: the payment id of lease `id` (EscrowPaymentForLease), kept with it as `escrowAccountOfBid` is. */
  paymentIdOf(id: LeaseId): string {
    return this.#bid(id)?.paymentId ?? escrowPaymentForLease(id);
  }

  // Port of x/market/keeper/keeper.go BidCountForOrder: open, active and closed bids (lost ones do not count)
  bidCountForOrder(id: OrderId): number {
    let count = 0;
    for (const { bid } of this.#order(id)?.bids.values() ?? []) if (bid.state !== 'lost') count++;
    return count;
  }

  // Port of x/market/keeper/keeper.go CreateOrder: oseq = 1 + the group's closed orders
  createOrder(ctx: TxContext, gid: GroupId, spec: GroupSpec): Order {
    const existing = this.#ordersOf(gid) ?? [];
    if (existing.some((e) => e.order.state !== 'closed')) throw new Revert('ErrOrderActive', groupKey(gid));
    const id = orderIdIn(gid, 1 + existing.length);
    if (this.#order(id) !== undefined) throw new Revert('ErrOrderExists', orderKey(id));
    const order: Order = { id, state: 'open', spec, createdAt: ctx.block };
    // Groups are numbered from 1 by DeploymentKeeper.create; any other gseq could never be found.
    if (!Number.isInteger(gid.gseq) || gid.gseq < 1) throw new RangeError(`order for group ${groupKey(gid)}: gseq must be a whole number >= 1`);
    let groups = this.#orders.get(gid);
    if (groups === undefined) this.#orders.set(gid, (groups = []));
    (groups[gid.gseq - 1] ??= []).push({ order, bids: new Map() });
    return order;
  }

  // Port of x/market/keeper/keeper.go CreateBid (ErrBidExists)
  requireNoBid(id: BidId): void {
    if (this.#bid(id) !== undefined) throw new Revert('ErrBidExists', bidKey(id));
  }

  // Port of x/market/keeper/keeper.go CreateBid (the write); the order exists, as CreateBid checked.
  // `escrowAccount` is the id the bid's escrow account was created under (kept, see BidEntry).
  createBid(ctx: TxContext, id: BidId, price: LegacyDec, escrowAccount: AccountId): Bid {
    const bid: Bid = { id, state: 'open', price, createdAt: ctx.block };
    this.#order(id)!.bids.set(id.provider, { bid, lease: undefined, escrowAccount, paymentId: undefined, leaseListed: false });
    return bid;
  }

  // Port of x/market/keeper/keeper.go CreateLease. `paymentId` is the id its escrow payment was
  // created under (kept, see BidEntry).
  createLease(ctx: TxContext, bid: Bid, paymentId: string): void {
    const entry = this.#bid(bid.id)!;
    entry.lease = { id: bid.id, state: 'active', price: bid.price, createdAt: ctx.block };
    entry.paymentId = paymentId;
    this.#leaseWritten(entry);
  }

  // Port of x/market/keeper/keeper.go OnOrderMatched
  onOrderMatched(order: Order): void {
    this.#setOrderState(order, 'active');
  }

  // Port of x/market/keeper/keeper.go OnBidMatched
  onBidMatched(bid: Bid): void {
    this.#setBidState(bid, 'active');
  }

  // Port of x/market/keeper/keeper.go OnBidLost
  onBidLost(bid: Bid): void {
    this.#setBidState(bid, 'lost');
  }

  // Port of x/market/keeper/keeper.go OnBidClosed: also closes the bid's escrow account, which refunds
  // the deposit (a bid account has no payments)
  onBidClosed(ctx: TxContext, bid: Bid): void {
    if (bid.state === 'closed' || bid.state === 'lost') return;
    this.#setBidState(bid, 'closed');
    const account = this.escrowAccountOfBid(bid.id);
    ignoreRevert(() => this.escrow.accountClose(ctx, account));
  }

  // Port of x/market/keeper/keeper.go OnOrderClosed
  onOrderClosed(order: Order): void {
    if (order.state === 'closed') return;
    this.#setOrderState(order, 'closed');
  }

  // Port of x/market/keeper/keeper.go OnLeaseClosed: the first close wins
  onLeaseClosed(ctx: TxContext, lease: Lease, state: 'closed' | 'insufficient_funds'): void {
    if (lease.state !== 'active') return;
    const entry = this.#bid(lease.id)!;
    entry.lease = { id: lease.id, state, price: lease.price, createdAt: lease.createdAt, closedOn: ctx.block };
    this.#leaseWritten(entry);
  }

  // Port of x/market/keeper/keeper.go OnGroupClosed. Two choices follow the lab's spec rather than the
  // v0.38 text: open orders are closed too (v0.38 walks only active ones, leaving open bids locked), and
  // a lease closed by an overdrawn group becomes insufficient_funds (as in later versions; v0.38 marks it
  // closed because the account hook runs before the payment hook). `account` is the deployment's escrow
  // account (EscrowAccountForDeployment of the group's deployment), as the closing hook holds it.
  //
  // The records are walked in place: nothing below adds an order or a bid, or changes the state of a
  // record not yet reached (the escrow hooks a close fires find its bid closed and return). A payment
  // close that would fail at its first check, the payment missing or no longer open, is not made:
  // it would throw before any write, and the original ignores its error.
  onGroupClosed(ctx: TxContext, gid: GroupId, groupState: 'closed' | 'insufficient_funds', account: AccountId): void {
    for (const entry of this.#ordersOf(gid) ?? []) {
      if (entry.order.state === 'closed') continue;
      this.onOrderClosed(entry.order);
      for (const bidEntry of entry.bids.values()) {
        const { bid } = bidEntry;
        if (bid.state !== 'open' && bid.state !== 'active') continue;
        this.onBidClosed(ctx, bid);
        const { lease } = bidEntry;
        if (lease === undefined) continue;
        this.onLeaseClosed(ctx, lease, groupState);
        const paymentId = bidEntry.paymentId!;
        if (this.escrow.paymentState(account, paymentId) !== 'open') continue;
        ignoreRevert(() => this.escrow.paymentClose(ctx, account, paymentId));
      }
    }
  }

  #ordersOf(id: GroupId): OrderEntry[] | undefined {
    return atSeq(this.#orders.get(id), id.gseq);
  }

  #order(id: OrderId): OrderEntry | undefined {
    return atSeq(this.#ordersOf(id), id.oseq);
  }

  #bid(id: BidId): BidEntry | undefined {
    return this.#order(id)?.bids.get(id.provider);
  }

  #leaseWritten(entry: BidEntry): void {
    if (entry.leaseListed || this.#leasesWritten === undefined) return;
    entry.leaseListed = true;
    this.#leasesWritten.push(entry);
  }

  *#orderEntries(): IterableIterator<OrderEntry> {
    for (const groups of this.#orders.values()) for (const orders of groups) if (orders !== undefined) yield* orders;
  }

  // Stored records are never edited in place: a reader holding an Order or a Bid keeps what it read.
  #setOrderState(order: Order, state: OrderState): void {
    this.#order(order.id)!.order = { id: order.id, state, spec: order.spec, createdAt: order.createdAt };
  }

  #setBidState(bid: Bid, state: BidState): void {
    this.#bid(bid.id)!.bid = { id: bid.id, state, price: bid.price, createdAt: bid.createdAt };
  }
}

/** The market messages providers and tenants send. */
export class MarketMsgServer {
  constructor(
    private readonly market: MarketKeeper,
    private readonly deployments: DeploymentKeeper,
    private readonly escrow: EscrowKeeper,
    private readonly providers: ProviderKeeper,
    private readonly params: MarketParams = DEFAULT_MARKET_PARAMS,
  ) {}

  // Port of x/market/handler/server.go CreateBid; the signer is the provider
  createBid(ctx: TxContext, orderId: OrderId, price: LegacyDec, deposit: bigint): BidId {
    const { params } = this;
    if (deposit < params.bidMinDeposit) throw new Revert('ErrInvalidDeposit', deposit, params.bidMinDeposit);
    // Checked before the insert, so OrderMaxBids + 1 bids fit.
    if (this.market.bidCountForOrder(orderId) > params.orderMaxBids) throw new Revert('ErrInvalidBid', 'too many existing bids');
    const order = this.market.getOrder(orderId);
    if (order === undefined) throw new Revert('ErrOrderNotFound', orderKey(orderId));
    // Port of akash-api market Order.ValidateCanBid
    if (order.state === 'active') throw new Revert('ErrOrderActive', orderKey(orderId));
    if (order.state === 'closed') throw new Revert('ErrOrderClosed', orderKey(orderId));
    if (price.isNegative()) throw new Revert('ErrBidInvalidPrice', price.toString());
    if (groupSpecPrice(order.spec).lt(price)) throw new Revert('ErrBidOverOrder', price.toString());
    const provider = this.providers.get(ctx.sender);
    if (provider === undefined) throw new Revert('ErrUnknownProvider', ctx.sender);
    if (provider.gpuModel !== order.spec.gpuModel) throw new Revert('ErrAttributeMismatch', provider.gpuModel);
    if (provider.gpus < order.spec.gpus * order.spec.count) throw new Revert('ErrCapabilitiesMismatch', provider.gpus);
    const id = bidIdIn(orderId, ctx.sender);
    this.market.requireNoBid(id);
    // The deposit first: its token pull is the one step that can still fail.
    const escrowAccount = escrowAccountForBid(id);
    this.escrow.accountCreate(ctx, escrowAccount, ctx.sender, ctx.sender, deposit);
    this.market.createBid(ctx, id, price, escrowAccount);
    return id;
  }

  // Port of x/market/handler/server.go CloseBid: an open bid is withdrawn and refunded; a provider
  // closing a won bid ends its lease and pauses the group
  closeBid(ctx: TxContext, id: BidId): void {
    requireSigner(ctx, id.provider);
    const bid = this.market.getBid(id);
    if (bid === undefined) throw new Revert('ErrUnknownBid', bidKey(id));
    const order = this.market.getOrder(id);
    if (order === undefined) throw new Revert('ErrUnknownOrderForBid', bidKey(id));
    if (bid.state === 'open') {
      this.market.onBidClosed(ctx, bid);
      return;
    }
    const lease = this.market.getLease(id);
    if (lease === undefined) throw new Revert('ErrUnknownLeaseForBid', bidKey(id));
    if (lease.state !== 'active') throw new Revert('ErrLeaseNotActive', bidKey(id));
    if (bid.state !== 'active') throw new Revert('ErrBidNotActive', bidKey(id));
    this.deployments.onBidClosed(id);
    this.market.onLeaseClosed(ctx, lease, 'closed');
    this.market.onBidClosed(ctx, bid);
    this.market.onOrderClosed(order);
    // The original ignores a failure here.
    ignoreRevert(() => this.escrow.paymentClose(ctx, this.deployments.escrowAccountOf(id), this.market.paymentIdOf(id)));
  }

  // Port of x/market/handler/server.go CreateLease; the signer is the tenant, who picks the bid
  createLease(ctx: TxContext, id: BidId): void {
    requireSigner(ctx, id.owner);
    const bid = this.market.getBid(id);
    if (bid === undefined) throw new Revert('ErrBidNotFound', bidKey(id));
    if (bid.state !== 'open') throw new Revert('ErrBidNotOpen', bidKey(id));
    const order = this.market.getOrder(id);
    if (order === undefined) throw new Revert('ErrOrderNotFound', orderKey(id));
    if (order.state !== 'open') throw new Revert('ErrOrderNotOpen', orderKey(id));
    const group = this.deployments.getGroup(id);
    if (group === undefined) throw new Revert('ErrGroupNotFound', groupKey(id));
    if (group.state !== 'open') throw new Revert('ErrGroupNotOpen', groupKey(id));
    const paymentId = escrowPaymentForLease(id);
    this.escrow.paymentCreate(ctx, this.deployments.escrowAccountOf(id), paymentId, id.provider, bid.price);
    this.market.createLease(ctx, bid, paymentId);
    this.market.onOrderMatched(order);
    this.market.onBidMatched(bid);
    for (const loser of this.market.bidsForOrder(id, 'open')) {
      this.market.onBidLost(loser);
      const account = this.market.escrowAccountOfBid(loser.id);
      ignoreRevert(() => this.escrow.accountClose(ctx, account));
    }
  }

  // Port of x/market/handler/server.go CloseLease; the signer is the tenant. The group stays open, so
  // a new order (oseq + 1) goes back to auction.
  closeLease(ctx: TxContext, id: LeaseId): void {
    requireSigner(ctx, id.owner);
    const order = this.market.getOrder(id);
    if (order === undefined) throw new Revert('ErrOrderNotFound', orderKey(id));
    if (order.state !== 'active') throw new Revert('ErrOrderClosed', orderKey(id));
    const bid = this.market.getBid(id);
    if (bid === undefined) throw new Revert('ErrBidNotFound', bidKey(id));
    if (bid.state !== 'active') throw new Revert('ErrBidNotActive', bidKey(id));
    const lease = this.market.getLease(id);
    if (lease === undefined) throw new Revert('ErrLeaseNotFound', bidKey(id));
    if (lease.state !== 'active') throw new Revert('ErrOrderClosed', bidKey(id));
    if (this.deployments.getGroup(id) === undefined) throw new Revert('ErrGroupNotFound', groupKey(id));
    const account = this.deployments.escrowAccountOf(id);
    const payment = this.market.paymentIdOf(id);
    this.escrow.checkPaymentClose(ctx, account, payment);

    this.market.onLeaseClosed(ctx, lease, 'closed');
    this.market.onBidClosed(ctx, bid);
    this.market.onOrderClosed(order);
    this.escrow.paymentClose(ctx, account, payment);
    // Port of x/deployment/keeper/keeper.go OnLeaseClosed: the group as the payment close left it (an
    // overdraft found by that settlement has just closed it)
    const group = this.deployments.getGroup(id)!;
    if (group.state !== 'open') return;
    this.market.createOrder(ctx, group.id, group.spec);
  }

  // Port of x/market/handler/server.go WithdrawLease; the signer is the provider
  withdrawLease(ctx: TxContext, id: LeaseId): void {
    requireSigner(ctx, id.provider);
    const record = this.market.bidRecord(id);
    if (record?.lease === undefined) throw new Revert('ErrUnknownLease', bidKey(id));
    // A bid with a lease has its payment id (both are set by createLease).
    this.escrow.paymentWithdraw(ctx, this.deployments.escrowAccountOf(id), record.paymentId!);
  }
}

/** The original drops the error of these calls (`_ = ...`); each call is atomic, so nothing is half done. */
export function ignoreRevert(call: () => void): void {
  try {
    call();
  } catch (e) {
    if (!(e instanceof Revert)) throw e;
  }
}
