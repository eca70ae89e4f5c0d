// EIP-1559 and EIP-4844 ports against the vectors of contracts spec §4 (go-ethereum @ 02b73d4e) and
// the long-run behaviour the lab relies on.
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import {
  BLOB_GAS_PER_BLOB,
  CANCUN_BLOB_CONFIG,
  blobBaseFee,
  calcBaseFee,
  calcExcessBlobGas,
  fakeExponential,
  verifyGasLimit,
} from '../../../sim/contracts/fees/index.js';

const GWEI = 1_000_000_000n;
const M = 1_000_000n;

function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no revert';
}

describe('calcBaseFee (spec §4 table)', () => {
  const vectors: [string, bigint, bigint, bigint, bigint][] = [
    // [source, parent baseFee, gasLimit, gasUsed, next]
    ['eip1559_test.go TestCalcBaseFee: at target', GWEI, 20n * M, 10n * M, 1_000_000_000n],
    ['eip1559_test.go TestCalcBaseFee: under target', GWEI, 20n * M, 9n * M, 987_500_000n],
    ['eip1559_test.go TestCalcBaseFee: over target', GWEI, 20n * M, 11n * M, 1_012_500_000n],
    ['derived [ref]: full block', 100n * GWEI, 30n * M, 30n * M, 112_500_000_000n],
    ['derived: empty block', 100n * GWEI, 30n * M, 0n, 87_500_000_000n],
    ['derived: increase clamped to 1 wei', 7n, 30n * M, 15_000_001n, 8n],
    ['derived: 7 wei is the floor', 7n, 30n * M, 0n, 7n],
    ['derived: 8 falls to 7', 8n, 30n * M, 0n, 7n],
    ['derived: 0 rises to 1', 0n, 30n * M, 30n * M, 1n],
    ['derived: odd gas limit floors the target', GWEI, 30_000_001n, 15n * M, GWEI],
  ];
  for (const [source, baseFee, gasLimit, gasUsed, next] of vectors) {
    it(source, () => expect(calcBaseFee({ baseFee, gasLimit, gasUsed })).toBe(next));
  }

  it('takes other elasticity and change denominators', () => {
    // Target 10M of 30M; 20M over target at denominator 4: 1e9 · 20/10 / 4 = 5e8 more.
    expect(calcBaseFee({ baseFee: GWEI, gasLimit: 30n * M, gasUsed: 30n * M }, { elasticityMultiplier: 3n, baseFeeChangeDenominator: 4n })).toBe(1_500_000_000n);
  });

  it('rejects parents no valid chain has', () => {
    expect(() => calcBaseFee({ baseFee: GWEI, gasLimit: 1n, gasUsed: 1n })).toThrow(RangeError);
    expect(() => calcBaseFee({ baseFee: GWEI, gasLimit: 1n << 64n, gasUsed: 0n })).toThrow(RangeError);
  });
});

describe('base fee dynamics', () => {
  it('grows by 12.5% per full block, floored each block', () => {
    let fee = GWEI;
    const blocks = 50;
    for (let i = 0; i < blocks; i++) {
      const next = calcBaseFee({ baseFee: fee, gasLimit: 30n * M, gasUsed: 30n * M });
      // A full block is one target over target: exactly fee + floor(fee / 8).
      expect(next).toBe(fee + fee / 8n);
      fee = next;
    }
    // Each floor loses under 1 wei, later compounded by at most 1.125^50, so the total shortfall is
    // under 50 · 1.125^50 wei; relative to 1e9 · 1.125^50 that is under 50 / 1e9.
    const exact = 1e9 * 1.125 ** blocks;
    expect(Math.abs(Number(fee) / exact - 1)).toBeLessThan(50 / 1e9 + 1e-12);
  });

  it('decays by 12.5% per empty block down to 7 wei, and stays there', () => {
    let fee = 100n * GWEI;
    let blocks = 0;
    while (fee > 7n) {
      const next = calcBaseFee({ baseFee: fee, gasLimit: 30n * M, gasUsed: 0n });
      expect(next).toBe(fee - fee / 8n);
      fee = next;
      blocks++;
    }
    expect(fee).toBe(7n);
    // 1e11 · (7/8)^n reaches single digits after about ln(1e11/7)/ln(8/7) ≈ 175 blocks.
    expect(blocks).toBeGreaterThan(150);
    expect(blocks).toBeLessThan(250);
    expect(calcBaseFee({ baseFee: 7n, gasLimit: 30n * M, gasUsed: 0n })).toBe(7n);
  });
});

describe('verifyGasLimit (consensus/misc/gaslimit.go)', () => {
  it('accepts a change strictly under parent/1024 and at least 5000', () => {
    // 30M / 1024 = 29296: a move of 29295 passes, 29296 does not.
    verifyGasLimit(30n * M, 30n * M + 29_295n);
    verifyGasLimit(30n * M, 30n * M - 29_295n);
    expect(failure(() => verifyGasLimit(30n * M, 30n * M + 29_296n))).toBe('ErrInvalidGasLimit');
    expect(failure(() => verifyGasLimit(30n * M, 30n * M - 29_296n))).toBe('ErrInvalidGasLimit');
    verifyGasLimit(5000n * 1024n, 5000n * 1024n);
    expect(failure(() => verifyGasLimit(5000n, 4999n))).toBe('ErrInvalidGasLimit');
  });
});

describe('EIP-4844 (eip4844_test.go TestFakeExponential)', () => {
  const vectors: [bigint, bigint, bigint, bigint][] = [
    [1n, 2n, 1n, 6n],
    [1n, 3n, 1n, 16n],
    [1n, 4n, 1n, 49n],
    [10n, 8n, 2n, 542n],
    [1n, 5n, 2n, 11n],
    [1n, 50_000_000n, 2_225_652n, 5_709_098_764n],
  ];
  for (const [f, n, d, result] of vectors) {
    it(`fakeExponential(${f}, ${n}, ${d}) = ${result}`, () => expect(fakeExponential(f, n, d)).toBe(result));
  }

  it('prices blobs at 1 wei until excess builds, then compounds', () => {
    expect(CANCUN_BLOB_CONFIG).toEqual({ target: 3n, max: 6n, updateFraction: 3_338_477n });
    expect(blobBaseFee(0n)).toBe(1n);
    // Full blocks (6 blobs) add 3 blobs of excess each; e^(excess/fraction) passes 2 near ln 2 · 3338477.
    let excess = 0n;
    let blocks = 0;
    while (blobBaseFee(excess) < 2n) {
      excess = calcExcessBlobGas(excess, 6n * BLOB_GAS_PER_BLOB);
      blocks++;
    }
    // ln 2 · 3338477 / (3 · 131072) ≈ 5.9, so the fee doubles on the 6th full block.
    expect(blocks).toBe(6);
    expect(calcExcessBlobGas(excess, 0n)).toBe(excess - 3n * BLOB_GAS_PER_BLOB);
    expect(calcExcessBlobGas(BLOB_GAS_PER_BLOB, BLOB_GAS_PER_BLOB)).toBe(0n);
  });
});
