// The §6 rows whole, as `npm run reproduce` prints them: Sobol' indices of Ishigami's and Sobol's
// functions, Morris on the g-function, and the optimiser on Branin with its control (on fewer seeds).
import { describe, expect, it } from 'vitest';
import { LEVEL } from '../../sim/validation/reproduce.js';
import type { ReproductionRow } from '../../sim/validation/rows.js';
import { binomialCdf, braninControlRow, braninRow, gFunctionRows, ishigamiRows, morrisRows, successLowerBound } from '../../sim/validation/sensitivityRows.js';

function expectReproduced(rows: readonly ReproductionRow[]): void {
  for (const row of rows) {
    expect(row.pass, `${row.name}: lab ${row.lab}, published ${row.published}, tolerance ${row.tolerance}`).toBe(true);
    expect(Number.isFinite(row.lab)).toBe(true);
    expect(row.basis.length).toBeGreaterThan(0);
  }
}

describe('§6 sensitivity and search', () => {
  it('Ishigami: the six analytic indices inside their 99.9% bootstrap intervals, each narrower than 0.04', () => {
    const rows = ishigamiRows(LEVEL);
    expect(rows.map((r) => r.claim.split(' ')[0])).toEqual(['0.3139', '0.4424', '0', '0.5576', '0.4424', '0.2437']);
    expectReproduced(rows);
    for (const row of rows) expect(row.tolerance).toBeLessThan(0.04);
    expect(rows[0]!.basis).toContain('z = 3.291');
    expect(rows[0]!.basis).toContain('81920 evaluations');
  });

  it('g-function: S1 and ST of the first five inputs inside their intervals', () => {
    const rows = gFunctionRows(LEVEL);
    expect(rows).toHaveLength(10);
    expectReproduced(rows);
  });

  it('Morris: the four influential inputs first, in order, and μ* of x1 at its analytic value', () => {
    const rows = morrisRows(LEVEL);
    expect(rows.map((r) => r.published)).toEqual([4, expect.closeTo(2.5915, 4)]);
    expectReproduced(rows);
  });

  it('the optimiser, on the first 5 of the table\'s 20 seeds: both cases succeed and the control does not', () => {
    // `npm run reproduce` runs all 20 seeds (about 60 searches, several seconds); here a quarter.
    const rows = [braninRow(0, 5), braninRow(1, 5), braninControlRow(5)];
    expect(rows.map((r) => r.comparison)).toEqual(['above', 'above', 'below']);
    expectReproduced(rows);
    expect(rows[0]!.basis).toContain('100 of 100 other seeds succeed, so p ≥ 0.970');
    expect(rows[1]!.basis).toContain('95 of 100 other seeds succeed, so p ≥ 0.898');
  });

  it('computes binomial tails exactly', () => {
    // P(X ≤ 1) for Bin(3, 1/2) = 4/8; P(X ≤ 19) for Bin(20, 0.99) = 1 − 0.99^20.
    expect(binomialCdf(1, 3, 0.5)).toBeCloseTo(0.5, 15);
    expect(binomialCdf(19, 20, 0.99)).toBeCloseTo(1 - 0.99 ** 20, 14);
    expect(binomialCdf(20, 20, 0.3)).toBe(1);
  });

  it('bounds a success probability from below as Clopper and Pearson do', () => {
    // All of n: p^n = 0.05, so p = 0.05^(1/n); 95 of 100: the 5% quantile of Beta(95, 6) = 0.89775 (SciPy).
    expect(successLowerBound(100, 100, 0.95)).toBeCloseTo(0.05 ** 0.01, 10);
    expect(successLowerBound(95, 100, 0.95)).toBeCloseTo(0.89775, 4);
    expect(successLowerBound(0, 10, 0.95)).toBe(0);
  });
});
