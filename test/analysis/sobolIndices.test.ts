// Sobol' indices from a Saltelli design: the design's layout, the estimators on functions whose
// indices are known exactly, the analytic indices of the validation functions derived here a
// second way, the honesty of the bootstrap intervals, determinism and bad input.
import { describe, expect, it } from 'vitest';
import { saltelliDesign, sobolFromEvaluations, sobolIndices, UndefinedIndicesError } from '../../sim/analysis/sensitivity.js';
import { gFunction, gFunctionIndices, ishigami, ishigamiIndices, ISHIGAMI_BOUNDS } from '../../sim/analysis/testFunctions.js';

describe('the Saltelli design', () => {
  const bounds: [number, number][] = [[0, 1], [10, 20], [-1, 1]];

  it('holds n(k + 2) points, row by row: A_j, then A_j with column i from B_j for each i, then B_j', () => {
    const design = saltelliDesign(bounds, 8, 'layout');
    expect(design.points).toHaveLength(8 * 5);
    for (let j = 0; j < 8; j++) {
      const [a, ab1, ab2, ab3, b] = design.points.slice(j * 5, j * 5 + 5) as number[][];
      [ab1, ab2, ab3].forEach((abi, i) => abi!.forEach((x, c) => expect(x).toBe(c === i ? b![c] : a![c])));
      a!.forEach((x, c) => expect(x >= bounds[c]![0] && x <= bounds[c]![1]).toBe(true));
    }
  });

  it('grows by rows: a design of n rows is the start of the design of 2n rows with the same seed', () => {
    expect(saltelliDesign(bounds, 16, 's').points.slice(0, 8 * 5)).toEqual(saltelliDesign(bounds, 8, 's').points);
  });

  it('uses the raw Sobol\' sequence on request: its first row is the lower corner', () => {
    const design = saltelliDesign(bounds, 4, 's', { randomization: 'none' });
    expect(design.points[0]).toEqual([0, 10, -1]);
  });
});

describe('the estimators on an additive linear function', () => {
  // f = Σ c_i x_i with x_i uniform on a range of width w_i: V_i = c_i² w_i²/12, no interactions,
  // so S1_i = ST_i = V_i / Σ V exactly. The fourth input does nothing.
  const c = [3, -2, 0.5, 0];
  const bounds: [number, number][] = [[0, 1], [0, 2], [-1, 1], [5, 6]];
  const parts = c.map((ci, i) => (ci * ci * (bounds[i]![1] - bounds[i]![0]) ** 2) / 12);
  const exact = parts.map((v) => v / parts.reduce((a, b) => a + b));
  const f = (x: number[]): number => x.reduce((sum, xi, i) => sum + c[i]! * xi, 0);

  it('recovers the exact indices within their intervals, to about 1e-3 at n = 4096', () => {
    const result = sobolIndices(f, bounds, { n: 4096, seed: 'linear', level: 0.999 });
    exact.forEach((s, i) => {
      expect(s).toBeGreaterThanOrEqual(result.S1Interval[i]![0]);
      expect(s).toBeLessThanOrEqual(result.S1Interval[i]![1]);
      expect(s).toBeGreaterThanOrEqual(result.STInterval[i]![0]);
      expect(s).toBeLessThanOrEqual(result.STInterval[i]![1]);
      expect(Math.abs(result.S1[i]! - s)).toBeLessThan(2e-3);
      expect(Math.abs(result.ST[i]! - s)).toBeLessThan(2e-3);
    });
    // An input that does nothing changes no output: its total index is exactly 0, with no spread.
    expect(result.ST[3]).toBe(0);
    expect(result.STInterval[3]).toEqual([0, 0]);
    expect(result.variance).toBeCloseTo(parts.reduce((a, b) => a + b), 2);
    expect(result.evaluations).toBe(4096 * 6);
  });

  it('is unchanged by adding a constant to the output, however large', () => {
    const plain = sobolIndices(f, bounds, { n: 256, seed: 'shifted' });
    const shifted = sobolIndices((x) => f(x) + 1e6, bounds, { n: 256, seed: 'shifted' });
    plain.S1.forEach((s, i) => expect(shifted.S1[i]).toBeCloseTo(s, 6));
    plain.ST.forEach((s, i) => expect(shifted.ST[i]).toBeCloseTo(s, 6));
  });
});

