// The lease-auction world: providers with GPUs and outages, tenants arriving with jobs, and the
// Akash-style market between them, all on one chain. Builds every agent from the parameters and
// starts it; the caller runs the kernel and reads the views below for metrics and invariants.
import { ProviderAgent, type BiddingPolicy } from '../agents/provider.js';
import { TenantAgent } from '../agents/tenant.js';
import type { MarketContext } from '../markets/context.js';
import { LeaseAuctionMarket } from '../markets/lease/leaseAuction.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import { JobLedger, startDemand } from './jobs.js';
import { drawProviders, startFailureGroups } from './providerPool.js';
import type { WorldParams } from './params.js';
import { usdToMicro } from '../units.js';

/** USD a provider holds for bid deposits (refunded when a bid closes). */
const PROVIDER_FLOAT_USD = 1_000;

export class LeaseWorld {
  readonly market: LeaseAuctionMarket;
  readonly providers: ProviderAgent[] = [];
  readonly jobs = new JobLedger();
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    const lease = params.market.leaseAuction;
    this.market = new LeaseAuctionMarket(ctx, {
      bidMinDeposit: usdToMicro(lease.bidMinDeposit),
      minDeposit: usdToMicro(lease.minDeposit),
      orderMaxBids: lease.orderMaxBids,
      takeRatePercent: lease.takeRatePercent,
      bidReach: params.providers.bidding.reach,
    });
  }

  start(): void {
    this.#startProviders();
    const { users, market } = this.#params;
    const settings = {
      bidWindow: market.leaseAuction.bidWindow,
      maxEmptyOrders: market.leaseAuction.maxEmptyOrders,
      depositCover: users.budget.depositCover,
      minDeposit: usdToMicro(market.leaseAuction.minDeposit),
    };
    startDemand(this.#ctx, this.#params, this.jobs, this.#funding, (job, report) => {
      const tenant = new TenantAgent(this.#ctx, this.market, `tenant:${job.id}`, job, settings, report);
      return { user: tenant, usd: tenant.budget() };
    });
  }

  #startProviders(): void {
    const { providers, market } = this.#params;
    for (const draw of drawProviders(this.#ctx, providers)) {
      const agent = new ProviderAgent(this.#ctx, this.market, {
        index: draw.index,
        address: draw.address,
        gpuModel: draw.type.name,
        gpus: providers.gpus,
        costPerGpuHour: draw.costPerGpuHour,
        bidLatency: providers.bidding.latency,
        takeRate: market.leaseAuction.takeRatePercent / 100,
        bidding: this.#biddingPolicy(draw.rivals),
        withdrawInterval: providers.withdrawInterval,
        mtbf: providers.failures.mtbf,
        mttr: providers.failures.mttr,
        exit: draw.exit,
      });
      this.#funding.fund(agent.config.address, { usd: usdToMicro(PROVIDER_FLOAT_USD), native: GAS_ALLOWANCE });
      this.providers.push(agent);
      agent.start();
    }
    startFailureGroups(this.#ctx, providers.failures, this.providers);
  }

  /** `rivals`: providers of the same GPU model; an equilibrium bidder expects as many of them as an order reaches. */
  #biddingPolicy(rivals: number): BiddingPolicy {
    const { bidding, cost } = this.#params.providers;
    const bidders = Math.min(rivals, bidding.reach);
    switch (bidding.policy) {
      case 'truthful':
        return { kind: 'truthful' };
      case 'cost-plus':
        return { kind: 'cost-plus', markup: bidding.markup };
      case 'equilibrium':
        // Uniform costs are common knowledge of the equilibrium; otherwise it takes costs uniform on [0, the order's maximum price].
        return { kind: 'equilibrium', bidders, ...(cost.distribution === 'uniform' ? { costs: { min: cost.min, max: cost.max } } : {}) };
    }
  }
}
