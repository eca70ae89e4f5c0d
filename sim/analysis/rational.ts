// Exact rational numbers on bigint, for analyses whose answers hinge on equalities (a graph that
// meets a security condition "with equality" must not be nudged over the edge by rounding).
// Values are always in lowest terms with a positive denominator, so equal values have equal fields.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// A decimal exponent beyond this builds bigints of thousands of digits: almost surely a typo.
const MAX_DECIMAL_EXPONENT = 1000;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** `x * 2^exponent` without overflowing the power of two on the way. */
function scaleByPowerOfTwo(x: number, exponent: number): number {
  while (exponent > 1000) { x *= 2 ** 1000; exponent -= 1000; }
  while (exponent < -1000) { x *= 2 ** -1000; exponent += 1000; }
  return x * 2 ** exponent;
}

export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  private constructor(readonly num: bigint, readonly den: bigint) {}

  /** `num / den` in lowest terms; numbers must be safe integers. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    const n = toBigInt(num, 'numerator');
    const d = toBigInt(den, 'denominator');
    if (d === 0n) throw new RangeError('Rational: zero denominator');
    const g = gcd(n, d);
    const sign = d < 0n ? -1n : 1n;
    return new Rational((sign * n) / g, (sign * d) / g);
  }

  /** Parses a decimal such as "12", "-0.125", ".5" or "1.5e-3" exactly. */
  static fromDecimalString(text: string): Rational {
    const match = DECIMAL.exec(text.trim());
    const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match ?? [];
    if (!match || whole.length + fraction.length === 0) {
      throw new SyntaxError(`not a decimal number: ${JSON.stringify(text)}`);
    }
    const exponent = Number(exponentText) - fraction.length;
    if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) {
      throw new RangeError(`decimal exponent out of range: ${JSON.stringify(text)}`);
    }
    const digits = BigInt(sign + (whole + fraction || '0'));
    return exponent >= 0 ? Rational.of(digits * 10n ** BigInt(exponent)) : Rational.of(digits, 10n ** BigInt(-exponent));
  }

  /**
   * An integer exactly; any other number as the decimal it prints as (its shortest round-trip
   * form), so 0.1 becomes 1/10 rather than the binary double nearest to it: inputs typed as
   * decimals mean those decimals.
   */
  static fromNumber(x: number): Rational {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    return Number.isInteger(x) ? Rational.of(BigInt(x)) : Rational.fromDecimalString(String(x));
  }

  add(other: Rational): Rational {
    if (this.den === other.den) return Rational.of(this.num + other.num, this.den);
    return Rational.of(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Rational): Rational {
    return this.add(other.neg());
  }

  mul(other: Rational): Rational {
    return Rational.of(this.num * other.num, this.den * other.den);
  }

  div(other: Rational): Rational {
    if (other.num === 0n) throw new RangeError('Rational: division by zero');
    return Rational.of(this.num * other.den, this.den * other.num);
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  /** -1, 0 or 1 as `this` is below, equal to or above `other`. */
  compare(other: Rational): -1 | 0 | 1 {
    const left = this.num * other.den;
    const right = other.num * this.den;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  equals(other: Rational): boolean {
    return this.num === other.num && this.den === other.den;
  }

  lt(other: Rational): boolean {
    return this.compare(other) < 0;
  }

  le(other: Rational): boolean {
    return this.compare(other) <= 0;
  }

  sign(): -1 | 0 | 1 {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }

  /** The nearest double (to within one unit in the last place). */
  toNumber(): number {
    const n = Number(this.num);
    const d = Number(this.den);
    // Both exact, so IEEE division rounds the true quotient correctly.
    if (Number.isSafeInteger(n) && Number.isSafeInteger(d)) return n / d;
    // Otherwise take an integer quotient with 64 significant bits and scale it back.
    const magnitude = this.num < 0n ? -this.num : this.num;
    const shift = bitLength(this.den) - bitLength(magnitude) + 64;
    const quotient = shift >= 0 ? (this.num << BigInt(shift)) / this.den : this.num / (this.den << BigInt(-shift));
    return scaleByPowerOfTwo(Number(quotient), -shift);
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  static min(a: Rational, b: Rational): Rational {
    return a.le(b) ? a : b;
  }

  static max(a: Rational, b: Rational): Rational {
    return a.le(b) ? b : a;
  }
}

function toBigInt(x: bigint | number, role: string): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new RangeError(`Rational: ${role} must be a safe integer, got ${x}`);
  return BigInt(x);
}
