// What `depin-lab run` prints for a person: what was simulated, whether the invariants held, then
// every metric grouped (market, providers, users, chain, security, invariants) with its unit and
// meaning, as the model declares them (sim/metrics/catalog.ts).
import { METRIC_GROUPS, type MetricCatalog, type ReportedMetric } from '../metrics/catalog.js';
import { formatDuration, formatRate } from '../scenario/index.js';
import { declaredMetrics } from '../scenario/metricNames.js';
import { pointValuesLabel, type PointValues } from '../scenario/pointValues.js';
import type { RunResult } from '../scenario/runResult.js';
import { formatNumber, table } from './steps.js';

type Params = Readonly<Record<string, unknown>>;

export function formatRunSummary(result: RunResult, point: PointValues): string {
  const catalog = declaredMetrics(result.params);
  const header = [
    `${result.scenario}, run ${result.id}, seed ${result.seed}${point.length > 0 ? `, sweep point ${result.key.point}: ${pointValuesLabel(point, true)}` : ''}`,
    `  ${describeWorld(result.params)}`,
    invariantVerdict(result),
  ];
  return `${header.join('\n')}\n${catalog ? groupedMetrics(result, catalog) : ungrouped(result)}`;
}

/** One line: the model and what it simulated, in the units people write. */
function describeWorld(params: Params): string {
  const at = (path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as Params | undefined)?.[key], params);
  if (params['model'] === 'mmc') {
    return `M/M/c queue: arrivals ${formatRate(at('lambda') as number)}, service ${formatRate(at('mu') as number)} per server, ${at('servers')} servers, ${at('customers')} customers`;
  }
  const attacker = at('attacker.enabled') === true ? ', with an attacker' : '';
  return [
    `${at('market.kind')} market, ${formatDuration(at('duration') as number)} simulated`,
    `${at('providers.count')} providers × ${at('providers.gpus')} GPUs`,
    `jobs arrive at ${formatRate(at('users.arrival.rate') as number)} (${at('users.arrival.process')})`,
    `${at('stakers.count')} stakers, ${at('operators.count')} operators, ${at('services.count')} services (${at('security.contagion')} contagion${attacker}), ${at('solvers.count')} solvers`,
  ].join('; ');
}

function invariantVerdict(result: RunResult): string {
  const { checks, violations } = result.invariants;
  if (violations.length > 0) {
    const first = violations[0]!;
    return `INVARIANTS BROKEN: ${result.summary['invariant_violations'] ?? violations.length} violation(s), first ${first.invariant} at block ${first.block}`;
  }
  if (result.status === 'failed') return `RUN FAILED: ${result.error?.name ?? 'Error'}: ${result.error?.message ?? ''}`;
  if (result.params['model'] === 'mmc') return 'invariants: the M/M/c queue has none';
  return checks > 0 ? `invariants: held in all ${checks.toLocaleString('en-US')} checks` : 'invariants: none checked';
}

function groupedMetrics(result: RunResult, catalog: MetricCatalog): string {
  const reported = { ...result.summary, ...result.counters };
  const known = new Map<string, ReportedMetric>();
  for (const name of Object.keys(reported)) {
    const metric = catalog.reported(name);
    if (metric) known.set(name, metric);
  }
  // One table for every group, so that the columns line up down the page; a group's title is a row of its own.
  const rows: string[][] = [];
  const group = (title: string, metrics: readonly string[][]) => {
    if (metrics.length === 0) return;
    rows.push([''], [title], ...metrics.map(([name, ...rest]) => [`  ${name}`, ...rest]));
  };
  for (const name of METRIC_GROUPS) {
    group(name, catalog.all().filter((metric) => metric.group === name && metric.name in reported).map((metric) => [metric.name, value(reported[metric.name]!), metric.unit, metric.meaning]));
  }
  group('other', Object.keys(reported).filter((name) => !known.has(name)).map((name) => [name, value(reported[name]!), '', '']));
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((row) => row.length));
  const lines = table(rows.map((row) => (row.length === width ? row : [row[0]!, ...Array<string>(width - 1).fill('')])), ['left', 'right', 'left', 'left']);
  return `${lines}\n`;
}

function ungrouped(result: RunResult): string {
  const rows = Object.entries({ ...result.summary, ...result.counters }).map(([name, v]) => [name, value(v)]);
  return rows.length > 0 ? `\n${table(rows)}\n` : '';
}

function value(v: number): string {
  return Number.isFinite(v) ? formatNumber(v) : '–';
}

