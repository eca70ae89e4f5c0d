// The integer arithmetic of compute intents: what capacity costs, what a solver needs to earn its
// margin, and when a rising Dutch input first reaches a price. Amounts are micro-USD (the payment
// token's base units) and GPU-seconds (the voucher's unit); every rounding is named.
import { FixedPointMathLib } from '../../contracts/math.js';
import { SECONDS_PER_HOUR } from '../../units.js';

const BPS = 10_000n;
/** Margins are carried in parts per million, so 10% is exactly 100,000. */
const PPM = 1_000_000n;
const HOUR = BigInt(SECONDS_PER_HOUR);

/** Micro-USD for `gpuSeconds` at `perGpuHour` micro-USD per GPU-hour, rounded up (the seller's favour). */
export function capacityCost(perGpuHour: bigint, gpuSeconds: bigint): bigint {
  return FixedPointMathLib.mulDivUp(perGpuHour, gpuSeconds, HOUR);
}

/** A margin such as 0.1 → 100,000 ppm, to the nearest ppm. */
export function marginPpm(margin: number): bigint {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new RangeError(`margin must be finite and >= 0, got ${margin}`);
  return BigInt(Math.round(margin * 1_000_000));
}

/** The least input that covers `cost` and the margin on it, rounded up. */
export function withMargin(cost: bigint, margin: bigint): bigint {
  return FixedPointMathLib.mulDivUp(cost, PPM + margin, PPM);
}

/** An output scaled by the exclusivity override, rounded up as ExclusivityLib does. */
export function withOverride(amount: bigint, overrideBps: bigint): bigint {
  return FixedPointMathLib.mulDivUp(amount, BPS + overrideBps, BPS);
}

export interface InputDecay {
  readonly startAmount: bigint;
  readonly endAmount: bigint;
  readonly decayStartTime: bigint;
  readonly decayEndTime: bigint;
}

/**
 * The first whole second at or after `from` at which DutchDecayLib's input reaches `need`, or
 * undefined if it never does. Inverts start + ⌊(end − start)·(t − t0)/(t1 − t0)⌋ ≥ need:
 * (end − start)·(t − t0) ≥ (need − start)·(t1 − t0).
 */
export function firstSecondInputReaches(d: InputDecay, need: bigint, from: bigint): bigint | undefined {
  if (need <= d.startAmount) return from;
  if (need > d.endAmount) return undefined;
  const elapsed = FixedPointMathLib.mulDivUp(need - d.startAmount, d.decayEndTime - d.decayStartTime, d.endAmount - d.startAmount);
  const at = d.decayStartTime + elapsed;
  return at > from ? at : from;
}
