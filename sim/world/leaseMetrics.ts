// What the lease world records: utilization and prices, how well users are served, what providers
// earn, and the lease market's invariants.
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { SECONDS_PER_HOUR, type MarketContext } from '../markets/context.js';
import { COMMUNITY_POOL } from '../markets/leaseAuction.js';
import { USD_UNITS } from '../markets/prices.js';
import { escrowConservation, noActiveLeaseWithoutPayment } from './leaseInvariants.js';
import type { LeaseWorld } from './leaseWorld.js';
import type { WorldParams } from './params.js';

const USD = BigInt(USD_UNITS);

export function registerLeaseWorld(recorder: Recorder, checker: InvariantChecker, ctx: MarketContext, world: LeaseWorld, params: WorldParams): void {
  const { kernel, tokens } = ctx;
  const totalGpus = params.providers.count * params.providers.gpus;

  const busyGpus = (): number => world.providers.reduce((n, p) => n + p.busyGpus, 0);
  const upGpus = (): number => world.providers.reduce((n, p) => n + (p.up ? p.config.gpus : 0), 0);
  recorder.series('utilization', () => busyGpus() / totalGpus, { summaries: ['mean', 'max'] });
  recorder.series('providers_up', () => upGpus() / totalGpus, { summaries: ['min', 'mean'] });
  recorder.series('active_leases', () => world.market.activeLeases.size, { summaries: ['mean', 'max'] });

  // Mean price of the leases of jobs that finished since the previous sample (the last one when none did).
  let lastPrice = Number.NaN;
  recorder.series('clearing_price_usd_per_gpu_hour', () => {
    const prices = world.takeNewPrices();
    if (prices.length > 0) lastPrice = mean(prices);
    return lastPrice;
  });

  const o = world.outcomes;
  const revenue = (): bigint => world.market.paidOut - tokens.usd.balanceOf(COMMUNITY_POOL);
  recorder.series('jobs_completed', () => o.completed, { summaries: ['last'] });
  recorder.series('jobs_unserved', () => o.unserved, { summaries: ['last'] });
  recorder.series('sla_breaches', () => o.unserved + o.interruptions, { summaries: ['last'] });
  recorder.series('provider_revenue_usd', revenue, { scale: USD, summaries: ['last'] });

  recorder.summary('jobs_arrived', () => o.arrived);
  recorder.summary('fill_rate', () => {
    const finished = o.completed + o.unserved + o.failed;
    return finished === 0 ? Number.NaN : o.completed / finished;
  });
  recorder.summary('wait_mean_s', () => (o.started === 0 ? Number.NaN : o.waitSum / o.started));
  recorder.summary('price_mean_usd_per_gpu_hour', () => (o.leases === 0 ? Number.NaN : o.priceSum / o.leases));
  recorder.summary('protocol_fees_usd', () => tokens.usd.balanceOf(COMMUNITY_POOL), { scale: USD });
  recorder.summary('provider_margin_usd', () => {
    const cost = world.providers.reduce((c, p) => c + (p.busyGpuSecondsUntil(kernel.now()) / SECONDS_PER_HOUR) * p.config.costPerGpuHour, 0);
    return Number(revenue()) / USD_UNITS - cost;
  });

  checker.register('escrow_conservation', escrowConservation(world.market));
  checker.register('no_active_lease_without_payment', noActiveLeaseWithoutPayment(world.market, world.market.akash.escrow));
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, x) => a + x, 0) / xs.length;
}
