// The standard normal distribution against reference values (NIST/SEMATECH e-Handbook tables and
// the 17-digit values of Φ⁻¹ used as z constants everywhere).
import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf, normalQuantile } from '../../sim/analysis/normal.js';

describe('the standard normal distribution', () => {
  it('has the reference values of Φ on both branches of erf and both tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(-3.0001) / 0.0013494549132607172).toBeCloseTo(1, 12);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(6)).toBeCloseTo(0.9999999990134123, 15);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it('inverts Φ to about 1e-14, without rounding either tail away', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.9995)).toBeCloseTo(3.2905267314919255, 13);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    for (const p of [1e-6, 0.01, 0.3, 0.7, 0.99]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 12);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
