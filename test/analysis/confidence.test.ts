// Student's t quantiles and replication intervals. Table values are from the NIST/SEMATECH
// e-Handbook of Statistical Methods, table 1.3.6.7.2 (critical values of the t distribution).
import { describe, expect, it } from 'vitest';
import {
  contains,
  lnGamma,
  regularizedIncompleteBeta,
  replicationInterval,
  studentTQuantile,
} from '../../sim/analysis/confidence.js';

describe("Student's t quantiles", () => {
  it.each([
    [0.975, 1, 12.706],
    [0.975, 9, 2.262],
    [0.975, 30, 2.042],
    [0.995, 4, 4.604],
    [0.9995, 9, 4.781],
    [0.9995, 15, 4.073],
    [0.9995, 19, 3.883],
    [0.95, 100, 1.660],
  ])('t(%d, df %d) = %d to the table precision', (p, df, table) => {
    expect(Math.abs(studentTQuantile(p, df) - table)).toBeLessThan(6e-4);
  });

  it('tends to the normal quantile 1.959964 for large df, and is symmetric', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-studentTQuantile(0.975, 9), 12);
  });

  it('rests on correct special functions', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    // I_x(1, 1) = x and I_x(a, 1) = x^a.
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 13);
    expect(regularizedIncompleteBeta(0.7, 2.5, 1)).toBeCloseTo(0.7 ** 2.5, 13);
  });
});

describe('replication intervals', () => {
  it('builds mean ± t·s/√n', () => {
    // mean 3, sample sd √2.5, n = 5, t(0.975, 4) = 2.776 (table above).
    const ci = replicationInterval([1, 2, 3, 4, 5], 0.95);
    expect(ci.mean).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(2.776 * Math.sqrt(2.5 / 5), 3);
    expect(contains(ci, 4.9)).toBe(true);
    expect(contains(ci, 5.0)).toBe(false);
  });

  it('refuses fewer than two replications or a level outside (0, 1)', () => {
    expect(() => replicationInterval([1], 0.95)).toThrow(RangeError);
    expect(() => replicationInterval([1, 2], 1)).toThrow(RangeError);
  });
});
