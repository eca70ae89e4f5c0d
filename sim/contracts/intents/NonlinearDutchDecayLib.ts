// Block-based, piecewise-linear decay of V3 Dutch orders, after Uniswap/UniswapX
// src/lib/NonlinearDutchDecayLib.sol @ 52299e91. A curve is up to 16 points; each point is a block
// offset from decayStartBlock (uint16, packed into one uint256) and an amount subtracted from the
// start amount there (int256: negative raises the amount).
import { Panic, PanicCode, Revert } from '../errors.js';
import { FixedPointMathLib, UINT16_MAX, UINT256_MAX, sub } from '../math.js';
import { addInt256, asInt256, bound, boundedSub, negInt256, subInt256 } from './MathExt.js';
import type { OutputToken, InputToken } from './ReactorStructs.js';
import type { Address } from '../types.js';

export interface NonlinearDutchDecay {
  /** Sixteen uint16 block offsets, element i in bits [16i, 16i+16). */
  readonly relativeBlocks: bigint;
  readonly relativeAmounts: readonly bigint[];
}

export interface V3DutchInput {
  readonly token: Address;
  readonly startAmount: bigint;
  readonly curve: NonlinearDutchDecay;
  readonly maxAmount: bigint;
  /** Input added per gwei of base-fee rise (see V3GasAdjustment). */
  readonly adjustmentPerGweiBaseFee: bigint;
}

export interface V3DutchOutput {
  readonly token: Address;
  readonly startAmount: bigint;
  readonly curve: NonlinearDutchDecay;
  readonly recipient: Address;
  readonly minAmount: bigint;
  readonly adjustmentPerGweiBaseFee: bigint;
}

/** Interpolates between two curve points, rounding for one side of the trade. */
export type SegmentDecay = (startPoint: bigint, endPoint: bigint, currentPoint: bigint, startAmount: bigint, endAmount: bigint) => bigint;

const MAX_POINTS = 16;

// Port of UniswapX src/types/Uint16Array.sol toUint16Array (packs the offsets a curve is built from)
export function packUint16Array(values: readonly number[]): bigint {
  if (values.length > MAX_POINTS) throw new Revert('InvalidArrLength');
  return values.reduce((packed, v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > Number(UINT16_MAX)) throw new RangeError(`${v} is not a uint16`);
    return packed | (BigInt(v) << BigInt(16 * i));
  }, 0n);
}

// Port of UniswapX src/types/Uint16Array.sol Uint16ArrayLibrary.getElement
export function getElement(packed: bigint, n: number): bigint {
  if (n >= MAX_POINTS) throw new Revert('IndexOutOfBounds');
  return (packed >> BigInt(16 * n)) & UINT16_MAX;
}

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol decay(NonlinearDutchDecay, uint256, uint256, uint256, uint256, uint256, decayFunc)
export function decay(
  curve: NonlinearDutchDecay,
  startAmount: bigint,
  decayStartBlock: bigint,
  blockNumberish: bigint,
  minAmount: bigint,
  maxAmount: bigint,
  decayFunc: SegmentDecay,
): bigint {
  if (curve.relativeAmounts.length > MAX_POINTS) throw new Revert('InvalidDecayCurve');
  if (decayStartBlock >= blockNumberish || curve.relativeAmounts.length === 0) return bound(startAmount, minAmount, maxAmount);
  // Past 65535 blocks the offset is capped, which the curve reads as fully decayed.
  const elapsed = blockNumberish - decayStartBlock;
  const blockDelta = elapsed < UINT16_MAX ? elapsed : UINT16_MAX;
  const position = locateCurvePosition(curve, blockDelta);
  const curveDelta = decayFunc(position.startPoint, position.endPoint, blockDelta, position.startAmount, position.endAmount);
  return boundedSub(startAmount, curveDelta, minAmount, maxAmount);
}

