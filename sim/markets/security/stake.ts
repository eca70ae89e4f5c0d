// The restaked token: STAKE, 18 decimals, deposited into one strategy. Its float conversions (for
// ranking operators and reading scenario amounts) live here until sim/units.ts holds them all.
import { WAD } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';

export const STAKE_STRATEGY: Address = 'eigenlayer.strategy.STAKE';

/** STAKE base units → tokens, as a float for ranking. */
export function toTokens(units: bigint): number {
  return Number(units / 10n ** 12n) / 1e6;
}

/** Tokens → STAKE base units, rounded down to a micro-token. */
export function tokensToUnits(tokens: number): bigint {
  if (!(tokens >= 0) || !Number.isFinite(tokens)) throw new RangeError(`STAKE amount must be finite and >= 0, got ${tokens}`);
  return BigInt(Math.floor(tokens * 1e6)) * 10n ** 12n;
}

/** A share in [0, 1] as a WAD (1e18 = all), to nine decimals. */
export function fractionToWad(fraction: number): bigint {
  return (WAD * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
}
