import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../sim/analysis/rational.js';

const r = (num: bigint | number, den: bigint | number = 1n) => Rational.of(num, den);

describe('Rational', () => {
  it('keeps lowest terms with a positive denominator', () => {
    expect([r(6, -4).num, r(6, -4).den]).toEqual([-3n, 2n]);
    expect([r(0, -7).num, r(0, -7).den]).toEqual([0n, 1n]);
    expect(r(-10n, -15n).toString()).toBe('2/3');
    expect(() => r(1, 0)).toThrow(/zero denominator/);
    expect(() => r(0.5)).toThrow(/safe integer/);
  });

  it('reads decimal strings exactly', () => {
    expect(Rational.fromDecimalString('0.1').equals(r(1, 10))).toBe(true);
    expect(Rational.fromDecimalString('-12.50').equals(r(-25, 2))).toBe(true);
    expect(Rational.fromDecimalString('.5').equals(r(1, 2))).toBe(true);
    expect(Rational.fromDecimalString('7.').equals(r(7))).toBe(true);
    expect(Rational.fromDecimalString('1.5e-3').equals(r(3, 2000))).toBe(true);
    expect(Rational.fromDecimalString('+2E3').equals(r(2000))).toBe(true);
    expect(Rational.fromDecimalString(' 0.000000000000000000000000000001 ').equals(r(1n, 10n ** 30n))).toBe(true);
    for (const bad of ['', '.', '-', '1.2.3', 'abc', '1e', '0x10', '1/3']) {
      expect(() => Rational.fromDecimalString(bad), bad).toThrow(/not a decimal number/);
    }
    expect(() => Rational.fromDecimalString('1e5000')).toThrow(/exponent out of range/);
  });

  it('reads a number as the decimal it prints as', () => {
    expect(Rational.fromNumber(0.1).equals(r(1, 10))).toBe(true);
    expect(Rational.fromNumber(1e-7).equals(r(1, 10_000_000))).toBe(true);
    expect(Rational.fromNumber(-3).equals(r(-3))).toBe(true);
    expect(Rational.fromNumber(2 ** 60).equals(r(2n ** 60n))).toBe(true);
    expect(() => Rational.fromNumber(Number.NaN)).toThrow(/finite/);
    expect(() => Rational.fromNumber(Infinity)).toThrow(/finite/);
  });

  it('does arithmetic and comparison exactly', () => {
    expect(r(1, 3).add(r(1, 6)).equals(r(1, 2))).toBe(true);
    expect(r(1, 2).sub(r(2, 3)).equals(r(-1, 6))).toBe(true);
    expect(r(2, 3).mul(r(9, 4)).equals(r(3, 2))).toBe(true);
    expect(r(1, 2).div(r(-1, 4)).equals(r(-2))).toBe(true);
    expect(() => r(1).div(Rational.ZERO)).toThrow(/division by zero/);
    expect(r(-1, 2).compare(r(1, 3))).toBe(-1);
    expect(r(2, 4).compare(r(1, 2))).toBe(0);
    expect(r(1, 3).lt(r(1, 3))).toBe(false);
    expect(r(1, 3).le(r(1, 3))).toBe(true);
    expect(r(-5, 3).sign()).toBe(-1);
    expect(Rational.min(r(1, 3), r(1, 4)).equals(r(1, 4))).toBe(true);
    expect(Rational.max(r(1, 3), r(1, 4)).equals(r(1, 3))).toBe(true);
  });

  it('converts to the nearest double, also beyond the safe-integer range', () => {
    expect(r(1, 3).toNumber()).toBe(1 / 3);
    expect(r(-7, 8).toNumber()).toBe(-0.875);
    const third = r(10n ** 400n + 1n, 3n * 10n ** 400n);
    expect(third.toNumber()).toBe(1 / 3);
    expect(r(-1n, 3n * 10n ** 300n).toNumber()).toBeCloseTo(-1 / 3 * 1e-300, 314);
    expect(r(10n ** 300n, 7n).toNumber() / (1e300 / 7)).toBeCloseTo(1, 14);
  });

  it('satisfies field identities on random fractions', () => {
    const fraction = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 12n }))
      .map(([n, d]) => r(n, d));
    fc.assert(
      fc.property(fraction, fraction, fraction, (a, b, c) => {
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        if (b.sign() !== 0) expect(a.div(b).mul(b).equals(a)).toBe(true);
        expect(a.compare(b)).toBe(-b.compare(a));
        // Lowest terms: no common factor left, denominator positive.
        let [x, y] = [a.num < 0n ? -a.num : a.num, a.den];
        while (y !== 0n) [x, y] = [y, x % y];
        expect(x === 1n || a.num === 0n).toBe(true);
        expect(a.den > 0n).toBe(true);
      }),
      { seed: 20240731, numRuns: 500 },
    );
  });
});
