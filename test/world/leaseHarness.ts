// A small lease-auction world for hand-computed tests, wired the way sim/world/leaseWorld.ts wires
// the real one, but with every number chosen by the test: a heap kernel, a 12-second chain whose
// block k (k = 1, 2, ...) is produced at kernel time 12k with number START_BLOCK + k − 1, gas paid
// in a native ledger, three H100 providers with cost-plus bids, and tenants with one job each.
//
// Why the numbers come out exact: with a 20% take and a 25% markup a provider asks
// cost / 0.8 · 1.25 per GPU-hour, and for 3 GPUs on 12-second blocks the per-block price is
// ask · 3 · 10^6 · 12 / 3600 = ask · 10^4 micro-USD. Costs 1.6, 1.92 and 2.0 give asks 2.5, 3.0
// and 3.125, all exact in binary floating point, so the bids are exactly 25,000, 30,000 and 31,250
// micro-USD per block.
import { Chain } from '../../sim/chain/chain.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address } from '../../sim/contracts/types.js';
import type { ExitSettings } from '../../sim/agents/exitPolicy.js';
import { ProviderAgent, type ProviderConfig } from '../../sim/agents/provider.js';
import type { Job, JobReport } from '../../sim/agents/job.js';
import { TenantAgent, type TenantSettings } from '../../sim/agents/tenant.js';
import { createKernel, streams } from '../../sim/engine/index.js';
import type { MarketContext } from '../../sim/markets/context.js';
import { LeaseAuctionMarket, type LeaseAuctionParams } from '../../sim/markets/lease/leaseAuction.js';
import { InvariantChecker } from '../../sim/metrics/invariants.js';
import { Funding } from '../../sim/world/funding.js';
import { escrowConservation, noActiveLeaseWithoutPayment } from '../../sim/world/leaseInvariants.js';

export const BLOCK_TIME = 12;
export const START_BLOCK = 20_000_000;
export const TREASURY: Address = 'treasury';
/** Micro-USD per USD. */
export const USD = 1_000_000n;
/** What each provider holds for bid deposits before the test starts. */
export const PROVIDER_FLOAT = 100n * USD;
const GAS_MONEY = 10n ** 18n;

export const LEASE_PARAMS: LeaseAuctionParams = {
  bidMinDeposit: 5n * USD,
  minDeposit: USD / 2n,
  orderMaxBids: 20,
  takeRatePercent: 20,
  bidReach: 20,
};

/** Number of block k (produced at kernel time 12k). */
export const blockNumber = (k: number): number => START_BLOCK + k - 1;

/** Providers A, B, C: one H100 model, 8 GPUs each, costs 1.6, 1.92 and 2.0 USD per GPU-hour. */
export const PROVIDER_COSTS = { A: 1.6, B: 1.92, C: 2.0 } as const;
export type ProviderName = keyof typeof PROVIDER_COSTS;

export interface LeaseTestWorld {
  readonly ctx: MarketContext;
  readonly market: LeaseAuctionMarket;
  readonly usd: ERC20;
  readonly providers: Record<ProviderName, ProviderAgent>;
  readonly reports: JobReport[];
  readonly checker: InvariantChecker;
  /** Builds a tenant now, funds it with its budget (as LeaseWorld does) and starts it. */
  addTenant(job: Job, settings?: Partial<TenantSettings>): TenantAgent;
  runTo(t: number): void;
}

export interface LeaseTestOptions {
  /** The ledger of the payment token, so a test can plant a faulty one. */
  readonly usd?: ERC20;
}

export function makeLeaseWorld(options: LeaseTestOptions = {}): LeaseTestWorld {
  const kernel = createKernel('heap');
  const usd = options.usd ?? new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const chain = new Chain(kernel, { blockTime: BLOCK_TIME, startBlock: START_BLOCK, nativeCurrency: native });
  const ctx: MarketContext = { kernel, chain, rng: streams('lease-tests'), tokens: { usd, native }, treasury: TREASURY };
  const funding = new Funding(ctx);
  const market = new LeaseAuctionMarket(ctx, LEASE_PARAMS);
  const checker = new InvariantChecker();
  checker.register('escrow_conservation', escrowConservation(market));
  checker.register('no_active_lease_without_payment', noActiveLeaseWithoutPayment(market, market.akash.escrow));
  checker.watch(chain);

  const names = Object.keys(PROVIDER_COSTS) as ProviderName[];
  const providers = Object.fromEntries(
    names.map((name, index) => {
      const agent = new ProviderAgent(ctx, market, providerConfig(index, name));
      funding.fund(agent.config.address, { usd: PROVIDER_FLOAT, native: GAS_MONEY });
      agent.start();
      return [name, agent];
    }),
  ) as Record<ProviderName, ProviderAgent>;

  const reports: JobReport[] = [];
  return {
    ctx,
    market,
    usd,
    providers,
    reports,
    checker,
    addTenant(job, settings = {}) {
      const full: TenantSettings = { bidWindow: 60, depositCover: 1, minDeposit: LEASE_PARAMS.minDeposit, maxEmptyOrders: 100, ...settings };
      const tenant = new TenantAgent(ctx, market, `tenant:${job.id}`, job, full, (r) => reports.push(r));
      funding.fund(tenant.address, { usd: tenant.budget(), native: GAS_MONEY });
      tenant.start();
      return tenant;
    },
    runTo: (t) => kernel.run(t),
  };
}

export const NO_EXIT: ExitSettings = { enabled: false, after: 0, returnAfter: 0, checkInterval: 3600, window: 86_400 };

function providerConfig(index: number, name: ProviderName): ProviderConfig {
  return {
    index,
    address: `provider:${name}`,
    gpuModel: 'H100',
    gpus: 8,
    costPerGpuHour: PROVIDER_COSTS[name],
    // A microsecond on average (at most about 22 µs for a 32-bit uniform): every provider bids
    // within the instant the order is announced, before the next block, so none sees another's bid.
    bidLatency: 1e-6,
    takeRate: LEASE_PARAMS.takeRatePercent / 100,
    bidding: { kind: 'cost-plus', markup: 0.25 },
    // The first withdrawal comes at a random phase of this interval; 10^15 s puts it past any
    // test, so escrow is settled only by the transactions a test names.
    withdrawInterval: 1e15,
    mtbf: Number.POSITIVE_INFINITY,
    mttr: 1,
    // The hand-computed timelines have no exit decisions in them.
    exit: NO_EXIT,
  };
}

/** A job of 3 H100 GPUs for an hour, willing to pay 4 USD per GPU-hour (40,000 micro-USD per block). */
export const HOUR_JOB: Job = { id: 0, gpuModel: 'H100', gpus: 3, duration: 3600, wtpPerGpuHour: 4, patience: 1800 };
