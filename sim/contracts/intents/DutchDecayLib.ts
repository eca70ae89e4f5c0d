// Linear (time-based) Dutch decay, after Uniswap/UniswapX src/lib/DutchDecayLib.sol @ 52299e91.
// The distance travelled is always floored, so a falling output rounds up and a rising input rounds
// down: both in the swapper's favour.
import { Revert } from '../errors.js';
import { FixedPointMathLib, sub } from '../math.js';
import { addInt256, asInt256, asUint256, negInt256, subInt256 } from './MathExt.js';
import type { DutchInput, DutchOutput, InputToken, OutputToken } from './ReactorStructs.js';

// Port of UniswapX src/lib/DutchDecayLib.sol decay(uint256, uint256, uint256, uint256)
export function decay(startAmount: bigint, endAmount: bigint, decayStartTime: bigint, decayEndTime: bigint, now: bigint): bigint {
  if (startAmount === endAmount) return startAmount;
  if (decayEndTime <= decayStartTime) throw new Revert('EndTimeBeforeStartTime');
  if (decayEndTime <= now) return endAmount;
  if (decayStartTime >= now) return startAmount;
  return linearDecayUint(decayStartTime, decayEndTime, now, startAmount, endAmount);
}

// Port of UniswapX src/lib/DutchDecayLib.sol linearDecay(uint256, uint256, uint256, uint256, uint256)
export function linearDecayUint(startPoint: bigint, endPoint: bigint, currentPoint: bigint, startAmount: bigint, endAmount: bigint): bigint {
  // The original reinterprets the amounts as int256 and back; amounts of 2^255 or more wrap on the way.
  return asUint256(linearDecay(startPoint, endPoint, currentPoint, asInt256(startAmount), asInt256(endAmount)));
}

// Port of UniswapX src/lib/DutchDecayLib.sol linearDecay(uint256, uint256, uint256, int256, int256)
export function linearDecay(startPoint: bigint, endPoint: bigint, currentPoint: bigint, startAmount: bigint, endAmount: bigint): bigint {
  if (currentPoint >= endPoint) return endAmount;
  // Checked subtraction: a current point before the start panics (0x11) before any division.
  const elapsed = sub(currentPoint, startPoint);
  const duration = sub(endPoint, startPoint);
  const delta =
    endAmount < startAmount
      ? negInt256(asInt256(FixedPointMathLib.mulDivDown(subInt256(startAmount, endAmount), elapsed, duration)))
      : asInt256(FixedPointMathLib.mulDivDown(subInt256(endAmount, startAmount), elapsed, duration));
  return addInt256(startAmount, delta);
}

// Port of UniswapX src/lib/DutchDecayLib.sol decay(DutchOutput, uint256, uint256)
export function decayOutput(output: DutchOutput, decayStartTime: bigint, decayEndTime: bigint, now: bigint): OutputToken {
  if (output.startAmount < output.endAmount) throw new Revert('IncorrectAmounts');
  const amount = decay(output.startAmount, output.endAmount, decayStartTime, decayEndTime, now);
  return { token: output.token, amount, recipient: output.recipient };
}

// Port of UniswapX src/lib/DutchDecayLib.sol decay(DutchOutput[], uint256, uint256)
export function decayOutputs(outputs: readonly DutchOutput[], decayStartTime: bigint, decayEndTime: bigint, now: bigint): OutputToken[] {
  return outputs.map((output) => decayOutput(output, decayStartTime, decayEndTime, now));
}

// Port of UniswapX src/lib/DutchDecayLib.sol decay(DutchInput, uint256, uint256)
export function decayInput(input: DutchInput, decayStartTime: bigint, decayEndTime: bigint, now: bigint): InputToken {
  if (input.startAmount > input.endAmount) throw new Revert('IncorrectAmounts');
  const amount = decay(input.startAmount, input.endAmount, decayStartTime, decayEndTime, now);
  return { token: input.token, amount, maxAmount: input.endAmount };
}
