// Plain unit tests of sim/contracts/math.ts at the edges where the EVM's bounds and each library's
// rounding show. Expected values are worked by hand in the comments.
import { describe, expect, it } from 'vitest';
import { Panic, Revert, errorNameOf } from '../../../sim/contracts/errors.js';
import {
  FixedPointMathLib,
  INT128_MAX,
  INT128_MIN,
  UINT256_MAX,
  UINT64_MAX,
  WAD,
  add,
  addSigned,
  assertUint,
  div,
  divWad,
  mul,
  mulDiv,
  mulWad,
  mulWadRoundUp,
  sub,
  toUint,
} from '../../../sim/contracts/math.js';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no revert';
}

describe('checked arithmetic', () => {
  it('panics with 0x11 one step past each bound', () => {
    expect(add(UINT256_MAX - 1n, 1n)).toBe(UINT256_MAX);
    expect(failure(() => add(UINT256_MAX, 1n))).toBe('Panic(0x11)');
    expect(failure(() => add(UINT64_MAX, 1n, UINT64_MAX))).toBe('Panic(0x11)');
    expect(sub(5n, 5n)).toBe(0n);
    expect(failure(() => sub(5n, 6n))).toBe('Panic(0x11)');
    expect(failure(() => mul(1n << 128n, 1n << 128n))).toBe('Panic(0x11)');
    expect(addSigned(INT128_MIN, -0n, INT128_MIN, INT128_MAX)).toBe(INT128_MIN);
    expect(failure(() => addSigned(INT128_MIN, -1n, INT128_MIN, INT128_MAX))).toBe('Panic(0x11)');
    expect(failure(() => addSigned(INT128_MAX, 1n, INT128_MIN, INT128_MAX))).toBe('Panic(0x11)');
  });

  it('divides toward zero and panics with 0x12 on a zero divisor', () => {
    expect(div(7n, 2n)).toBe(3n);
    expect(div(-7n, 2n)).toBe(-3n);
    expect(failure(() => div(1n, 0n))).toBe('Panic(0x12)');
  });
});

describe('OpenZeppelin 4.9 mulDiv', () => {
  it('keeps the full 512-bit product', () => {
    // (2^256-1)^2 / (2^256-1) = 2^256-1 although the product needs 512 bits.
    expect(mulDiv(UINT256_MAX, UINT256_MAX, UINT256_MAX)).toBe(UINT256_MAX);
    // 2^255 · 4 / 8 = 2^254.
    expect(mulDiv(1n << 255n, 4n, 8n)).toBe(1n << 254n);
  });

  it('rounds up only when there is a remainder', () => {
    expect(mulDiv(10n, 10n, 3n)).toBe(33n); // 100/3 = 33.3
    expect(mulDiv(10n, 10n, 3n, 'up')).toBe(34n);
    expect(mulDiv(10n, 9n, 3n, 'up')).toBe(30n);
  });

  it('reverts as the original does', () => {
    // A zero denominator with a product under 2^256 is Solidity's division panic ...
    expect(failure(() => mulDiv(3n, 5n, 0n))).toBe('Panic(0x12)');
    // ... with a wider product it is the require, as is a quotient of 2^256 or more.
    expect(failure(() => mulDiv(UINT256_MAX, 2n, 0n))).toBe('Error');
    expect(failure(() => mulDiv(1n << 255n, 4n, 2n))).toBe('Error');
    try {
      mulDiv(1n << 255n, 4n, 2n);
    } catch (e) {
      expect(e).toBeInstanceOf(Revert);
      expect((e as Revert).args).toEqual(['Math: mulDiv overflow']);
    }
    // 2^257-1 = 535006138814359·q: floor((2^257-1)/2) = 2^256-1, remainder 1, so rounding up overflows.
    const factor = 535006138814359n;
    expect(failure(() => mulDiv(factor, ((1n << 257n) - 1n) / factor, 2n, 'up'))).toBe('Panic(0x11)');
  });

  it('gives the WAD helpers their roundings', () => {
    expect(mulWad(3n * WAD / 2n, 2n * WAD)).toBe(3n * WAD); // 1.5 · 2 = 3
    expect(mulWad(1n, 1n)).toBe(0n); // 1e-36 floors to 0
    expect(mulWadRoundUp(1n, 1n)).toBe(1n); // ... and ceils to 1 wei
    expect(divWad(1n, 3n)).toBe(333_333_333_333_333_333n); // 1e18/3 floored
    expect(divWad(WAD, WAD)).toBe(WAD);
    expect(failure(() => divWad(1n, 0n))).toBe('Panic(0x12)');
  });
});

describe('solmate FixedPointMathLib', () => {
  it('rounds like mulDiv when the product fits 256 bits', () => {
    expect(FixedPointMathLib.mulDivDown(10n, 10n, 3n)).toBe(33n);
    expect(FixedPointMathLib.mulDivUp(10n, 10n, 3n)).toBe(34n);
    expect(FixedPointMathLib.mulDivUp(0n, 5n, 7n)).toBe(0n);
  });

  it('reverts with empty data where OpenZeppelin would not', () => {
    // 2^128 · 2^128 = 2^256 overflows the product even though the quotient by 2^128 fits.
    expect(mulDiv(1n << 128n, 1n << 128n, 1n << 128n)).toBe(1n << 128n);
    const overflow = () => FixedPointMathLib.mulDivDown(1n << 128n, 1n << 128n, 1n << 128n);
    expect(failure(overflow)).toBe('');
    expect(failure(() => FixedPointMathLib.mulDivUp(1n, 1n, 0n))).toBe('');
    // The largest product that fits still works.
    expect(FixedPointMathLib.mulDivDown(UINT256_MAX, 1n, 1n)).toBe(UINT256_MAX);
  });
});

describe('casts', () => {
  it('SafeCast reverts with the original message', () => {
    expect(toUint(UINT64_MAX, 64)).toBe(UINT64_MAX);
    try {
      toUint(UINT64_MAX + 1n, 64);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Revert);
      expect((e as Revert).args).toEqual(["SafeCast: value doesn't fit in 64 bits"]);
    }
    expect(failure(() => toUint(-1n, 128))).toBe('Error');
  });

  it('assertUint takes exactly 0 to 2^bits - 1, at the default 256 bits and at others', () => {
    expect(assertUint(0n)).toBe(0n);
    expect(assertUint(UINT256_MAX)).toBe(UINT256_MAX);
    expect(() => assertUint(UINT256_MAX + 1n)).toThrow(RangeError);
    expect(() => assertUint(-1n)).toThrow('-1 does not fit uint256');
    expect(assertUint(UINT64_MAX, 64)).toBe(UINT64_MAX);
    expect(() => assertUint(UINT64_MAX + 1n, 64)).toThrow('18446744073709551616 does not fit uint64');
    expect(() => assertUint(-1n, 64)).toThrow(RangeError);
  });

  it('names panics by their code', () => {
    expect(errorNameOf(new Panic(0x12))).toBe('Panic(0x12)');
    expect(errorNameOf(new Revert(''))).toBe('');
  });
});
