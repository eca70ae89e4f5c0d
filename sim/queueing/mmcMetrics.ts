// What a run of the M/M/c queue reports, declared once (sim/metrics/catalog.ts): the simulated
// figures, and Erlang C's closed form beside them when the queue is stable.
import { erlangWq } from '../analysis/erlang.js';
import { counter, FRACTION, MetricCatalog, nonNegative, series, summary } from '../metrics/catalog.js';
import type { MmcParams, MmcResult } from './mmc.js';

export const MMC_METRICS = new MetricCatalog([
  summary('meanWait', 'queue', nonNegative('s'), 'mean wait in queue of the measured customers'),
  summary('meanSystemTime', 'queue', nonNegative('s'), 'mean time in system (wait and service) of the measured customers'),
  summary('utilization', 'queue', FRACTION, 'busy server time over servers × elapsed time'),
  summary('served', 'queue', nonNegative('customers'), 'customers served, warm-up included'),
  summary('erlangWq', 'queue', nonNegative('s'), "Erlang C's mean wait in queue, for a stable queue"),
  series('queueLength', 'queue', nonNegative('customers'), [], 'customers waiting'),
  series('busy', 'queue', nonNegative('servers'), [], 'servers busy'),
  counter('events', 'queue', nonNegative('events'), 'events the kernel executed'),
]);

export function mmcSummary(params: MmcParams, result: MmcResult): Record<string, number> {
  // Erlang C has no steady state to compare with once λ >= cμ; the simulated figures stand alone.
  const stable = params.lambda < params.servers * params.mu;
  return {
    meanWait: result.meanWait,
    meanSystemTime: result.meanSystemTime,
    utilization: result.utilization,
    served: result.served,
    ...(stable ? { erlangWq: erlangWq(params.lambda, params.mu, params.servers) } : {}),
  };
}
