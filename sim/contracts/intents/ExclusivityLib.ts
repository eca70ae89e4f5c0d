// Exclusive filling rights, after Uniswap/UniswapX src/lib/ExclusivityLib.sol @ 52299e91. The
// exclusive filler (an RFQ winner) may fill at the quoted price until `exclusivityEnd`; anyone else
// must pay every output scaled up by `exclusivityOverrideBps`, or may not fill at all when it is 0.
import { Revert } from '../errors.js';
import { FixedPointMathLib, add } from '../math.js';
import { ZERO_ADDRESS, type Address } from '../types.js';
import type { OutputToken } from './ReactorStructs.js';

const BPS = 10_000n;
const STRICT_EXCLUSIVITY = 0n;

// Port of UniswapX src/lib/ExclusivityLib.sol hasFillingRights
export function hasFillingRights(exclusive: Address, exclusivityEnd: bigint, currentPosition: bigint, filler: Address): boolean {
  // Strictly after the end: at exclusivityEnd itself the exclusive filler still holds the order.
  return exclusive === ZERO_ADDRESS || currentPosition > exclusivityEnd || exclusive === filler;
}

// Port of UniswapX src/lib/ExclusivityLib.sol _handleExclusiveOverride (returns new outputs instead of editing in place)
export function handleExclusiveOverride(
  outputs: readonly OutputToken[],
  exclusive: Address,
  exclusivityEnd: bigint,
  exclusivityOverrideBps: bigint,
  currentPosition: bigint,
  filler: Address,
): readonly OutputToken[] {
  if (hasFillingRights(exclusive, exclusivityEnd, currentPosition, filler)) return outputs;
  if (exclusivityOverrideBps === STRICT_EXCLUSIVITY) throw new Revert('NoExclusiveOverride');
  const scale = add(BPS, exclusivityOverrideBps);
  // Rounded up, so the swapper never receives less than the full override.
  return outputs.map((output) => ({ ...output, amount: FixedPointMathLib.mulDivUp(output.amount, scale, BPS) }));
}
