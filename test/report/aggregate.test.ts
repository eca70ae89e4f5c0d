// Aggregation across seeds on the hand-made fixture. Expected values are worked out by hand from
// the fixture's numbers (fixture.ts), never by the code under test.
import { describe, expect, it } from 'vitest';
import { loadSweepResults, metricsTable, rows, runsTable, seriesBands, seriesTable, summarizeMetrics } from '../../sim/report/index.js';
import { FAILED_RUN, writeFixture } from './fixture.js';

// Student's t 0.975 quantile with 3 and 2 degrees of freedom, from any t table (e.g. NIST/SEMATECH
// e-Handbook 1.3.6.7.2): 3.182446 and 4.302653.
const T_975_DF3 = 3.182446305284263;
const T_975_DF2 = 4.302652729911275;

const results = loadSweepResults(await writeFixture({ scenario: 'fixture' }));

describe('loading a results directory', () => {
  it('finds the swept parameter and every summary metric', () => {
    expect(results.axes).toEqual([{ name: 'market.rate', values: [1, 2], numeric: true, texts: ['1', '2'], scale: { values: [1, 2], unit: '' } }]);
    expect(results.metrics).toEqual(['latency', 'throughput']);
    expect(results.runs.find((run) => run.id === FAILED_RUN)).toMatchObject({ status: 'failed', violationCount: 1, firstViolation: 'supply at block 7' });
  });

  it('gives one row per run with the axis as a column', () => {
    const table = runsTable(results);
    expect(table.numRows()).toBe(8);
    expect(table.array('market.rate')).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(table.array('label')[4]).toBe('rate=2');
  });
});

describe('summarizeMetrics', () => {
  const byPoint = rows(summarizeMetrics(metricsTable(results), ['point']));
  const find = (point: number, metric: string) => byPoint.find((row) => row['point'] === point && row['metric'] === metric)!;

  it('computes n, mean, sd and type-7 quantiles of point 0 throughput (1, 2, 3, 10)', () => {
    const row = find(0, 'throughput');
    // mean 16/4 = 4; squared deviations 9 + 4 + 1 + 36 = 50, sample variance 50/3.
    expect(row['n']).toBe(4);
    expect(row['mean']).toBe(4);
    expect(row['sd']).toBeCloseTo(Math.sqrt(50 / 3), 12);
    // Positions (n-1)p: 0.15 -> 1 + 0.15(2-1); 1.5 -> (2+3)/2; 2.85 -> 3 + 0.85(10-3).
    expect(row['p5']).toBeCloseTo(1.15, 12);
    expect(row['p50']).toBe(2.5);
    expect(row['p95']).toBeCloseTo(8.95, 12);
    const halfWidth = (T_975_DF3 * Math.sqrt(50 / 3)) / 2;
    expect(row['ciLower']).toBeCloseTo(4 - halfWidth, 9);
    expect(row['ciUpper']).toBeCloseTo(4 + halfWidth, 9);
  });

  it('leaves the failed run out: point 1 latency is 1, 1.5, 2 (n = 3)', () => {
    const row = find(1, 'latency');
    expect(row['n']).toBe(3);
    expect(row['mean']).toBeCloseTo(1.5, 12);
    // Sample variance (0.25 + 0 + 0.25) / 2 = 0.25, sd 0.5.
    expect(row['sd']).toBeCloseTo(0.5, 12);
    expect(row['ciUpper']).toBeCloseTo(1.5 + (T_975_DF2 * 0.5) / Math.sqrt(3), 9);
    // The failed run's throughput of 999 must not appear anywhere.
    expect(find(1, 'throughput')['p95']).toBe(4);
  });

  it('pools all successful runs when not grouped', () => {
    const all = rows(summarizeMetrics(metricsTable(results)));
    const throughput = all.find((row) => row['metric'] === 'throughput')!;
    // 1 + 2 + 3 + 10 + 4 + 4 + 4 = 28 over 7 runs.
    expect(throughput['n']).toBe(7);
    expect(throughput['mean']).toBeCloseTo(4, 12);
  });

  it("cuts an interval to its metric's domain and marks fewer than five seeds", () => {
    // Point 0 throughput: mean 4, half-width 3.182 * sqrt(50/3) / 2 = 6.50, so 4 ± 6.50 runs past
    // both ends of a domain [0, 5]; latency declares none and keeps its interval.
    const info = (metric: string) => (metric === 'throughput' ? { unit: 'jobs/s', min: 0, max: 5, meaning: 'jobs done' } : undefined);
    const clipped = rows(summarizeMetrics(metricsTable(results), ['point'], info));
    expect(clipped.find((row) => row['point'] === 0 && row['metric'] === 'throughput')).toMatchObject({ ciLower: 0, ciUpper: 5, clipped: true, fewSeeds: true });
    const latency = clipped.find((row) => row['point'] === 1 && row['metric'] === 'latency')!;
    expect(latency['clipped']).toBe(false);
    expect(latency['ciUpper']).toBeCloseTo(1.5 + (T_975_DF2 * 0.5) / Math.sqrt(3), 9);
  });

  it('reports no interval for a single run rather than a fake one', () => {
    const single = rows(summarizeMetrics(metricsTable(results).filter((d: { id: string }) => d.id === 'p0000-r0000')));
    expect(single[0]!['n']).toBe(1);
    expect(Number.isNaN(single[0]!['ciLower'])).toBe(true);
    expect(Number.isNaN(single[0]!['sd'])).toBe(true);
  });
});

describe('seriesBands', () => {
  it('bins each run, then takes mean and percentiles across seeds', () => {
    // Horizon 3 and 2 bins: width 1.5, so t = 0, 1 fall in bin 0 (centre 0.75) and t = 2, 3 in bin 1.
    // Point 0's runs sit at their replicate index 0..3 in bin 0: mean 1.5, p5 0.15, p95 2.85.
    const bands = rows(seriesBands(seriesTable(results, 2)));
    const first = bands.find((row) => row['point'] === 0 && row['bin'] === 0)!;
    expect(first).toMatchObject({ column: 'queue', time: 0.75, n: 4, mean: 1.5 });
    expect(first['p5']).toBeCloseTo(0.15, 12);
    expect(first['p95']).toBeCloseTo(2.85, 12);
    // Point 1 has three successful runs (replicates 0..2) at 1..3 in bin 1: mean 2.
    expect(bands.find((row) => row['point'] === 1 && row['bin'] === 1)).toMatchObject({ time: 2.25, n: 3, mean: 2 });
  });
});
