// Sweep expansion: point counts and order, zip, random and Latin-hypercube samples, replicates,
// and run seeds that depend only on (master seed, point, replicate).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandRuns } from '../../sim/scenario/index.js';
import { loadText, scenarioFrom } from './helpers.js';

const param = (params: Readonly<Record<string, unknown>>, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], params);

describe('grid and zip', () => {
  const scenario = scenarioFrom(`
sweep:
  grid:
    providers.count: [100, 200, 300]
    market.kind: [lease-auction, posted-price]
  zip:
    duration: [1d, 7d]
    users.arrival.rate: [10/h, 20/h]
  replicates: 4
`);

  it('has the product of the grid sizes and the zip length, times the replicates', () => {
    expect(expandRuns(scenario)).toHaveLength(3 * 2 * 2 * 4);
    expect(expandRuns(scenario, { replicates: 1 })).toHaveLength(12);
  });

  it('orders points with the last axis fastest and replicates innermost', () => {
    const runs = expandRuns(scenario, { replicates: 1 });
    const row = (i: number) => {
      const p = runs[i]!.params;
      return [param(p, 'providers.count'), param(p, 'market.kind'), param(p, 'duration'), param(p, 'users.arrival.rate')];
    };
    expect(row(0)).toEqual([100, 'lease-auction', 86_400, 10 / 3_600]);
    expect(row(1)).toEqual([100, 'lease-auction', 604_800, 20 / 3_600]);
    expect(row(2)).toEqual([100, 'posted-price', 86_400, 10 / 3_600]);
    expect(row(11)).toEqual([300, 'posted-price', 604_800, 20 / 3_600]);
    expect(expandRuns(scenario).slice(0, 5).map((run) => run.id)).toEqual([
      'p0000-r0000', 'p0000-r0001', 'p0000-r0002', 'p0000-r0003', 'p0001-r0000',
    ]);
  });

  it('gives params without the sweep, with defaults and units resolved', () => {
    const params = expandRuns(scenario, { replicates: 1 })[0]!.params;
    expect(params['sweep']).toBeUndefined();
    expect(param(params, 'chain.blockTime')).toBe(12);
    expect(params['name']).toBe(scenario.name);
  });

  it('rejects zip lists of different lengths', () => {
    const result = loadText(`
sweep:
  zip:
    providers.count: [1, 2]
    providers.gpus: [1, 2, 3]
`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => [p.path, p.expected, p.found])).toEqual([
      ['sweep.zip', 'expected lists of equal length', '2 for providers.count, 3 for providers.gpus'],
    ]);
  });

  it('without a sweep is one point', () => {
    const runs = expandRuns(scenarioFrom('sweep: { replicates: 3 }'));
    expect(runs.map((run) => run.key)).toEqual([
      { point: 0, replicate: 0 },
      { point: 0, replicate: 1 },
      { point: 0, replicate: 2 },
    ]);
  });
});

describe('Latin hypercube', () => {
  const n = 50;
  const scenario = scenarioFrom(`
sweep:
  lhs:
    samples: ${n}
    params:
      market.intentAuction.exclusiveShare: { min: 0.5, max: 1 }
      users.arrival.rate: { min: 10/h, max: 110/h }
`);

  it('puts exactly one sample in each of the n strata of every parameter', () => {
    const runs = expandRuns(scenario);
    expect(runs).toHaveLength(n);
    const strata = (values: number[], min: number, max: number) =>
      values.map((v) => Math.floor(((v - min) / (max - min)) * n)).sort((a, b) => a - b);
    const everyStratum = Array.from({ length: n }, (_, i) => i);
    const target = runs.map((run) => param(run.params, 'market.intentAuction.exclusiveShare') as number);
    const rate = runs.map((run) => param(run.params, 'users.arrival.rate') as number);
    expect(strata(target, 0.5, 1)).toEqual(everyStratum);
    expect(strata(rate, 10 / 3_600, 110 / 3_600)).toEqual(everyStratum);
  });

  it('pairs the strata differently for different master seeds', () => {
    const order = (seed: string) => expandRuns(scenarioFrom(`seed: ${seed}\nsweep: { lhs: { samples: 20, params: { providers.gpus: { min: 1, max: 20, integer: true } } } }`))
      .map((run) => param(run.params, 'providers.gpus'));
    expect(order('a')).toEqual(order('a'));
    expect(order('a')).not.toEqual(order('b'));
    expect([...order('a')].every((v) => Number.isInteger(v))).toBe(true);
  });
});

