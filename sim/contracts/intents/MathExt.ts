// Signed helpers over uint256 amounts, after Uniswap/UniswapX src/lib/MathExt.sol, plus the two
// explicit Solidity casts between int256 and uint256 that UniswapX's decay code relies on. An explicit
// cast never reverts in Solidity: it reinterprets the 256 bits, so a port must wrap, not throw.
import { Panic, PanicCode, Revert } from '../errors.js';
import { INT256_MAX, INT256_MIN, UINT256_MAX, addSigned } from '../math.js';

const TWO_256 = 1n << 256n;

/** Solidity `int256(x)` for a uint256 `x`: the same bits read as two's complement. */
export function asInt256(x: bigint): bigint {
  return x > INT256_MAX ? x - TWO_256 : x;
}

/** Solidity `uint256(x)` for an int256 `x`: the same bits read as unsigned. */
export function asUint256(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

/** Checked int256 `a + b` (panics 0x11 outside int256). */
export function addInt256(a: bigint, b: bigint): bigint {
  return addSigned(a, b, INT256_MIN, INT256_MAX);
}

/** Checked int256 `a - b`. */
export function subInt256(a: bigint, b: bigint): bigint {
  return addSigned(a, -b, INT256_MIN, INT256_MAX);
}

/** Checked int256 `-a`: only type(int256).min has no negation. */
export function negInt256(a: bigint): bigint {
  if (a === INT256_MIN) throw new Panic(PanicCode.ARITHMETIC);
  return -a;
}

// Port of UniswapX src/lib/MathExt.sol bound
export function bound(value: bigint, min: bigint, max: bigint): bigint {
  const atLeastMin = value > min ? value : min;
  return atLeastMin < max ? atLeastMin : max;
}

// Port of UniswapX src/lib/MathExt.sol boundedSub: a - b, saturating at min/max instead of reverting
export function boundedSub(a: bigint, b: bigint, min: bigint, max: bigint): bigint {
  if (b < 0n) {
    const absB = asUint256(negInt256(b));
    if (UINT256_MAX - absB < a) return max;
    return bound(a + absB, min, max);
  }
  if (a < b) return min;
  return bound(a - b, min, max);
}

// Port of UniswapX src/lib/MathExt.sol boundedAdd: a + b as boundedSub(a, 0 - b)
export function boundedAdd(a: bigint, b: bigint, min: bigint, max: bigint): bigint {
  return boundedSub(a, subInt256(0n, b), min, max);
}

// Port of UniswapX src/lib/MathExt.sol sub(uint256, uint256) -> int256 (OpenZeppelin SafeCast.toInt256)
export function signedDifference(a: bigint, b: bigint): bigint {
  const magnitude = a < b ? b - a : a - b;
  if (magnitude > INT256_MAX) throw new Revert('Error', "SafeCast: value doesn't fit in an int256");
  return a < b ? -magnitude : magnitude;
}
