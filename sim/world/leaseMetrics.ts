// What the lease world records: utilization and prices, how well users are served, what providers
// earn and what their machines cost, and the lease market's invariants.
import { nonNegative, series, type MetricDeclaration } from '../metrics/catalog.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import type { MarketContext } from '../markets/context.js';
import { COMMUNITY_POOL } from '../markets/lease/leaseAuction.js';
import { USD_UNITS } from '../units.js';
import { escrowConservation, noActiveLeaseWithoutPayment } from './leaseInvariants.js';
import { meanCostByModel, registerProviderEconomics } from './providerEconomics.js';
import { registerTradeMetrics } from './tradeMetrics.js';
import type { LeaseWorld } from './leaseWorld.js';
import { PROTOCOL_FEES, PROVIDER_REVENUE, PROVIDERS_UP, UTILIZATION } from './marketMetrics.js';
import type { WorldParams } from './params.js';

export const LEASE_METRICS: readonly MetricDeclaration[] = [
  UTILIZATION,
  PROVIDERS_UP,
  series('active_leases', 'market', nonNegative('leases'), ['mean', 'max'], 'leases open'),
  PROVIDER_REVENUE,
  PROTOCOL_FEES,
];

export function registerLeaseWorld(recorder: Recorder, checker: InvariantChecker, ctx: MarketContext, world: LeaseWorld, params: WorldParams): void {
  const { tokens } = ctx;
  const { market } = world;
  const accounts = world.providers.map((p) => p.account);
  const totalGpus = params.providers.count * params.providers.gpus;

  const busyGpus = (): number => world.providers.reduce((n, p) => n + p.busyGpus, 0);
  const upGpus = (): number => world.providers.reduce((n, p) => n + (p.up ? p.config.gpus : 0), 0);
  recorder.series('utilization', () => busyGpus() / totalGpus);
  recorder.series('providers_up', () => upGpus() / totalGpus);
  recorder.series('active_leases', () => world.market.activeLeases.size);

  world.jobs.register(recorder, checker);
  const revenue = (): bigint => market.paidOut - tokens.usd.balanceOf(COMMUNITY_POOL);
  recorder.series('provider_revenue_usd', revenue, { scale: USD_UNITS });
  recorder.summary('protocol_fees_usd', () => tokens.usd.balanceOf(COMMUNITY_POOL), { scale: USD_UNITS });
  registerTradeMetrics(recorder, market.trades, meanCostByModel(accounts));
  const takeRate = params.market.leaseAuction.takeRatePercent / 100;
  registerProviderEconomics(recorder, {
    providers: accounts,
    gpuModels: params.providers.gpuTypes.map((t) => t.name),
    netPriceOf: (m) => {
      const gross = market.trades.meanSince(m, 0);
      return gross === undefined ? undefined : gross * (1 - takeRate);
    },
  });

  checker.register('escrow_conservation', escrowConservation(market));
  checker.register('no_active_lease_without_payment', noActiveLeaseWithoutPayment(market, market.akash.escrow));
  // Each provider's earnings, counted lease by lease at every withdrawal, add up to what escrow paid out less the take.
  checker.register('provider_earnings_add_up', () => {
    const earned = accounts.reduce((sum, p) => sum + p.revenueMicro(), 0n);
    return earned === revenue() ? null : { providersEarned: earned, paidOutLessTake: revenue() };
  });
}

