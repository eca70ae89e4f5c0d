// The procurement-auction experiment (validation spec §3) run through the lease market: n bidders
// with costs i.i.d. uniform on [0, c̄] bid on one-GPU orders whose maximum price (the reserve) is a
// share of c̄; the tenant takes the cheapest bid. Every step is a transaction through the chain
// into the ported Akash keepers, so the experiment checks the market (bid collection within the
// bid window, the order's price cap, the lease record) against auction theory.
//
// The bidders are local rather than ProviderAgents because the theory needs what the agent does
// not have: a fresh cost draw for every order (the agent has one cost for life) and a bid on
// every order whatever the bids already on it (the agent skips orders it cannot win, which is
// harmless in a first-price auction but hides the runner-up a second price needs).
//
// Second price. Akash leases pay the winning bid's price; there is no second-price settlement on
// chain. The tenant here computes the second-price rule from the bids the chain collected (the
// second-lowest open bid, or the reserve when there is no rival: an absent rival is a rival
// bidding the reserve) and that is the price recorded; settling it needs a market extension.
import { Chain } from '../chain/chain.js';
import { type Receipt, receiptOutcome } from '../chain/transaction.js';
import { firstPriceBid, type AuctionFormat } from '../analysis/auctions.js';
import type { OrderId } from '../contracts/leasing/ids.js';
import type { Order } from '../contracts/leasing/market.js';
import { UINT256_MAX } from '../contracts/math.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address, TxContext } from '../contracts/types.js';
import { createKernel, streams, type RandomStream } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { cheapestBid, LeaseAuctionMarket, orderKey } from '../markets/lease/leaseAuction.js';
import { perBlockToUsdPerGpuHour, usdPerGpuHourToPerBlock } from '../units.js';

export interface ProcurementParams {
  readonly bidders: number;
  readonly format: AuctionFormat;
  readonly auctions: number;
  /** Costs are uniform on [0, costCeiling], in USD per GPU-hour. */
  readonly costCeiling: number;
  /** The orders' maximum price as a share of costCeiling, in (0, 1]; 1 is no binding reserve. */
  readonly reserveShare: number;
}

export interface ProcurementResult {
  /** Per auction, the price paid over costCeiling, 0 when nothing traded: the mean estimates E[payment]. */
  readonly payments: readonly number[];
  readonly trades: number;
  /** Leases whose price exceeds their order's maximum price (the market must make this 0). */
  readonly leasesAboveReserve: number;
  /** Bids the market refused with ErrBidOverOrder: bidders whose cost was above the reserve. */
  readonly bidsRefusedOverReserve: number;
  /** Auctions where fewer bids were open at the pick than bidders able to bid: bids that came too late. */
  readonly incompleteAuctions: number;
}

const BLOCK_TIME = 6;
/** Long enough for every bid, submitted at the order's announcement, to land (the next block). */
const BID_WINDOW = 30;
const AUCTION_SPACING = 60;
/** Blocks of escrow a deployment deposits; the lease is closed about one block after it starts. */
const DEPOSIT_BLOCKS = 10n;
const GPU_MODEL = 'uniform-cost-gpu';
const TENANT: Address = 'tenant';
const TREASURY: Address = 'treasury';

