// Prices cross one boundary: agents think in USD per GPU-hour (floating point), escrow charges
// micro-USD per block (an 18-digit LegacyDec). These two functions are the only crossing.
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import { SECONDS_PER_HOUR } from './context.js';

/** Base units of the payment token per USD (6 decimals). */
export const USD_UNITS = 1_000_000;

/** USD per GPU-hour for `gpus` GPUs → micro-USD per block. Rounded to 12 decimals, far below a micro-USD. */
export function perBlockPrice(usdPerGpuHour: number, gpus: number, blockTime: number): LegacyDec {
  const perBlock = (usdPerGpuHour * gpus * USD_UNITS * blockTime) / SECONDS_PER_HOUR;
  if (!(perBlock >= 0) || !Number.isFinite(perBlock)) throw new RangeError(`price must be finite and >= 0, got ${usdPerGpuHour}`);
  return LegacyDec.fromString(perBlock.toFixed(12));
}

/** Micro-USD per block for `gpus` GPUs → USD per GPU-hour. */
export function pricePerGpuHour(perBlock: LegacyDec, gpus: number, blockTime: number): number {
  return (Number(perBlock.toString()) * SECONDS_PER_HOUR) / (gpus * USD_UNITS * blockTime);
}

/** USD amount → token base units, rounded down. */
export function usdToUnits(usd: number): bigint {
  return BigInt(Math.floor(usd * USD_UNITS));
}