describe('random samples', () => {
  const samples = (seed: string, count: number, extra = '') =>
    expandRuns(scenarioFrom(`
seed: ${seed}
sweep:
  random:
    samples: ${count}
    params:
      market.intentAuction.exclusiveShare: { min: 0, max: 1 }
      market.postedPrice.step: { min: 0.01, max: 1, scale: log }
${extra}`)).map((run) => [param(run.params, 'market.intentAuction.exclusiveShare') as number, param(run.params, 'market.postedPrice.step') as number]);

  it('are reproducible from the master seed and change with it', () => {
    expect(samples('s1', 10)).toEqual(samples('s1', 10));
    expect(samples('s1', 10)).not.toEqual(samples('s2', 10));
  });

  it('keep the earlier samples when more are asked for', () => {
    expect(samples('s1', 25).slice(0, 10)).toEqual(samples('s1', 10));
  });

  it('are uniform on the linear scale and on the log scale', () => {
    const drawn = samples('uniformity', 2_000);
    expect(drawn.every(([u, step]) => u! >= 0 && u! <= 1 && step! >= 0.01 && step! <= 1)).toBe(true);
    // The mean of 2000 U(0, 1) draws has standard deviation sqrt(1/12/2000) = 0.00645; 4 sigma is 0.026.
    const mean = drawn.reduce((sum, [u]) => sum + u!, 0) / drawn.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.026);
    // log10(step) is U(-2, 0): mean -1, standard deviation of the mean 2 * 0.00645 = 0.0129; 4 sigma is 0.052.
    const logMean = drawn.reduce((sum, [, step]) => sum + Math.log10(step!), 0) / drawn.length;
    expect(Math.abs(logMean + 1)).toBeLessThan(0.052);
  });
});

describe('run seeds', () => {
  const scenario = scenarioFrom(`
seed: baseline-2026
sweep:
  grid:
    providers.count: [1, 2, 3, 4, 5]
  replicates: 8
`);

  it('are sha256 of the domain, master seed, point and replicate (a pinned vector)', () => {
    // Computed outside the lab: python3 -c "import hashlib; print(hashlib.sha256(
    //   b'depin-lab/run-seed/v1\x00baseline-2026\x003\x007').hexdigest()[:32])"
    const run = expandRuns(scenario).find((r) => r.id === 'p0003-r0007');
    expect(run?.seed).toBe('331df4590cda61ae1b2fbe66fe8944e6');
  });

  it('do not depend on the number of runs or the order of expansion', () => {
    const all = expandRuns(scenario);
    const fewer = expandRuns(scenario, { replicates: 2 });
    const seedOf = new Map(all.map((run) => [run.id, run.seed]));
    for (const run of fewer) expect(run.seed).toBe(seedOf.get(run.id));
    for (const run of all) {
      const expected = createHash('sha256')
        .update(`depin-lab/run-seed/v1\u0000baseline-2026\u0000${run.key.point}\u0000${run.key.replicate}`)
        .digest('hex')
        .slice(0, 32);
      expect(run.seed).toBe(expected);
    }
  });

  it('are distinct within a sweep and follow a master seed given at expansion', () => {
    const runs = expandRuns(scenario);
    expect(new Set(runs.map((run) => run.seed)).size).toBe(runs.length);
    const reseeded = expandRuns(scenario, { seed: 'other' });
    expect(reseeded[0]!.seed).not.toBe(runs[0]!.seed);
    expect(reseeded[0]!.params['seed']).toBe('other');
  });
});

describe('common run seeds (sweep.seeds: common)', () => {
  const scenario = scenarioFrom(`
seed: baseline-2026
sweep:
  grid:
    providers.count: [1, 2, 3, 4, 5]
  replicates: 8
  seeds: common
`);

  it('give replicate r the same seed at every point: sha256 of the domain, master seed and replicate (a pinned vector)', () => {
    // Computed outside the lab: python3 -c "import hashlib; print(hashlib.sha256(
    //   b'depin-lab/common-run-seed/v1\x00baseline-2026\x007').hexdigest()[:32])"
    const runs = expandRuns(scenario);
    const r7 = runs.filter((run) => run.key.replicate === 7);
    expect(r7).toHaveLength(5);
    for (const run of r7) expect(run.seed).toBe('d8669a206b72b9fab21a209d04881fd7');
    // Replicates differ from each other, and from the independent seeds.
    expect(new Set(runs.map((run) => run.seed)).size).toBe(8);
    const independent = expandRuns(scenarioFrom('seed: baseline-2026\nsweep: { grid: { providers.count: [1, 2, 3, 4, 5] }, replicates: 8 }'));
    for (const run of independent) expect(runs.map((r) => r.seed)).not.toContain(run.seed);
  });
});
