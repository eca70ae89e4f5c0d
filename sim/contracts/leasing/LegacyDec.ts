// cosmos-sdk's sdk.Dec (LegacyDec since v0.50): a signed integer scaled by 10^18. Akash v0.38 keeps
// every escrow balance and every price in it, so the chain's rounding is reproduced bit for bit:
// multiplication and division round half to even at the 18th decimal (chopPrecisionAndRound), and a
// quotient is first truncated to 36 decimals, which is not the same as exact rounding.
// Port of cosmos/cosmos-sdk types/decimal.go (v0.45, the line Akash v0.38 builds on).
//
// decimal.go panics on overflow and on division by zero; inside a transaction baseapp recovers the
// panic as ErrPanic and discards the transaction, so that is what these throw.
import { Revert } from '../errors.js';

const PRECISION = 18;
const ONE = 10n ** 18n;
const HALF = ONE / 2n;
/** 10^36: Quo scales the dividend by it (one multiplication instead of two by 10^18). */
const ONE_SQUARED = ONE * ONE;
// decimal.go panics with "Int overflow" when a result needs more than 255 + DecimalPrecisionBits (60) bits.
const OVERFLOW = 1n << BigInt(255 + 60);
const NEG_OVERFLOW = -OVERFLOW;

export class LegacyDec {
  /** The value times 10^18. */
  readonly raw: bigint;

  private constructor(raw: bigint) {
    this.raw = inDecRange(raw);
  }

  static readonly ZERO = new LegacyDec(0n);
  static readonly ONE = new LegacyDec(ONE);

  /** The Dec whose underlying integer is `raw` (10^-18 units). */
  static fromRaw(raw: bigint): LegacyDec {
    return new LegacyDec(raw);
  }

  // Port of decimal.go NewDecFromInt / NewDec
  static fromInt(i: bigint | number): LegacyDec {
    return new LegacyDec(BigInt(i) * ONE);
  }

  // Port of decimal.go NewDecFromStr: an optional minus, digits, and at most 18 decimals.
  static fromString(s: string): LegacyDec {
    const m = /^(-?)(\d+)(?:\.(\d{1,18}))?$/.exec(s);
    if (m === null) throw new RangeError(`invalid decimal string: ${JSON.stringify(s)}`);
    const [, sign, whole, frac = ''] = m;
    const magnitude = BigInt(whole + frac.padEnd(PRECISION, '0'));
    return new LegacyDec(sign === '-' ? -magnitude : magnitude);
  }

  add(o: LegacyDec): LegacyDec {
    return new LegacyDec(this.raw + o.raw);
  }

  sub(o: LegacyDec): LegacyDec {
    return new LegacyDec(this.raw - o.raw);
  }

  // Port of decimal.go Mul: banker's rounding of a·b / 10^18
  mul(o: LegacyDec): LegacyDec {
    return new LegacyDec(chopPrecisionAndRound(this.raw * o.raw));
  }

  // Port of decimal.go Quo: truncate a·10^36 / b, then banker's rounding at 10^18
  quo(o: LegacyDec): LegacyDec {
    if (o.raw === 0n) throw new Revert('ErrPanic', 'division by zero');
    return new LegacyDec(chopPrecisionAndRound((this.raw * ONE_SQUARED) / o.raw));
  }

  // Port of decimal.go MulInt: exact
  mulInt(i: bigint): LegacyDec {
    return new LegacyDec(this.raw * i);
  }

  // Port of decimal.go QuoInt: the underlying integer divided, truncated toward zero
  quoInt(i: bigint): LegacyDec {
    if (i === 0n) throw new Revert('ErrPanic', 'division by zero');
    return new LegacyDec(this.raw / i);
  }

  // Port of decimal.go TruncateInt: toward zero
  truncateInt(): bigint {
    return this.raw / ONE;
  }

  neg(): LegacyDec {
    return new LegacyDec(-this.raw);
  }

  abs(): LegacyDec {
    return this.raw < 0n ? this.neg() : this;
  }

  isZero(): boolean {
    return this.raw === 0n;
  }

  isNegative(): boolean {
    return this.raw < 0n;
  }

  isPositive(): boolean {
    return this.raw > 0n;
  }

  equal(o: LegacyDec): boolean {
    return this.raw === o.raw;
  }

  gt(o: LegacyDec): boolean {
    return this.raw > o.raw;
  }

  gte(o: LegacyDec): boolean {
    return this.raw >= o.raw;
  }

  lt(o: LegacyDec): boolean {
    return this.raw < o.raw;
  }

  lte(o: LegacyDec): boolean {
    return this.raw <= o.raw;
  }

  // Port of decimal.go String: always 18 decimals, a leading "0." below one, "-" before negatives
  toString(): string {
    const digits = (this.raw < 0n ? -this.raw : this.raw).toString().padStart(PRECISION + 1, '0');
    const point = digits.length - PRECISION;
    return `${this.raw < 0n ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
}

/**
 * `raw` if a LegacyDec can hold it, else the overflow panic every LegacyDec result checks (decimal.go:
 * more than 255 + DecimalPrecisionBits bits). For arithmetic a keeper does on underlying integers
 * without building the intermediate LegacyDec: the same check, at the same step.
 */
export function inDecRange(raw: bigint): bigint {
  // raw <= -OVERFLOW rather than -raw >= OVERFLOW: no negated bigint allocated per value.
  if (raw >= OVERFLOW || raw <= NEG_OVERFLOW) throw new Revert('ErrPanic', 'Int overflow');
  return raw;
}

// Port of decimal.go chopPrecisionAndRound: rounds |d| / 10^18 half to even, then restores the sign
export function chopPrecisionAndRound(d: bigint): bigint {
  if (d < 0n) return -chopPrecisionAndRound(-d);
  const quo = d / ONE;
  // The remainder from the quotient: a bigint multiplication costs less than a second division.
  const rem = d - quo * ONE;
  if (rem < HALF) return quo;
  if (rem > HALF) return quo + 1n;
  return quo % 2n === 0n ? quo : quo + 1n;
}
