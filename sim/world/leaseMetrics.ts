// What the lease world records: utilization and prices, how well users are served, what providers
// earn, and the lease market's invariants.
import { nonNegative, series, type MetricDeclaration } from '../metrics/catalog.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import type { MarketContext } from '../markets/context.js';
import { COMMUNITY_POOL } from '../markets/lease/leaseAuction.js';
import { microToUsd, SECONDS_PER_HOUR, USD_UNITS } from '../units.js';
import { escrowConservation, noActiveLeaseWithoutPayment } from './leaseInvariants.js';
import type { LeaseWorld } from './leaseWorld.js';
import { PROTOCOL_FEES, PROVIDER_MARGIN, PROVIDER_REVENUE, PROVIDERS_UP, UTILIZATION } from './marketMetrics.js';
import type { WorldParams } from './params.js';

export const LEASE_METRICS: readonly MetricDeclaration[] = [
  UTILIZATION,
  PROVIDERS_UP,
  series('active_leases', 'market', nonNegative('leases'), ['mean', 'max'], 'leases open'),
  PROVIDER_REVENUE,
  PROTOCOL_FEES,
  PROVIDER_MARGIN,
];

export function registerLeaseWorld(recorder: Recorder, checker: InvariantChecker, ctx: MarketContext, world: LeaseWorld, params: WorldParams): void {
  const { kernel, tokens } = ctx;
  const totalGpus = params.providers.count * params.providers.gpus;

  const busyGpus = (): number => world.providers.reduce((n, p) => n + p.busyGpus, 0);
  const upGpus = (): number => world.providers.reduce((n, p) => n + (p.up ? p.config.gpus : 0), 0);
  recorder.series('utilization', () => busyGpus() / totalGpus);
  recorder.series('providers_up', () => upGpus() / totalGpus);
  recorder.series('active_leases', () => world.market.activeLeases.size);

  world.jobs.register(recorder, checker);
  const revenue = (): bigint => world.market.paidOut - tokens.usd.balanceOf(COMMUNITY_POOL);
  recorder.series('provider_revenue_usd', revenue, { scale: USD_UNITS });
  recorder.summary('protocol_fees_usd', () => tokens.usd.balanceOf(COMMUNITY_POOL), { scale: USD_UNITS });
  recorder.summary('provider_margin_usd', () => {
    const cost = world.providers.reduce((c, p) => c + (p.busyGpuSecondsUntil(kernel.now()) / SECONDS_PER_HOUR) * p.config.costPerGpuHour, 0);
    return microToUsd(revenue()) - cost;
  });

  checker.register('escrow_conservation', escrowConservation(world.market));
  checker.register('no_active_lease_without_payment', noActiveLeaseWithoutPayment(world.market, world.market.akash.escrow));
}

