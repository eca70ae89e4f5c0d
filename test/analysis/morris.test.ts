// Morris screening: the trajectories' geometry, exact elementary effects of a linear function,
// the g-function's known ranking and analytic μ*, determinism and bad input.
import { describe, expect, it } from 'vitest';
import { morris, morrisDesign, morrisFromEvaluations } from '../../sim/analysis/sensitivity.js';
import { gFunction, gFunctionMorrisMuStar } from '../../sim/analysis/testFunctions.js';

describe('the Morris design', () => {
  const bounds: [number, number][] = [[0, 1], [10, 40], [-2, 2]];

  it('moves each input once per trajectory, by Δ = p/(2(p − 1)) of its range, on the grid of p levels', () => {
    const design = morrisDesign(bounds, 30, 'geometry', { levels: 6 });
    expect(design.delta).toBe(0.6);
    expect(design.points).toHaveLength(30 * 4);
    design.moves.forEach((trajectory, t) => {
      expect(trajectory.map((m) => m.input).sort()).toEqual([0, 1, 2]);
      trajectory.forEach(({ input, direction }, s) => {
        const before = design.points[t * 4 + s]!;
        const after = design.points[t * 4 + s + 1]!;
        before.forEach((x, c) => {
          const [low, high] = bounds[c]!;
          const level = ((x - low) / (high - low)) * 5;
          expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-9);
          expect(x >= low && x <= high).toBe(true);
          const expected = c === input ? x + direction * 0.6 * (high - low) : x;
          expect(after[c]).toBeCloseTo(expected, 9);
        });
      });
    });
  });

  it('visits every level of every input, and moves up and down', () => {
    const design = morrisDesign([[0, 1]], 200, 'levels');
    expect(new Set(design.points.map((p) => Math.round(p[0]! * 3)))).toEqual(new Set([0, 1, 2, 3]));
    const directions = design.moves.map((t) => t[0]!.direction);
    expect(directions).toContain(1);
    expect(directions).toContain(-1);
  });
});

describe('Morris measures', () => {
  it('on a linear function: every effect is c_i times the range, so μ = c_i w_i, μ* = |c_i| w_i, σ = 0', () => {
    const c = [2, -5, 0];
    const bounds: [number, number][] = [[0, 1], [0, 3], [-1, 1]];
    const result = morris((x) => x.reduce((sum, xi, i) => sum + c[i]! * xi, 0), bounds, { r: 10, seed: 'linear' });
    expect(result.mu[0]).toBeCloseTo(2, 10);
    expect(result.mu[1]).toBeCloseTo(-15, 10);
    expect(result.muStar[1]).toBeCloseTo(15, 10);
    expect(result.muStar[2]).toBe(0);
    result.sigma.forEach((s) => expect(s).toBeLessThan(1e-9));
    expect(result.ranking).toEqual([1, 0, 2]);
    expect(result.evaluations).toBe(40);
  });

  it('on an interaction: the effects of x1 and x2 in f = x1·x2 vary with the other input, so σ > 0 and μ = μ* > 0', () => {
    const result = morris((x) => x[0]! * x[1]!, [[0, 1], [0, 1], [0, 1]], { r: 20, seed: 'interaction' });
    for (const i of [0, 1]) {
      expect(result.sigma[i]).toBeGreaterThan(0.1);
      expect(result.mu[i]).toBeCloseTo(result.muStar[i]!, 12);
    }
    expect(result.muStar[2]).toBe(0);
  });

  it('on the g-function: the inputs in order of their a first, each μ* within its interval of the analytic value', () => {
    // μ*_i = 2/(1 + a_i) Π_{j≠i} (4/3 + a_j)/(1 + a_j) for 4 levels (derived in testFunctions.ts).
    const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
    const result = morris(gFunction(a), a.map(() => [0, 1] as [number, number]), { r: 20, seed: 'g-screening', level: 0.999 });
    expect(result.ranking.slice(0, 4)).toEqual([0, 1, 2, 3]);
    a.forEach((_, i) => {
      const analytic = gFunctionMorrisMuStar(a, i);
      expect(analytic).toBeGreaterThanOrEqual(result.muStarInterval[i]![0]);
      expect(analytic).toBeLessThanOrEqual(result.muStarInterval[i]![1]);
    });
    // The strongest input's analytic μ* is 2 · (7/3)/2 · (5.8333/5.5) · (10.3333/10) · (100.3333/100)^4.
    expect(gFunctionMorrisMuStar(a, 0)).toBeCloseTo(2 * (7 / 6) * (35 / 33) * (31 / 30) * (301 / 300) ** 4, 12);
  });
});

describe('determinism and bad input', () => {
  const bounds: [number, number][] = [[0, 1], [0, 1]];
  const f = (x: number[]): number => Math.sin(3 * x[0]!) + x[1]! ** 2;

  it('gives the same result for the same seed and composes its two halves', () => {
    const whole = morris(f, bounds, { r: 8, seed: 'same' });
    expect(morris(f, bounds, { r: 8, seed: 'same' })).toEqual(whole);
    const design = JSON.parse(JSON.stringify(morrisDesign(bounds, 8, 'same')));
    expect(morrisFromEvaluations(design, design.points.map(f))).toEqual(whole);
    expect(morris(f, bounds, { r: 8, seed: 'other' }).mu).not.toEqual(whole.mu);
  });

  it('refuses odd levels, a single trajectory, and the wrong values', () => {
    expect(() => morrisDesign(bounds, 4, 's', { levels: 5 })).toThrow(/levels must be an even integer/);
    expect(() => morrisDesign(bounds, 1, 's')).toThrow(/r \(trajectories\)/);
    const design = morrisDesign(bounds, 4, 's');
    expect(() => morrisFromEvaluations(design, [1])).toThrow(/has 12 points, got 1 values/);
    expect(() => morrisFromEvaluations(design, design.points.map(() => Infinity))).toThrow(/not a finite number/);
  });
});
