// The one place where units cross between floating point and token base units. Scenarios and
// agents think in USD, USD per GPU-hour, fractions and whole STAKE tokens (floats); the contracts
// hold integers: micro-USD (the 6-decimal payment token), micro-USD per block as an 18-digit
// LegacyDec (Akash escrow), WAD fractions (EigenLayer magnitudes) and STAKE base units (18
// decimals). Each conversion is named for what it does and says how it rounds.
import { LegacyDec } from './contracts/leasing/LegacyDec.js';
import { WAD } from './contracts/math.js';

export const SECONDS_PER_HOUR = 3600;

/** Base units of the payment token per USD (6 decimals, like USDC): micro-USD. */
export const USD_UNITS = 1_000_000n;

/** Base units of STAKE, the restaked token, per token (18 decimals). */
export const STAKE_UNITS = 10n ** 18n;

/** USD → micro-USD, rounded down. */
export function usdToMicro(usd: number): bigint {
  return BigInt(Math.floor(usd * Number(USD_UNITS)));
}

/** Micro-USD → USD. */
export function microToUsd(micro: bigint): number {
  return Number(micro) / Number(USD_UNITS);
}

/** USD per GPU-hour (a scenario number) → micro-USD per GPU-hour, to the nearest unit. */
export function usdPerGpuHourToMicro(usdPerGpuHour: number): bigint {
  if (!(usdPerGpuHour >= 0) || !Number.isFinite(usdPerGpuHour)) throw new RangeError(`price must be finite and >= 0, got ${usdPerGpuHour}`);
  return BigInt(Math.round(usdPerGpuHour * Number(USD_UNITS)));
}

/** What `micro` micro-USD paid for `gpuSeconds` GPU-seconds comes to in USD per GPU-hour. */
export function microForGpuSecondsToUsdPerGpuHour(micro: bigint, gpuSeconds: bigint): number {
  const hours = Number(gpuSeconds) / SECONDS_PER_HOUR;
  return microToUsd(micro) / hours;
}

/**
 * USD per GPU-hour for `gpus` GPUs → micro-USD per block (escrow's rate). Rounded to 12 decimals, far
 * below a micro-USD; a rate of 10^21 micro-USD or more (where a double has no fraction left, and
 * toFixed would write an exponent) is its integer.
 */
export function usdPerGpuHourToPerBlock(usdPerGpuHour: number, gpus: number, blockTime: number): LegacyDec {
  const perBlock = (usdPerGpuHour * gpus * Number(USD_UNITS) * blockTime) / SECONDS_PER_HOUR;
  if (!(perBlock >= 0) || !Number.isFinite(perBlock)) throw new RangeError(`price must be finite and >= 0, got ${usdPerGpuHour}`);
  return perBlock < 1e21 ? LegacyDec.fromRaw(fixed12(perBlock) * RAW_PER_TWELFTH_DECIMAL) : LegacyDec.fromInt(BigInt(perBlock));
}

/** Micro-USD per block for `gpus` GPUs → USD per GPU-hour. */
export function perBlockToUsdPerGpuHour(perBlock: LegacyDec, gpus: number, blockTime: number): number {
  return (decToNumber(perBlock) * SECONDS_PER_HOUR) / (gpus * Number(USD_UNITS) * blockTime);
}

// Prices cross between floats and LegacyDec at every bid and lease. Through decimal strings
// (toFixed(12), LegacyDec's String, then parsing) that was microseconds each; the two functions
// below compute the same numbers with integer arithmetic on the double's bits.
// test/units.test.ts checks them against the string round trips, ties included.

const RAW_PER_TWELFTH_DECIMAL = 10n ** 6n;
const TEN_TO_12 = 10n ** 12n;
const bits = new DataView(new ArrayBuffer(8));

/**
 * `x.toFixed(12)` as an integer count of 10^-12, for a finite x ≥ 0 below 10^21: the n for which
 * n / 10^12 is nearest to x, the larger of two at a tie (ECMAScript Number.prototype.toFixed).
 */