describe('the analytic indices of the validation functions, derived a second way', () => {
  // E over a uniform range by composite Simpson on 20,000 intervals (error ~1e-15 here).
  const expectation = (g: (x: number) => number, low: number, high: number): number => {
    const m = 20_000;
    const h = (high - low) / m;
    let sum = g(low) + g(high);
    for (let i = 1; i < m; i++) sum += (i % 2 === 1 ? 4 : 2) * g(low + i * h);
    return (sum * h) / 3 / (high - low);
  };

  it('Ishigami: from one-dimensional moments and its structure, the published four-digit values', () => {
    // f = sin x1 (1 + b x3⁴) + a sin² x2 with independent inputs on [−π, π]:
    //   V1 = Var(E[f | x1]) = Var(sin x1) (1 + b E x3⁴)²,  V2 = a² Var(sin² x2),
    //   V1 + V13 = Var(sin x1 (1 + b x3⁴)) = E sin² E(1 + b x⁴)² − (E sin E(1 + b x⁴))²,
    //   and E[f | x3] is constant (E sin x1 = 0), so V3 = 0; V = V1 + V13 + V2.
    const [a, b, pi] = [7, 0.1, Math.PI];
    const e = (g: (x: number) => number): number => expectation(g, -pi, pi);
    const varSin = e((x) => Math.sin(x) ** 2) - e(Math.sin) ** 2;
    const v1 = varSin * (1 + b * e((x) => x ** 4)) ** 2;
    const v2 = a * a * (e((x) => Math.sin(x) ** 4) - e((x) => Math.sin(x) ** 2) ** 2);
    const v1and13 = e((x) => Math.sin(x) ** 2) * e((x) => (1 + b * x ** 4) ** 2) - (e(Math.sin) * e((x) => 1 + b * x ** 4)) ** 2;
    const v = v1and13 + v2;
    const derived = { S1: [v1 / v, v2 / v, 0], ST: [v1and13 / v, v2 / v, (v1and13 - v1) / v] };
    const published = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };
    const closedForm = ishigamiIndices(a, b);
    for (const kind of ['S1', 'ST'] as const) {
      derived[kind].forEach((s, i) => {
        expect(Math.abs(s - published[kind][i]!), `${kind}${i + 1}`).toBeLessThanOrEqual(5e-5);
        expect(closedForm[kind][i]).toBeCloseTo(s, 10);
      });
    }
  });

  it('g-function: from the moments of each factor, the closed form', () => {
    // g = Π g_i with independent factors: E[g | x_i] = g_i Π_{j≠i} E g_j, so
    //   V_i = Var(g_i) Π_{j≠i} (E g_j)²,  ST_i V = E[Var(g | x_~i)] = Var(g_i) Π_{j≠i} E g_j²,
    //   V = Π E g_j² − Π (E g_j)².
    const a = [0, 1, 4.5, 9, 99];
    const mean = a.map((ai) => expectation((x) => (Math.abs(4 * x - 2) + ai) / (1 + ai), 0, 1));
    const square = a.map((ai) => expectation((x) => ((Math.abs(4 * x - 2) + ai) / (1 + ai)) ** 2, 0, 1));
    const others = (values: number[], i: number): number => values.reduce((p, v, j) => (j === i ? p : p * v), 1);
    const v = square.reduce((p, s) => p * s, 1) - mean.reduce((p, m) => p * m * m, 1);
    const closedForm = gFunctionIndices(a);
    a.forEach((_, i) => {
      const varianceOfFactor = square[i]! - mean[i]! ** 2;
      expect(closedForm.S1[i]).toBeCloseTo((varianceOfFactor * others(mean.map((m) => m * m), i)) / v, 8);
      expect(closedForm.ST[i]).toBeCloseTo((varianceOfFactor * others(square, i)) / v, 8);
    });
  });
});

