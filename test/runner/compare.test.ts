import { describe, expect, it } from 'vitest';
import {
  bootstrapMeanInterval,
  compareRuns,
  compareSummaries,
  comparisonVerdict,
  pairedDifference,
  PairingError,
  pairRuns,
  quantile,
  verdict,
  type ComparedRun,
  type PairedDifference,
} from '../../sim/runner/compare.js';

describe('quantile (type 7)', () => {
  // R: quantile(c(1, 2, 3, 4), c(0, 0.25, 0.5, 0.9, 1)) gives 1, 1.75, 2.5, 3.7, 4.
  it('interpolates between order statistics like R and numpy defaults', () => {
    expect([0, 0.25, 0.5, 0.9, 1].map((p) => quantile([1, 2, 3, 4], p))).toEqual([1, 1.75, 2.5, expect.closeTo(3.7, 12), 4]);
  });
});

describe('bootstrapMeanInterval', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
    const a = bootstrapMeanInterval(values, { seed: 's' });
    expect(bootstrapMeanInterval(values, { seed: 's' })).toEqual(a);
    expect(bootstrapMeanInterval(values, { seed: 't' })).not.toEqual(a);
  });

  it('collapses to the value when every difference is the same', () => {
    expect(bootstrapMeanInterval([0.25, 0.25, 0.25], { seed: 's' })).toEqual({ lower: 0.25, upper: 0.25 });
  });

  it('matches the normal-theory interval for a symmetric sample of 400', () => {
    // Deterministic, symmetric data: x_i = sin(i) for i = 1..400; mean and sd computed here directly.
    const values = Array.from({ length: 400 }, (_, i) => Math.sin(i + 1));
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const se = sd / Math.sqrt(n);
    // Tolerance: with B = 4000 resamples a bootstrap 2.5% quantile has Monte Carlo standard error
    // sqrt(0.025 * 0.975 / B) / phi(1.96) * se = 0.0423 se; allow 5 of those (0.21 se) per bound.
    const { lower, upper } = bootstrapMeanInterval(values, { seed: 'normal-check', resamples: 4000 });
    expect(Math.abs(lower - (mean - 1.959964 * se))).toBeLessThan(0.21 * se);
    expect(Math.abs(upper - (mean + 1.959964 * se))).toBeLessThan(0.21 * se);
  });
});

describe('pairedDifference', () => {
  it('differences pair by index, so shared noise cancels', () => {
    const baseline = [10, 20, 30, 40];
    const proposal = [11, 21, 31, 41];
    const result = pairedDifference(baseline, proposal, { seed: 's' });
    expect(result).toEqual({ n: 4, baselineMean: 25, proposalMean: 26, meanDifference: 1, interval: { lower: 1, upper: 1 } });
  });

  it('rejects samples of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1], { seed: 's' })).toThrow(RangeError);
  });
});

describe('verdict', () => {
  const diff = (meanDifference: number, lower: number, upper: number): PairedDifference => ({
    n: 10, baselineMean: 0, proposalMean: meanDifference, meanDifference, interval: { lower, upper },
  });

  it('blocks only a clear worsening larger than the threshold', () => {
    expect(verdict(diff(-5, -7, -3), { better: 'higher', threshold: 4 })).toBe('worse beyond threshold');
    expect(verdict(diff(-3, -5, -1), { better: 'higher', threshold: 4 })).toBe('worse');
    expect(verdict(diff(5, 3, 7), { better: 'lower', threshold: 4 })).toBe('worse beyond threshold');
    expect(verdict(diff(-5, -9, 1), { better: 'higher', threshold: 4 })).toBe('no clear change');
    expect(verdict(diff(2, 1, 3), { better: 'higher', threshold: 0 })).toBe('better');
    expect(verdict(diff(-2, -3, -1), { better: 'lower', threshold: 0 })).toBe('better');
  });
});