export function runProcurement(params: ProcurementParams, seed: string): ProcurementResult {
  checkParams(params);
  const kernel = createKernel('heap');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const chain = new Chain(kernel, { blockTime: BLOCK_TIME });
  const ctx: MarketContext = { kernel, chain, rng: streams(seed), tokens: { usd, native }, treasury: TREASURY };
  const market = new LeaseAuctionMarket(ctx, { bidMinDeposit: 1n, minDeposit: 1n, orderMaxBids: Math.max(20, params.bidders), takeRatePercent: 0 });
  const mint: TxContext = { sender: TREASURY, block: 0, timestamp: 0 };

  const reserve = params.costCeiling * params.reserveShare;
  const reservePerBlock = usdPerGpuHourToPerBlock(reserve, 1, BLOCK_TIME);
  const deposit = reservePerBlock.mulInt(DEPOSIT_BLOCKS).truncateInt() + 1n;
  usd.mint(mint, TENANT, deposit * BigInt(params.auctions + 1));
  market.approveEscrow(TENANT, UINT256_MAX, mustSucceed('tenant approval'));

  const result = { payments: [] as number[], trades: 0, leasesAboveReserve: 0, bidsRefusedOverReserve: 0, incompleteAuctions: 0 };
  /** Bids expected per order: bidders whose cost is within the reserve. */
  const eligible = new Map<string, number>();

  for (let i = 0; i < params.bidders; i++) {
    const bidder = new UniformCostBidder(ctx, market, `bidder:${i}`, ctx.rng.get(`procurement-costs/${i}`), params, reserve);
    usd.mint(mint, bidder.address, BigInt(params.auctions + 1));
    bidder.start((order, withinReserve, refused) => {
      const key = orderKey(order.id);
      if (withinReserve) eligible.set(key, (eligible.get(key) ?? 0) + 1);
      if (refused) result.bidsRefusedOverReserve++;
    });
  }

  const pick = (order: OrderId): void => {
    const bids = market.openBids(order);
    if (bids.length < (eligible.get(orderKey(order)) ?? 0)) result.incompleteAuctions++;
    const best = cheapestBid(bids);
    if (best === undefined) {
      result.payments.push(0);
      market.closeDeployment(TENANT, { owner: order.owner, dseq: order.dseq }, mustSucceed('close without trade'));
      return;
    }
    const runnerUp = cheapestBid(bids.filter((b) => b !== best));
    market.createLease(TENANT, best.id, (r) => {
      if (r.status !== 'success') throw new Error(`lease on order ${orderKey(order)} failed: ${receiptOutcome(r)}`);
      const lease = market.lease(best.id);
      if (lease === undefined) throw new Error(`lease on order ${orderKey(order)} missing after success`);
      if (lease.price.gt(reservePerBlock)) result.leasesAboveReserve++;
      const paidPerBlock = params.format === 'second-price' ? (runnerUp?.price ?? reservePerBlock) : lease.price;
      result.payments.push(perBlockToUsdPerGpuHour(paidPerBlock, 1, BLOCK_TIME) / params.costCeiling);
      result.trades++;
      market.closeDeployment(TENANT, { owner: order.owner, dseq: order.dseq }, mustSucceed('close after the lease'));
    });
  };

  for (let k = 0; k < params.auctions; k++) {
    kernel.schedule(k * AUCTION_SPACING, () => {
      const spec = { name: `auction-${k}`, gpuModel: GPU_MODEL, gpus: 1, count: 1, price: reservePerBlock };
      market.createDeployment(TENANT, k + 1, spec, deposit, (r) => {
        if (r.status !== 'success') throw new Error(`deployment ${k + 1} failed: ${receiptOutcome(r)}`);
        const order: OrderId = { ...r.value, gseq: 1, oseq: 1 };
        kernel.schedule(BID_WINDOW, () => pick(order));
      });
    });
  }
  kernel.run(params.auctions * AUCTION_SPACING + 10 * BLOCK_TIME);
  if (result.payments.length !== params.auctions) {
    throw new Error(`procurement run ended with ${result.payments.length} of ${params.auctions} auctions decided`);
  }
  return result;
}

type BidReport = (order: Order, withinReserve: boolean, refusedOverReserve: boolean) => void;

/** A provider with one GPU and a fresh cost for each order, bidding by the format's equilibrium. */
class UniformCostBidder {
  constructor(
    private readonly ctx: MarketContext,
    private readonly market: LeaseAuctionMarket,
    readonly address: Address,
    private readonly costs: RandomStream,
    private readonly params: ProcurementParams,
    private readonly reserve: number,
  ) {}

  start(report: BidReport): void {
    this.market.registerProvider(this.address, GPU_MODEL, 1, mustSucceed(`${this.address} registration`));
    this.market.approveEscrow(this.address, UINT256_MAX, mustSucceed(`${this.address} approval`));
    this.market.onOrderOpened(GPU_MODEL, (order) => this.#bid(order, report));
  }

  #bid(order: Order, report: BidReport): void {
    const { costCeiling, bidders, format, reserveShare } = this.params;
    const cost = this.costs.uniform(0, costCeiling);
    const withinReserve = cost <= this.reserve;
    // Above the reserve a bidder cannot profit at any allowed price; it asks its cost and the
    // market must refuse it, which is what shows that the cap is the contract's, not the bidder's.
    // The equilibrium bid never exceeds the reserve; the clamp only undoes floating-point rounding.
    const ask = !withinReserve || format === 'second-price' ? cost : Math.min(this.reserve, costCeiling * firstPriceBid(cost / costCeiling, bidders, reserveShare));
    const price = usdPerGpuHourToPerBlock(ask, 1, this.ctx.chain.blockTime);
    this.market.createBid(this.address, order.id, price, (r) => {
      const refused = r.status === 'reverted' && r.error === 'ErrBidOverOrder';
      if (r.status !== 'success' && !(refused && !withinReserve)) throw new Error(`${this.address} bid failed: ${receiptOutcome(r)}`);
      report(order, withinReserve, refused);
    });
  }
}

function mustSucceed(what: string): (r: Receipt<unknown>) => void {
  return (r) => {
    if (r.status !== 'success') throw new Error(`${what} failed: ${receiptOutcome(r)}`);
  };
}

function checkParams(p: ProcurementParams): void {
  const fail = (message: string): never => {
    throw new RangeError(`procurement experiment: ${message}`);
  };
  if (!Number.isInteger(p.bidders) || p.bidders < 1) fail(`bidders must be a positive integer, got ${p.bidders}`);
  if (!Number.isInteger(p.auctions) || p.auctions < 1) fail(`auctions must be a positive integer, got ${p.auctions}`);
  if (!(p.costCeiling > 0) || !Number.isFinite(p.costCeiling)) fail(`costCeiling must be a finite number > 0, got ${p.costCeiling}`);
  if (!(p.reserveShare > 0 && p.reserveShare <= 1)) fail(`reserveShare must be in (0, 1], got ${p.reserveShare}`);
  if (p.format !== 'first-price' && p.format !== 'second-price') fail(`format must be "first-price" or "second-price", got ${String(p.format)}`);
}
