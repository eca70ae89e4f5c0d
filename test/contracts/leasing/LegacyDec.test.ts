// cosmos-sdk sdk.Dec (LegacyDec) semantics, types/decimal.go. Every vector below is computed by hand
// from the definitions (Mul: half-to-even of a·b/1e18; Quo: half-to-even of trunc(a·1e36/b)/1e18;
// both on the absolute value with the sign restored), not by the code under test.
import { describe, expect, it } from 'vitest';
import { Revert } from '../../../sim/contracts/errors.js';
import { chopPrecisionAndRound, LegacyDec } from '../../../sim/contracts/leasing/LegacyDec.js';

const d = (s: string) => LegacyDec.fromString(s);
const atto = (n: bigint) => LegacyDec.fromRaw(n); // n × 10^-18

describe('LegacyDec', () => {
  it('parses and prints with exactly 18 decimals, as decimal.go String does', () => {
    expect(d('1.5').raw).toBe(1_500_000_000_000_000_000n);
    expect(d('1.5').toString()).toBe('1.500000000000000000');
    expect(LegacyDec.ZERO.toString()).toBe('0.000000000000000000');
    expect(LegacyDec.fromInt(123n).toString()).toBe('123.000000000000000000');
    expect(d('-0.000000000000000001').toString()).toBe('-0.000000000000000001');
    expect(d('-12.25').toString()).toBe('-12.250000000000000000');
    expect(d('0.123456789012345678').raw).toBe(123_456_789_012_345_678n);
  });

  it('rejects what NewDecFromStr rejects', () => {
    for (const bad of ['', '-', '1.', '.5', '1.2.3', 'abc', '1.0000000000000000001', '1e5']) {
      expect(() => d(bad), bad).toThrow(RangeError);
    }
  });

  it('adds and subtracts exactly', () => {
    expect(d('1.25').add(d('2.5')).toString()).toBe('3.750000000000000000');
    expect(d('1').sub(d('2.5')).toString()).toBe('-1.500000000000000000');
  });

  it('Mul rounds half to even at the 18th decimal', () => {
    // 1e-18 × 0.5 = 0.5e-18: a tie, 0 is even.
    expect(atto(1n).mul(d('0.5')).raw).toBe(0n);
    // 3e-18 × 0.5 = 1.5e-18: a tie, rounds to the even 2e-18.
    expect(atto(3n).mul(d('0.5')).raw).toBe(2n);
    // 5e-18 × 0.5 = 2.5e-18: a tie, rounds to the even 2e-18.
    expect(atto(5n).mul(d('0.5')).raw).toBe(2n);
    // Off the tie: 0.6e-18 → 1e-18, 0.4e-18 → 0.
    expect(atto(1n).mul(d('0.6')).raw).toBe(1n);
    expect(atto(1n).mul(d('0.4')).raw).toBe(0n);
    expect(d('1.5').mul(d('2')).toString()).toBe('3.000000000000000000');
  });

  it('Mul rounds negative products on their absolute value', () => {
    // -0.5e-18 → -0 (floor would give -1e-18); -2.5e-18 → -2e-18; -3.5e-18 → -4e-18.
    expect(atto(-1n).mul(d('0.5')).raw).toBe(0n);
    expect(atto(-5n).mul(d('0.5')).raw).toBe(-2n);
    expect(atto(-7n).mul(d('0.5')).raw).toBe(-4n);
    expect(atto(-1n).mul(d('0.6')).raw).toBe(-1n);
  });

  it('Quo rounds the 36-decimal truncated quotient half to even', () => {
    expect(d('1').quo(d('3')).toString()).toBe('0.333333333333333333');
    expect(d('2').quo(d('3')).toString()).toBe('0.666666666666666667');
    // 1e-18 / 2: a tie → 0; 3e-18 / 2 = 1.5e-18: a tie → 2e-18.
    expect(atto(1n).quo(d('2')).raw).toBe(0n);
    expect(atto(3n).quo(d('2')).raw).toBe(2n);
    // Negative: -3e-18 / 2 = -1.5e-18 → -2e-18; 1 / -3 → -0.333333333333333333.
    expect(atto(-3n).quo(d('2')).raw).toBe(-2n);
    expect(d('1').quo(d('-3')).toString()).toBe('-0.333333333333333333');
  });

  it('Quo differs from exact division where the chain does', () => {
    // 14.999999999999999999 / 3 = 4.999999999999999999666…: exact floor division gives
    // 4.999999999999999999 and 4 whole blocks; Quo rounds up to 5 and TruncateInt gives 5.
    const q = d('14.999999999999999999').quo(d('3'));
    expect(q.toString()).toBe('5.000000000000000000');
    expect(q.truncateInt()).toBe(5n);
    // 1e-18 / 1.999999999999999999 = 0.50000000000000000025e-18: exact rounding gives 1e-18, but the
    // quotient truncated to 36 decimals is exactly 0.5e-18, a tie that goes to the even 0.
    expect(atto(1n).quo(d('1.999999999999999999')).raw).toBe(0n);
  });

  it('MulInt is exact and QuoInt truncates the underlying integer toward zero', () => {
    expect(d('0.333333333333333333').mulInt(3n).toString()).toBe('0.999999999999999999');
    expect(atto(5n).quoInt(2n).raw).toBe(2n);
    expect(atto(-5n).quoInt(2n).raw).toBe(-2n);
  });

  it('TruncateInt goes toward zero', () => {
    expect(d('1.999999999999999999').truncateInt()).toBe(1n);
    expect(d('-1.5').truncateInt()).toBe(-1n);
    expect(d('-0.5').truncateInt()).toBe(0n);
  });

  it('compares and tells the sign', () => {
    expect(d('1.5').gt(d('1.4'))).toBe(true);
    expect(d('1.5').gte(d('1.5'))).toBe(true);
    expect(d('1.5').lt(d('1.5'))).toBe(false);
    expect(d('-1').lte(d('0'))).toBe(true);
    expect(d('2').equal(LegacyDec.fromInt(2))).toBe(true);
    expect(d('-0.000000000000000001').isNegative()).toBe(true);
    expect(LegacyDec.ZERO.isNegative()).toBe(false);
    expect(d('-3').abs().toString()).toBe('3.000000000000000000');
  });

  it('panics like decimal.go past 315 bits and on division by zero (ErrPanic in a transaction)', () => {
    const panicOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof Revert ? [e.errorName, ...e.args] : e;
      }
      return 'no error';
    };
    expect(panicOf(() => LegacyDec.fromRaw(1n << 315n))).toEqual(['ErrPanic', 'Int overflow']);
    expect(panicOf(() => LegacyDec.fromRaw(-(1n << 315n)))).toEqual(['ErrPanic', 'Int overflow']);
    expect(panicOf(() => LegacyDec.fromRaw((1n << 315n) - 1n))).toBe('no error');
    expect(panicOf(() => d('1').quo(LegacyDec.ZERO))).toEqual(['ErrPanic', 'division by zero']);
    expect(panicOf(() => d('1').quoInt(0n))).toEqual(['ErrPanic', 'division by zero']);
  });

  it('chopPrecisionAndRound is half to even of |d| / 10^18 with the sign restored, on ties and beside them', () => {
    // The definition, with both the quotient and the remainder by division.
    const ONE = 10n ** 18n;
    const definition = (v: bigint): bigint => {
      const a = v < 0n ? -v : v;
      const [q, r] = [a / ONE, a % ONE];
      const rounded = r * 2n < ONE ? q : r * 2n > ONE ? q + 1n : q + (q % 2n);
      return v < 0n ? -rounded : rounded;
    };
    let x = 123_456_789n;
    for (let i = 0; i < 2000; i++) {
      x = (x * 6_364_136_223_846_793_005n + 1_442_695_040_888_963_407n) % (1n << 200n);
      const v = x >> BigInt(i % 190);
      const tie = (v / ONE) * ONE + ONE / 2n;
      for (const c of [v, -v, tie, -tie, tie + 1n, tie - 1n]) expect(chopPrecisionAndRound(c)).toBe(definition(c));
    }
  });
});
