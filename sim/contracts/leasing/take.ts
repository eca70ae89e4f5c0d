// Akash x/take: the share of every provider payout that goes to the community pool.
import { inDecRange, LegacyDec } from './LegacyDec.js';

export interface TakeParams {
  /** Percent taken when the denom has no rate of its own. */
  readonly defaultTakeRate: number;
  /** Percent per denom. */
  readonly denomTakeRates: Readonly<Record<string, number>>;
}

// akash-api go/node/take/v1beta3/params.go defaults
export const DEFAULT_TAKE_PARAMS: TakeParams = { defaultTakeRate: 20, denomTakeRates: { uakt: 2 } };

// Port of akash-network/node x/take/keeper/keeper.go findRate: the rate as a fraction (percent / 100)
export function findRate(params: TakeParams, denom: string): LegacyDec {
  return rateOfPercent(params.denomTakeRates[denom] ?? params.defaultTakeRate);
}

/**
 * percent / 100 as a LegacyDec, by percent: a run has one or two, and a Quo per payout (two 10^18
 * scalings and a division of bigints) was most of a payout's fee arithmetic. The percent is all the
 * quotient depends on, so it is the whole key.
 */
const ratesByPercent = new Map<number, LegacyDec>();

function rateOfPercent(percent: number): LegacyDec {
  let rate = ratesByPercent.get(percent);
  if (rate === undefined) {
    rate = LegacyDec.fromInt(percent).quo(LegacyDec.fromInt(100));
    ratesByPercent.set(percent, rate);
  }
  return rate;
}

// Port of akash-network/node x/take/keeper/keeper.go SubtractFees: fee = TruncateInt(amount · rate)
export function subtractFees(params: TakeParams, denom: string, amount: bigint): { earnings: bigint; fee: bigint } {
  const fee = takeFee(params, denom, amount);
  return { earnings: amount - fee, fee };
}

/**
 * SubtractFees' fee alone, on the underlying integers: NewDecFromInt(amount).Mul(rate) is amount ·
 * rate exactly (a multiple of 10^18 times rate, divided by 10^18: chopPrecisionAndRound leaves it),
 * so only the two overflow checks and TruncateInt's division remain, in the original's order.
 */
export function takeFee(params: TakeParams, denom: string, amount: bigint): bigint {
  inDecRange(amount * DEC_UNIT);
  return inDecRange(amount * findRate(params, denom).raw) / DEC_UNIT;
}

/** 10^18, LegacyDec's one. */
const DEC_UNIT = LegacyDec.ONE.raw;
