// Akash x/take: the share of every provider payout that goes to the community pool.
import { LegacyDec } from './LegacyDec.js';

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
  const percent = params.denomTakeRates[denom] ?? params.defaultTakeRate;
  return LegacyDec.fromInt(percent).quo(LegacyDec.fromInt(100));
}

// Port of akash-network/node x/take/keeper/keeper.go SubtractFees: fee = TruncateInt(amount · rate)
export function subtractFees(params: TakeParams, denom: string, amount: bigint): { earnings: bigint; fee: bigint } {
  const fee = LegacyDec.fromInt(amount).mul(findRate(params, denom)).truncateInt();
  return { earnings: amount - fee, fee };
}