export interface CurvePosition {
  readonly startPoint: bigint;
  readonly endPoint: bigint;
  readonly startAmount: bigint;
  readonly endAmount: bigint;
}

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol locateCurvePosition
export function locateCurvePosition(curve: NonlinearDutchDecay, currentRelativeBlock: bigint): CurvePosition {
  const amounts = curve.relativeAmounts;
  const amountAt = (i: number): bigint => {
    const amount = amounts[i];
    if (amount === undefined) throw new Panic(PanicCode.ARRAY_OUT_OF_BOUNDS);
    return amount;
  };
  const first = getElement(curve.relativeBlocks, 0);
  // Before the first point the segment starts at (0, 0).
  if (first >= currentRelativeBlock) return { startPoint: 0n, endPoint: first, startAmount: 0n, endAmount: amountAt(0) };
  // The original computes the last index as uint16(length) - 1, which panics for an empty curve.
  if (amounts.length === 0) throw new Panic(PanicCode.ARITHMETIC);
  const last = amounts.length - 1;
  for (let i = 1; i <= last; i++) {
    const point = getElement(curve.relativeBlocks, i);
    if (point >= currentRelativeBlock) {
      return { startPoint: getElement(curve.relativeBlocks, i - 1), endPoint: point, startAmount: amountAt(i - 1), endAmount: amountAt(i) };
    }
  }
  // Past the last point the curve holds its last amount.
  const lastPoint = getElement(curve.relativeBlocks, last);
  return { startPoint: lastPoint, endPoint: lastPoint, startAmount: amountAt(last), endAmount: amountAt(last) };
}

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol v3LinearInputDecay
export const v3LinearInputDecay: SegmentDecay = (startPoint, endPoint, currentPoint, startAmount, endAmount) => {
  if (currentPoint >= endPoint) return endAmount;
  const elapsed = sub(currentPoint, startPoint);
  const duration = sub(endPoint, startPoint);
  // The curve value is subtracted from the input, so the swapper is favoured by a larger value.
  const delta =
    endAmount < startAmount
      ? negInt256(asInt256(FixedPointMathLib.mulDivDown(subInt256(startAmount, endAmount), elapsed, duration)))
      : asInt256(FixedPointMathLib.mulDivUp(subInt256(endAmount, startAmount), elapsed, duration));
  return addInt256(startAmount, delta);
};

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol v3LinearOutputDecay
export const v3LinearOutputDecay: SegmentDecay = (startPoint, endPoint, currentPoint, startAmount, endAmount) => {
  if (currentPoint >= endPoint) return endAmount;
  const elapsed = sub(currentPoint, startPoint);
  const duration = sub(endPoint, startPoint);
  // The curve value is subtracted from the output, so the swapper is favoured by a smaller value.
  const delta =
    endAmount < startAmount
      ? negInt256(asInt256(FixedPointMathLib.mulDivUp(subInt256(startAmount, endAmount), elapsed, duration)))
      : asInt256(FixedPointMathLib.mulDivDown(subInt256(endAmount, startAmount), elapsed, duration));
  return addInt256(startAmount, delta);
};

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol decay(V3DutchOutput, uint256, uint256)
export function decayV3Output(output: V3DutchOutput, decayStartBlock: bigint, blockNumberish: bigint): OutputToken {
  const amount = decay(output.curve, output.startAmount, decayStartBlock, blockNumberish, output.minAmount, UINT256_MAX, v3LinearOutputDecay);
  return { token: output.token, amount, recipient: output.recipient };
}

// Port of UniswapX src/lib/NonlinearDutchDecayLib.sol decay(V3DutchInput, uint256, uint256)
export function decayV3Input(input: V3DutchInput, decayStartBlock: bigint, blockNumberish: bigint): InputToken {
  const amount = decay(input.curve, input.startAmount, decayStartBlock, blockNumberish, 0n, input.maxAmount, v3LinearInputDecay);
  return { token: input.token, amount, maxAmount: input.maxAmount };
}