describe('the estimators on the validation functions', () => {
  it('Ishigami at n = 4096: every analytic index inside its 99.9% interval, the estimates within 0.01', () => {
    const truth = ishigamiIndices(7, 0.1);
    const result = sobolIndices(ishigami(7, 0.1), ISHIGAMI_BOUNDS, { n: 4096, seed: 'ishigami-unit', level: 0.999 });
    for (const kind of ['S1', 'ST'] as const) {
      const interval = kind === 'S1' ? result.S1Interval : result.STInterval;
      truth[kind].forEach((s, i) => {
        expect(s).toBeGreaterThanOrEqual(interval[i]![0]);
        expect(s).toBeLessThanOrEqual(interval[i]![1]);
        expect(Math.abs(result[kind][i]! - s)).toBeLessThan(0.01);
      });
    }
  });

  it('keeps every index and interval in [0, 1], and S1 ≤ ST up to their intervals', () => {
    const a = [0, 1, 4.5, 9, 99, 99];
    const result = sobolIndices(gFunction(a), a.map(() => [0, 1] as [number, number]), { n: 512, seed: 'g-unit' });
    for (const list of [result.S1, result.ST, ...result.S1Interval, ...result.STInterval]) for (const x of list) expect(x >= 0 && x <= 1).toBe(true);
    result.S1Interval.forEach(([low], i) => expect(low).toBeLessThanOrEqual(result.STInterval[i]![1]));
  });

  it('gives intervals that cover the truth at least as often as they claim, over 40 digital shifts', () => {
    // Over independent shifts the estimates are independent; a 95% interval that really covered 95%
    // of the time would cover 33 or fewer of 40 with probability 0.014. On a quasi-random design the
    // bootstrap over rows is conservative (it ignores that the rows' errors partly cancel): we
    // measured 40 of 40 for every index, with the bootstrap s.e. 1.5 to 3 times the actual spread.
    const truth = ishigamiIndices(7, 0.1);
    const covered = new Array<number>(6).fill(0);
    for (let s = 0; s < 40; s++) {
      const result = sobolIndices(ishigami(7, 0.1), ISHIGAMI_BOUNDS, { n: 256, seed: `coverage-${s}`, resamples: 400 });
      [...result.S1Interval, ...result.STInterval].forEach(([low, high], i) => {
        const value = [...truth.S1, ...truth.ST][i]!;
        if (value >= low && value <= high) covered[i]! += 1;
      });
    }
    for (const count of covered) expect(count).toBeGreaterThanOrEqual(34);
  });
});

describe('determinism and bad input', () => {
  const bounds: [number, number][] = [[0, 1], [0, 1]];
  const f = (x: number[]): number => x[0]! + x[0]! * x[1]!;

  it('gives the same result for the same seed, bootstrap included, and another for another seed', () => {
    const first = sobolIndices(f, bounds, { n: 64, seed: 'same' });
    expect(sobolIndices(f, bounds, { n: 64, seed: 'same' })).toEqual(first);
    expect(sobolIndices(f, bounds, { n: 64, seed: 'other' }).S1).not.toEqual(first.S1);
    expect(first.level).toBe(0.95);
    expect(first.resamples).toBe(1000);
  });

  it('composes the two halves: evaluating the design elsewhere gives the same indices', () => {
    const design = saltelliDesign(bounds, 64, 'halves');
    const values = JSON.parse(JSON.stringify(design.points.map(f))) as number[];
    expect(sobolFromEvaluations(JSON.parse(JSON.stringify(design)), values)).toEqual(sobolIndices(f, bounds, { n: 64, seed: 'halves' }));
  });

  it('refuses a wrong number of values, a value that is not finite, and a constant output', () => {
    const design = saltelliDesign(bounds, 8, 'bad');
    expect(() => sobolFromEvaluations(design, [1, 2])).toThrow(/has 32 points, got 2 values/);
    const values = design.points.map(f);
    values[5] = NaN;
    expect(() => sobolFromEvaluations(design, values)).toThrow(/value 5 .* is NaN/);
    expect(() => sobolFromEvaluations(design, design.points.map(() => 3))).toThrow(UndefinedIndicesError);
  });

  it('refuses bad bounds, sizes and options with the field named', () => {
    expect(() => saltelliDesign([[1, 0]], 8, 's')).toThrow(/bounds\[0\]/);
    expect(() => saltelliDesign([], 8, 's')).toThrow(/at least one/);
    expect(() => saltelliDesign(bounds, 1, 's')).toThrow(/n \(base rows\)/);
    expect(() => saltelliDesign(Array.from({ length: 65 }, () => [0, 1] as [number, number]), 8, 's')).toThrow(/at most 64 inputs/);
    expect(() => sobolIndices(f, bounds, { n: 8, seed: 's', level: 1 })).toThrow(/level/);
    expect(() => sobolIndices(f, bounds, { n: 8, seed: 's', resamples: 1 })).toThrow(/resamples/);
  });
});
