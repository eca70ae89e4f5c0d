// The base-fee adjustment of V3 Dutch orders, after Uniswap/UniswapX
// src/reactors/V3DutchOrderReactor.sol @ 52299e91: when gas gets dearer than at signing, the swapper
// pays more input and accepts less output (and the reverse), by a per-gwei rate fixed in the order.
import { FixedPointMathLib, UINT256_MAX } from '../math.js';
import { asInt256, asUint256, boundedAdd, boundedSub, negInt256, signedDifference } from './MathExt.js';
import type { V3DutchInput, V3DutchOutput } from './NonlinearDutchDecayLib.js';

const GWEI = 1_000_000_000n;

// Port of UniswapX src/reactors/V3DutchOrderReactor.sol _computeDelta
export function computeDelta(adjustmentPerGweiBaseFee: bigint, gasDeltaWei: bigint): bigint {
  // Either way the rounding favours the swapper: a rise is floored, a fall is ceiled.
  if (gasDeltaWei >= 0n) return asInt256(FixedPointMathLib.mulDivDown(adjustmentPerGweiBaseFee, asUint256(gasDeltaWei), GWEI));
  return negInt256(asInt256(FixedPointMathLib.mulDivUp(adjustmentPerGweiBaseFee, asUint256(negInt256(gasDeltaWei)), GWEI)));
}

export interface GasAdjusted {
  readonly baseInput: V3DutchInput;
  readonly baseOutputs: readonly V3DutchOutput[];
}

// Port of UniswapX src/reactors/V3DutchOrderReactor.sol _updateWithGasAdjustment (returns the adjusted copy)
export function applyGasAdjustment(
  baseInput: V3DutchInput,
  baseOutputs: readonly V3DutchOutput[],
  startingBaseFee: bigint,
  baseFee: bigint,
): GasAdjusted {
  const gasDeltaWei = signedDifference(baseFee, startingBaseFee);
  const input =
    baseInput.adjustmentPerGweiBaseFee === 0n
      ? baseInput
      : {
          ...baseInput,
          startAmount: boundedAdd(baseInput.startAmount, computeDelta(baseInput.adjustmentPerGweiBaseFee, gasDeltaWei), 0n, baseInput.maxAmount),
        };
  const outputs = baseOutputs.map((output) =>
    output.adjustmentPerGweiBaseFee === 0n
      ? output
      : {
          ...output,
          startAmount: boundedSub(output.startAmount, computeDelta(output.adjustmentPerGweiBaseFee, gasDeltaWei), output.minAmount, UINT256_MAX),
        },
  );
  return { baseInput: input, baseOutputs: outputs };
}
