// Integer arithmetic with the EVM's bounds and the rounding of the libraries the originals use.
// Every helper names its rounding; a port must pick the one its original calls.
import { Panic, PanicCode, Revert } from './errors.js';

export const WAD = 10n ** 18n;

export const UINT256_MAX = (1n << 256n) - 1n;
export const UINT224_MAX = (1n << 224n) - 1n;
export const UINT128_MAX = (1n << 128n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;
export const UINT32_MAX = (1n << 32n) - 1n;
export const UINT16_MAX = (1n << 16n) - 1n;
export const INT128_MAX = (1n << 127n) - 1n;
export const INT128_MIN = -(1n << 127n);
export const INT256_MAX = (1n << 255n) - 1n;
export const INT256_MIN = -(1n << 255n);

export type Rounding = 'down' | 'up';

// ---- checked arithmetic (Solidity >= 0.8): overflow and underflow panic with 0x11 ----

/** `a + b` in a type whose largest value is `max` (default uint256). */
export function add(a: bigint, b: bigint, max: bigint = UINT256_MAX): bigint {
  const r = a + b;
  if (r > max || r < 0n) throw new Panic(PanicCode.ARITHMETIC);
  return r;
}

/** `a - b` for unsigned types: panics when `b > a`. */
export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw new Panic(PanicCode.ARITHMETIC);
  return a - b;
}

/** `a * b` in a type whose largest value is `max` (default uint256). */
export function mul(a: bigint, b: bigint, max: bigint = UINT256_MAX): bigint {
  const r = a * b;
  if (r > max) throw new Panic(PanicCode.ARITHMETIC);
  return r;
}

/** Signed `a + b` in a type bounded by [min, max] (e.g. int128). */
export function addSigned(a: bigint, b: bigint, min: bigint, max: bigint): bigint {
  const r = a + b;
  if (r > max || r < min) throw new Panic(PanicCode.ARITHMETIC);
  return r;
}

/** `a / b` rounded toward zero; division by zero panics with 0x12. */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Panic(PanicCode.DIVISION_BY_ZERO);
  return a / b;
}

// ---- OpenZeppelin 4.9 Math.mulDiv: a full 512-bit product ----

// Port of OpenZeppelin/openzeppelin-contracts v4.9.0 utils/math/Math.sol mulDiv(x, y, denominator[, rounding])
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding = 'down'): bigint {
  const product = a * b;
  const high = product >> 256n;
  if (high === 0n) {
    // The 256-bit fast path divides directly: a zero denominator is Solidity's division panic.
    if (d === 0n) throw new Panic(PanicCode.DIVISION_BY_ZERO);
  } else if (d <= high) {
    // Covers d == 0 as well as a quotient of 2^256 or more.
    throw new Revert('Error', 'Math: mulDiv overflow');
  }
  const q = product / d;
  if (rounding === 'up' && product % d > 0n) return add(q, 1n);
  return q;
}

/** ⌊x·y / WAD⌋ (EigenLayer SlashingLib.mulWad). */
export function mulWad(x: bigint, y: bigint): bigint {
  return mulDiv(x, y, WAD);
}

/** ⌊x·WAD / y⌋ (EigenLayer SlashingLib.divWad). */
export function divWad(x: bigint, y: bigint): bigint {
  return mulDiv(x, WAD, y);
}

/** ⌈x·y / WAD⌉ (EigenLayer SlashingLib.mulWadRoundUp). */
export function mulWadRoundUp(x: bigint, y: bigint): bigint {
  return mulDiv(x, y, WAD, 'up');
}

// ---- solmate FixedPointMathLib (used by UniswapX): no 512-bit product ----

// Port of transmissions11/solmate src/utils/FixedPointMathLib.sol mulDivDown / mulDivUp
function solmateMulDiv(x: bigint, y: bigint, d: bigint, rounding: Rounding): bigint {
  // solmate reverts with empty data when x·y overflows 256 bits or d is zero.
  if (d === 0n || x * y > UINT256_MAX) throw new Revert('');
  const product = x * y;
  return rounding === 'up' ? product / d + (product % d > 0n ? 1n : 0n) : product / d;
}

export const FixedPointMathLib = {
  mulDivDown: (x: bigint, y: bigint, d: bigint): bigint => solmateMulDiv(x, y, d, 'down'),
  mulDivUp: (x: bigint, y: bigint, d: bigint): bigint => solmateMulDiv(x, y, d, 'up'),
};

// ---- casts ----

/** Throws unless `v` fits an unsigned integer of `bits` bits (an input the EVM could hold). */
export function assertUint(v: bigint, bits = 256): bigint {
  // The ledger checks every amount against uint256: its bound is a constant, where `1n << 256n`
  // built a 257-bit bigint at each call.
  const max = bits === 256 ? UINT256_MAX : (1n << BigInt(bits)) - 1n;
  if (v < 0n || v > max) throw new RangeError(`${v} does not fit uint${bits}`);
  return v;
}

// Port of OpenZeppelin v4.9.0 utils/math/SafeCast.sol toUintN: a require with the original message
export function toUint(v: bigint, bits: 64 | 128 | 224 | 256): bigint {
  if (v < 0n || v >= 1n << BigInt(bits)) throw new Revert('Error', `SafeCast: value doesn't fit in ${bits} bits`);
  return v;
}
