// The charts a sweep report leads with, from a scenario's `report:` section: one chart per unit,
// x in the unit the user wrote, lines coloured by the colour parameter and whatever moves with it
// (a zip's other list), each row carrying its metric's domain; and the sentence of what the runs show.
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { headlineCharts, headlineSentence, type RunSummary } from '../../sim/report/headline.js';
import type { MetricInfo } from '../../sim/report/metricInfo.js';
import { userScale, type SweepAxis } from '../../sim/report/sweepAxes.js';

function axis(name: string, texts: string[]): SweepAxis {
  const scale = userScale(texts);
  return { name, values: texts, numeric: scale !== undefined, texts, ...(scale ? { scale } : {}) };
}

// A grid of rate (2 values) by a zip of mtbf and mttr (2 values): points 0..3, rate varying slowest.
const axes = [
  axis('users.arrival.rate', ['10/h', '10/h', '160/h', '160/h']),
  axis('providers.failures.mtbf', ['30d', '120d', '30d', '120d']),
  axis('providers.failures.mttr', ['12h', '3h', '12h', '3h']),
];
const UTILIZATION = [0.1, 0.12, 0.8, 0.9];
const WAIT = [30, 20, 600, 500];
const byPoint = UTILIZATION.flatMap((u, point) => [
  { point, label: `p${point}`, metric: 'utilization.mean', n: 2, mean: u, ciLower: Math.max(0, u - 0.2), ciUpper: Math.min(1, u + 0.2), fewSeeds: true },
  { point, label: `p${point}`, metric: 'wait_mean_s', n: 2, mean: WAIT[point]!, ciLower: 0, ciUpper: 2 * WAIT[point]!, fewSeeds: true },
]);
const info: MetricInfo = (metric) =>
  metric === 'utilization.mean' ? { unit: 'fraction', min: 0, max: 1, meaning: 'busy share' } : metric === 'wait_mean_s' ? { unit: 's', min: 0, max: Infinity, meaning: 'wait' } : undefined;
const settings = { title: 'T', question: 'Q?', headline: ['utilization.mean', 'wait_mean_s'], x: 'users.arrival.rate', color: 'providers.failures.mtbf' };

describe('headlineCharts', () => {
  it('draws one chart per unit, x in the unit written, lines named by the colour and what moves with it', () => {
    const charts = headlineCharts(byPoint, settings, axes, info);
    expect(charts.map((chart) => [chart.metrics, chart.unit])).toEqual([[['utilization.mean'], 'fraction'], [['wait_mean_s'], 's']]);
    const rows = (charts[0]!.spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;
    expect(rows.map((row) => [row['x'], row['colour'], row['domainMin'], row['domainMax']])).toEqual([
      [10, 'mtbf=30d, mttr=12h', 0, 1],
      [10, 'mtbf=120d, mttr=3h', 0, 1],
      [160, 'mtbf=30d, mttr=12h', 0, 1],
      [160, 'mtbf=120d, mttr=3h', 0, 1],
    ]);
    const spec = charts[0]!.spec as TopLevelSpec & { layer: { encoding: { x: { title: string; scale: unknown }; y: { scale: unknown } } }[] };
    // 10/h to 160/h spans sixteen times: a log scale, titled with the unit; a fraction keeps to [0, 1].
    expect(spec.layer[1]!.encoding.x).toMatchObject({ title: 'users.arrival.rate (/h)', scale: { type: 'log', domain: [10, 160] } });
    expect(spec.layer[1]!.encoding.y.scale).toEqual({ domain: [0, 1] });
  });
});

describe('headlineSentence', () => {
  it('says how each headline metric moves along x, and where the first is highest and lowest', () => {
    expect(headlineSentence(byPoint, settings, axes, info)).toBe(
      'utilization.mean is 0.11 at rate = 10/h and 0.85 at rate = 160/h; there it is highest with mtbf=120d, mttr=3h (0.9) and lowest with mtbf=30d, mttr=12h (0.8). ' +
        'wait_mean_s is 25 s at rate = 10/h and 550 s at rate = 160/h. (Means over the seeds and the points at each value.)',
    );
  });

  it('counts, run by run, where each other headline metric lies at or above the first (a bound holds or fails for its own run)', () => {
    // Three runs report both (the wait is above the utilization in two), one reports no wait, one neither.
    const runs: RunSummary[] = [
      { summary: { 'utilization.mean': 0.5, wait_mean_s: 600 } },
      { summary: { 'utilization.mean': 0.9, wait_mean_s: 0.2 } },
      { summary: { 'utilization.mean': 0.1, wait_mean_s: 0.1 } },
      { summary: { 'utilization.mean': 0.3 } },
      { summary: { slashes: 7 } },
    ];
    expect(headlineSentence(byPoint, settings, axes, info, runs)).toMatch(
      / wait_mean_s is at or above utilization\.mean in 2 of the 3 runs that report both; 1 of the 4 runs that report utilization\.mean report no wait_mean_s\.$/,
    );
  });
});