describe('compareSummaries', () => {
  it('compares the metrics both sides report, judging guarded ones by their direction', () => {
    const baseline = [1, 2, 3, 4, 5].map((wait) => ({ wait, served: 100, onlyBaseline: 1 }));
    const proposal = [1.5, 2.5, 3.5, 4.5, 5.5].map((wait, i) => ({ wait, served: 100 + i + 1 }));
    const comparisons = compareSummaries(baseline, proposal, { wait: { better: 'lower', threshold: 0.2 } }, 'seed');
    expect(comparisons.map(({ metric, guarded, verdict, meanDifference }) => ({ metric, guarded, verdict, meanDifference }))).toEqual([
      { metric: 'wait', guarded: true, verdict: 'worse beyond threshold', meanDifference: 0.5 },
      // served rises by 1..5 in every pair: clearly higher, with no direction declared.
      { metric: 'served', guarded: false, verdict: 'higher', meanDifference: 3 },
    ]);
  });

  it('gives no verdict and no interval below five pairs of seeds', () => {
    const baseline = [1, 2, 3, 4].map((wait) => ({ wait }));
    const proposal = [2, 3, 4, 5].map((wait) => ({ wait }));
    const [wait] = compareSummaries(baseline, proposal, { wait: { better: 'lower', threshold: 0.2 } }, 'seed');
    expect(wait).toMatchObject({ n: 4, meanDifference: 1, verdict: 'too few seeds', interval: { lower: NaN, upper: NaN } });
    expect(comparisonVerdict([wait!], { wait: { better: 'lower', threshold: 0.2 } })).toMatchObject({ verdict: 'too few seeds', passed: false });
    // A guard no run reports fails the comparison whatever the seeds.
    expect(comparisonVerdict([wait!], { wait: { better: 'lower', threshold: 0.2 }, gone: { better: 'lower', threshold: 0 } })).toMatchObject({
      verdict: 'fails',
      missing: ['gone'],
    });
  });
});

describe('pairing and the verdict, shared by the CLI and the comparison report', () => {
  const run = (id: string, wait: number, status = 'ok', seed = `seed-${id}`): ComparedRun => ({ id, seed, status, summary: { wait } });

  it('pairs runs by id in the baseline order and counts the runs left without a partner', () => {
    const pairing = pairRuns([run('a', 1), run('b', 2), run('c', 3)], [run('c', 30), run('a', 10), run('d', 40)]);
    expect(pairing.pairs.map(([b, p]) => [b.id, p.summary['wait']])).toEqual([['a', 10], ['c', 30]]);
    expect(pairing.unmatched).toBe(2);
  });

  it('refuses to pair runs of the same id made with different seeds', () => {
    expect(() => pairRuns([run('a', 1)], [run('a', 1, 'ok', 'other')])).toThrow(
      new PairingError('run a has seed seed-a in the baseline and other in the proposal: the sweeps were not run on the same seeds'),
    );
  });

  it('compares only the pairs in which both runs succeeded, and says so when none did', () => {
    const ids = ['a', 'c', 'd', 'e', 'f'];
    const baseline = [...ids.map((id, i) => run(id, i)), run('b', 2, 'failed')];
    const proposal = [...ids.map((id, i) => run(id, i + 1)), run('b', 100)];
    // The five pairs that succeeded differ by exactly +1: the interval collapses onto it.
    expect(compareRuns(baseline, proposal, {}, 's')).toMatchObject([{ metric: 'wait', n: 5, meanDifference: 1, interval: { lower: 1, upper: 1 } }]);
    expect(() => compareRuns([run('a', 1, 'failed')], [run('a', 1)], {}, 's')).toThrow('the baseline and the proposal share no successful run to compare');
  });

  it('passes only when every guarded metric is reported and none worsens beyond its threshold', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const [baseline, proposal] = [ids.map((id, i) => run(id, i)), ids.map((id, i) => run(id, i + 1))];
    const comparisons = compareRuns(baseline, proposal, { wait: { better: 'lower', threshold: 0.5 } }, 's');
    const worse = comparisonVerdict(comparisons, { wait: { better: 'lower', threshold: 0.5 } });
    expect(worse.blocked.map((c) => c.metric)).toEqual(['wait']);
    expect(worse).toMatchObject({ verdict: 'fails', missing: [], passed: false });
    const tolerated = compareRuns(baseline, proposal, { wait: { better: 'lower', threshold: 2 } }, 's');
    expect(comparisonVerdict(tolerated, { wait: { better: 'lower', threshold: 2 } })).toMatchObject({ verdict: 'passes', missing: [], blocked: [], passed: true });
    expect(comparisonVerdict(tolerated, { wait: { better: 'lower', threshold: 2 }, revenue: { better: 'higher', threshold: 0 } })).toMatchObject({
      verdict: 'fails',
      missing: ['revenue'],
      passed: false,
    });
    expect(comparisonVerdict(tolerated, {})).toMatchObject({ verdict: 'no guarded metric', passed: true });
  });
});