function fixed12(x: number): bigint {
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  const exponentField = (high >>> 20) & 0x7ff;
  const mantissa = BigInt(high & 0xfffff) * 0x1_0000_0000n + BigInt(bits.getUint32(4));
  // x = significand · 2^exponent exactly (subnormals have no hidden bit).
  const significand = exponentField === 0 ? mantissa : mantissa + (1n << 52n);
  const exponent = (exponentField === 0 ? 1 : exponentField) - 1075;
  const scaled = significand * TEN_TO_12;
  if (exponent >= 0) return scaled << BigInt(exponent);
  const shift = BigInt(-exponent);
  // Half up: add half of the divisor, then truncate.
  return (scaled + (1n << (shift - 1n))) >> shift;
}

const DEC_ONE = 10n ** 18n;
const EXACT_IN_DOUBLE = 2n ** 53n;
/** The largest raw whose count of 10^-12 a double holds exactly. */
const EXACT_TWELFTHS_IN_DOUBLE = EXACT_IN_DOUBLE * RAW_PER_TWELFTH_DECIMAL;

/** The double nearest to a LegacyDec (ties to even): `Number(d.toString())`, without the string. */
function decToNumber(d: LegacyDec): number {
  const negative = d.raw < 0n;
  const magnitude = negative ? -d.raw : d.raw;
  let value: number;
  if (magnitude <= EXACT_IN_DOUBLE) {
    // Both operands are exact doubles, so the division rounds the exact quotient once.
    value = Number(magnitude) / 1e18;
  } else if (magnitude % RAW_PER_TWELFTH_DECIMAL === 0n && magnitude <= EXACT_TWELFTHS_IN_DOUBLE) {
    // Every rate usdPerGpuHourToPerBlock makes is a whole number of 10^-12 (raw 10^6 apart): the
    // same single rounding, as twelfths over 10^12, without the wide quotient below.
    value = Number(magnitude / RAW_PER_TWELFTH_DECIMAL) / 1e12;
  } else {
    // At least 57 significant bits of quotient, then a sticky bit for any remainder, so that
    // Number() rounds the exact quotient once; scaling back by a power of two is exact.
    const numerator = magnitude << 64n;
    const quotient = ((numerator / DEC_ONE) << 1n) | (numerator % DEC_ONE === 0n ? 0n : 1n);
    value = Number(quotient) * 2 ** -65;
  }
  return negative ? -value : value;
}

/** A fraction such as a slash of 0.01 → WAD (10^18 = all), to the nearest 10^-9. */
export function fractionToWad(fraction: number): bigint {
  return (WAD * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}

/** A fraction → WAD, rounded down to a millionth: a share that never exceeds the one asked for. */
export function fractionToWadDown(fraction: number): bigint {
  return (BigInt(Math.floor(fraction * 1e6)) * WAD) / 1_000_000n;
}

/** numerator / denominator as a float, rounded down to a millionth (bigints too large for a double divide exactly first). */
export function ratioToNumber(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 1_000_000n) / denominator) / 1_000_000;
}

/** Hoisted: yield rankings convert stakes millions of times, and 10n ** 12n is a bigint power each time. */
const STAKE_UNITS_PER_MICRO_TOKEN = 10n ** 12n;

/** STAKE base units → whole tokens, as a float (truncated to a micro-token), for ranking and reports. */
export function stakeToTokens(units: bigint): number {
  return Number(units / STAKE_UNITS_PER_MICRO_TOKEN) / 1e6;
}

/** Whole STAKE tokens → base units, rounded down to a micro-token. */
export function tokensToStake(tokens: number): bigint {
  if (!(tokens >= 0) || !Number.isFinite(tokens)) throw new RangeError(`STAKE amount must be finite and >= 0, got ${tokens}`);
  return BigInt(Math.floor(tokens * 1e6)) * 10n ** 12n;
}

/** STAKE base units → whole milli-STAKE, rounded down: amounts a double holds exactly (a reference solver's input). */
export function stakeToMilli(units: bigint): bigint {
  return units / 10n ** 15n;
}
