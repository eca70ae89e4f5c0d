// Procurement auctions (validation spec §3) through the real lease market: `auctions` independent
// one-GPU auctions in one run, one per GPU model, each among `bidders` ProviderAgents of that model.
// Each provider's private cost is drawn once, uniform on [0, c̄], from its own stream by the world's
// own draw (sim/world/providerPool.ts, providers.cost: uniform); it bids by the equilibrium policy
// (sim/agents/provider.ts) on a one-GPU order whose maximum price r a TenantAgent set; the tenant
// leases the cheapest bid after its bid window and the ported Akash contracts settle the lease at
// the winning bid (first price). Nothing here bids or computes a price: the harness only sets up
// the market and reads the leases the chain recorded.
//
// A provider has one cost for life, so repeated orders among the same providers would repeat one
// auction: each auction has its own providers (its own GPU model), and independent runs redraw all.
import { ProviderAgent } from '../agents/provider.js';
import { TenantAgent } from '../agents/tenant.js';
import { Chain } from '../chain/chain.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address, TxContext } from '../contracts/types.js';
import { createKernel, streams } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import type { Trade } from '../markets/tradeTape.js';
import { usdToMicro } from '../units.js';
import { drawProviderCost } from '../world/providerPool.js';

export interface LeaseAuctionParams {
  /** The bidders of each auction: the providers its order reaches (sim/markets/lease/orderReach.ts). */
  readonly bidders: number;
  /** Providers of each auction's GPU model, ≥ bidders (default: bidders, so every one of them hears the order). */
  readonly population?: number;
  /** Independent auctions in the run (one GPU model each). */
  readonly auctions: number;
  /** Costs are uniform on [0, costCeiling], USD per GPU-hour. */
  readonly costCeiling: number;
  /** The orders' maximum price as a share of costCeiling, in (0, 1]. */
  readonly reserveShare: number;
  /** The first provider of every auction bids this multiple of its equilibrium bid (1: none). */
  readonly deviantShade?: number;
}

export interface AuctionOutcome {
  /** Price paid over costCeiling; 0 when nothing traded. */
  readonly payment: number;
  readonly traded: boolean;
  /** The first provider's profit over costCeiling: price − cost if it won, else 0. */
  readonly firstProviderProfit: number;
}

const BLOCK_TIME = 6;
const BID_WINDOW = 60;
/** Seconds from an order's announcement to a provider's bid, on average: far inside the bid window. */
const BID_LATENCY = 1;
/** Orders go out once every provider's registration is on chain. */
const ORDERS_AT = 30;
const JOB_SECONDS = 60;
const TREASURY: Address = 'treasury';
const NO_EXIT = { enabled: false, after: 0, returnAfter: 0, checkInterval: 3600, window: 3600 } as const;

export function runLeaseAuctions(params: LeaseAuctionParams, seed: string): AuctionOutcome[] {
  checkParams(params);
  const { bidders, auctions, costCeiling, reserveShare } = params;
  const population = params.population ?? bidders;
  const kernel = createKernel('heap');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  // Room for every transaction of a block: congestion is not what this experiment studies.
  const chain = new Chain(kernel, { blockTime: BLOCK_TIME, gasLimit: 4_000_000_000 });
  const ctx: MarketContext = { kernel, chain, rng: streams(seed), tokens: { usd, native }, treasury: TREASURY };
  const market = new LeaseAuctionMarket(ctx, { bidMinDeposit: 1n, minDeposit: 1n, orderMaxBids: bidders + 1, takeRatePercent: 0, bidReach: bidders });
  const mint: TxContext = { sender: TREASURY, block: 0, timestamp: 0 };
  const costs = { cost: { distribution: 'uniform', min: 0, max: costCeiling }, costCv: 0 } as const;
  const unusedSetup = ctx.rng.get('providers/setup');

  const trades = new Map<string, Trade>();
  market.trades.onTrade((t) => trades.set(t.gpuModel, t));
  const providerCost = new Map<Address, number>();
  const firstProviders: Address[] = [];
  for (let k = 0; k < auctions; k++) {
    const gpuModel = `auction-${k}`;
    for (let i = 0; i < population; i++) {
      const index = k * population + i;
      const address = `provider:${index}`;
      const costPerGpuHour = drawProviderCost(ctx, costs, { name: gpuModel, share: 1, costPerGpuHour: costCeiling }, index, unusedSetup);
      const shade = i === 0 ? params.deviantShade ?? 1 : 1;
      const agent = new ProviderAgent(ctx, market, {
        index,
        address,
        gpuModel,
        gpus: 1,
        costPerGpuHour,
        bidLatency: BID_LATENCY,
        takeRate: 0,
        bidding: { kind: 'equilibrium', bidders, costs: { min: 0, max: costCeiling }, shade },
        withdrawInterval: 1e15,
        mtbf: Number.POSITIVE_INFINITY,
        mttr: 1,
        exit: NO_EXIT,
      });
      usd.mint(mint, address, 10n);
      agent.start();
      providerCost.set(address, costPerGpuHour);
      if (i === 0) firstProviders.push(address);
    }
    const job = { id: k, gpuModel, gpus: 1, duration: JOB_SECONDS, wtpPerGpuHour: costCeiling * reserveShare, patience: BID_WINDOW };
    const tenant = new TenantAgent(ctx, market, `tenant:${k}`, job, { bidWindow: BID_WINDOW, depositCover: 2, minDeposit: 1n, maxEmptyOrders: Number.POSITIVE_INFINITY }, () => {});
    usd.mint(mint, tenant.address, tenant.budget() + usdToMicro(1));
    kernel.schedule(ORDERS_AT, () => tenant.start());
  }
  kernel.run(ORDERS_AT + 4 * BID_WINDOW + JOB_SECONDS);

  if (trades.size !== market.trades.count) throw new Error(`lease auctions: ${market.trades.count} leases for ${trades.size} orders`);
  return firstProviders.map((first, k) => {
    const trade = trades.get(`auction-${k}`);
    if (trade === undefined) return { payment: 0, traded: false, firstProviderProfit: 0 };
    const profit = trade.seller === first ? trade.usdPerGpuHour - providerCost.get(first)! : 0;
    return { payment: trade.usdPerGpuHour / costCeiling, traded: true, firstProviderProfit: profit / costCeiling };
  });
}

function checkParams(p: LeaseAuctionParams): void {
  const fail = (message: string): never => {
    throw new RangeError(`lease auctions: ${message}`);
  };
  if (!Number.isInteger(p.bidders) || p.bidders < 1) fail(`bidders must be a positive integer, got ${p.bidders}`);
  if (p.population !== undefined && !(Number.isInteger(p.population) && p.population >= p.bidders)) fail(`population must be an integer ≥ bidders, got ${p.population}`);
  if (!Number.isInteger(p.auctions) || p.auctions < 1) fail(`auctions must be a positive integer, got ${p.auctions}`);
  if (!(p.costCeiling > 0) || !Number.isFinite(p.costCeiling)) fail(`costCeiling must be a finite number > 0, got ${p.costCeiling}`);
  if (!(p.reserveShare > 0 && p.reserveShare <= 1)) fail(`reserveShare must be in (0, 1], got ${p.reserveShare}`);
  if (p.deviantShade !== undefined && !(p.deviantShade > 0 && Number.isFinite(p.deviantShade))) fail(`deviantShade must be a finite number > 0, got ${p.deviantShade}`);
}
