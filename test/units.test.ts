// Every crossing between floats and token base units, with the rounding each one promises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LegacyDec } from '../sim/contracts/leasing/LegacyDec.js';
import {
  fractionToWad,
  fractionToWadDown,
  microForGpuSecondsToUsdPerGpuHour,
  microToUsd,
  perBlockToUsdPerGpuHour,
  ratioToNumber,
  stakeToTokens,
  tokensToStake,
  usdPerGpuHourToMicro,
  usdPerGpuHourToPerBlock,
  usdToMicro,
} from '../sim/units.js';

describe('USD and micro-USD', () => {
  it('rounds USD down to the micro-USD, and back exactly', () => {
    expect(usdToMicro(1_000)).toBe(1_000_000_000n);
    expect(usdToMicro(0.0000019)).toBe(1n);
    expect(microToUsd(1_234_567n)).toBe(1.234567);
  });

  it('takes USD per GPU-hour to the nearest micro-USD, rejecting what is not a price', () => {
    // 0.6 · 100 is 60.00000000000001 as a double: still exactly 60 USD.
    expect(usdPerGpuHourToMicro(0.6 * 100)).toBe(60_000_000n);
    expect(usdPerGpuHourToMicro(0.0000015)).toBe(2n);
    expect(() => usdPerGpuHourToMicro(Number.NaN)).toThrow(RangeError);
    expect(() => usdPerGpuHourToMicro(-1)).toThrow('price must be finite and >= 0, got -1');
  });

  it('reads a payment for GPU-seconds as USD per GPU-hour', () => {
    // 7.20 USD for 2 GPU-hours.
    expect(microForGpuSecondsToUsdPerGpuHour(7_200_000n, 7_200n)).toBe(3.6);
  });

  it("converts USD per GPU-hour to escrow's micro-USD per block and back", () => {
    // 1.5 USD/GPU-h · 8 GPUs · 12 s / 3600 s = 0.04 USD = 40,000 micro-USD per block.
    const perBlock = usdPerGpuHourToPerBlock(1.5, 8, 12);
    expect(perBlock.equal(LegacyDec.fromString('40000'))).toBe(true);
    expect(perBlockToUsdPerGpuHour(perBlock, 8, 12)).toBe(1.5);
    // 1 USD/GPU-h on one GPU: 3333.33… micro-USD per block, cut at 12 decimals.
    expect(usdPerGpuHourToPerBlock(1, 1, 12).toString()).toBe('3333.333333333333000000');
    expect(() => usdPerGpuHourToPerBlock(Number.POSITIVE_INFINITY, 1, 12)).toThrow(RangeError);
  });

  // The conversions work on the double's bits; they must give exactly what the decimal strings
  // they replaced gave: toFixed(12) parsed as a LegacyDec, and Number() of LegacyDec's String.
  const viaStrings = {
    toPerBlock: (usd: number, gpus: number, blockTime: number): LegacyDec => {
      const perBlock = (usd * gpus * 1_000_000 * blockTime) / 3600;
      return perBlock < 1e21 ? LegacyDec.fromString(perBlock.toFixed(12)) : LegacyDec.fromInt(BigInt(perBlock));
    },
    toUsd: (perBlock: LegacyDec, gpus: number, blockTime: number): number => (Number(perBlock.toString()) * 3600) / (gpus * 1_000_000 * blockTime),
  };

  it('rounds a price to 12 decimals of a micro-USD per block as toFixed(12) does, ties and extremes included', () => {
    // Ties at the 12th decimal (k/2^13 micro-USD per block is a tie for odd k), the smallest
    // doubles, and prices around 10^21 where the cut changes.
    const edges = [0, Number.MIN_VALUE, 2 ** -1022, 1e-13, 5e-13, 1 / 2 ** 13, 3 / 2 ** 13, 0.5, 2 ** 53, 9.99e20, 1e21, 1.5e22];
    for (const perBlock of edges) {
      expect(usdPerGpuHourToPerBlock(perBlock * 0.3, 1, 12000).raw).toBe(viaStrings.toPerBlock(perBlock * 0.3, 1, 12000).raw);
      expect(usdPerGpuHourToPerBlock(perBlock, 3600, 1e-6).raw).toBe(viaStrings.toPerBlock(perBlock, 3600, 1e-6).raw);
    }
    // m/2^13 micro-USD per block (m odd) lies halfway between two 12-decimal numbers: toFixed takes the larger.
    for (const m of [1, 3, 5, 7, 9]) {
      const usd = m / 8192 / 1e6;
      expect(usdPerGpuHourToPerBlock(usd, 1, 3600).raw).toBe(viaStrings.toPerBlock(usd, 1, 3600).raw);
    }
    expect(usdPerGpuHourToPerBlock(1 / 8192 / 1e6, 1, 3600).toString()).toBe('0.000122070313000000');
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 60 }), (usd, gpus, blockTime) => {
        expect(usdPerGpuHourToPerBlock(usd, gpus, blockTime).raw).toBe(viaStrings.toPerBlock(usd, gpus, blockTime).raw);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads a per-block price back as Number() of its decimal string does', () => {
    // 31250000000000059: its quotient's dropped bits read as an exact tie unless the remainder is kept.
    const raws = [0n, 1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 18n, 5n * 10n ** 17n + 1n, 31250000000000059n, 2n ** 200n + 12345n, -(2n ** 70n) - 3n];
    for (const raw of raws) expect(perBlockToUsdPerGpuHour(LegacyDec.fromRaw(raw), 1, 3600)).toBe(viaStrings.toUsd(LegacyDec.fromRaw(raw), 1, 3600));
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 120n), max: 2n ** 120n }), fc.integer({ min: 1, max: 64 }), (raw, gpus) => {
        const perBlock = LegacyDec.fromRaw(raw);
        expect(perBlockToUsdPerGpuHour(perBlock, gpus, 12)).toBe(viaStrings.toUsd(perBlock, gpus, 12));
      }),
      { numRuns: 20_000 },
    );
    // Whole numbers of 10^-12 (raw a multiple of 10^6), on both sides of 2^53 of them.
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 54n }), fc.integer({ min: 1, max: 64 }), (twelfths, gpus) => {
        const perBlock = LegacyDec.fromRaw(twelfths * 10n ** 6n);
        expect(perBlockToUsdPerGpuHour(perBlock, gpus, 12)).toBe(viaStrings.toUsd(perBlock, gpus, 12));
      }),
      { numRuns: 20_000 },
    );
    for (const twelfths of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 3n]) {
      const perBlock = LegacyDec.fromRaw(twelfths * 10n ** 6n);
      expect(perBlockToUsdPerGpuHour(perBlock, 1, 3600)).toBe(viaStrings.toUsd(perBlock, 1, 3600));
    }
    // Prices as the lab makes them: a double price through escrow's rate and back.
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 64 }), (usd, gpus) => {
        const perBlock = usdPerGpuHourToPerBlock(usd, gpus, 12);
        expect(perBlockToUsdPerGpuHour(perBlock, gpus, 12)).toBe(viaStrings.toUsd(perBlock, gpus, 12));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('fractions and ratios', () => {
  it('takes a fraction to WAD to the nearest billionth, or down to a millionth', () => {
    expect(fractionToWad(0.01)).toBe(10n ** 16n);
    expect(fractionToWad(1 / 3)).toBe(333_333_333n * 10n ** 9n);
    expect(fractionToWadDown(1 / 3)).toBe(333_333n * 10n ** 12n);
    expect(fractionToWadDown(0.8)).toBe(8n * 10n ** 17n);
  });

  it('divides bigints to a float, rounded down to a millionth', () => {
    expect(ratioToNumber(2n, 3n)).toBe(0.666666);
    expect(ratioToNumber(2n * 10n ** 40n, 3n * 10n ** 40n)).toBe(0.666666);
    expect(ratioToNumber(0n, 7n)).toBe(0);
  });
});

describe('STAKE', () => {
  it('reads base units as tokens truncated to a micro-token, and writes tokens rounded down', () => {
    expect(stakeToTokens(1_500_000_000_000_000_000n)).toBe(1.5);
    expect(stakeToTokens(999_999_999_999n)).toBe(0);
    expect(tokensToStake(1.5)).toBe(1_500_000_000_000_000_000n);
    expect(tokensToStake(0.0000001)).toBe(0n);
    expect(() => tokensToStake(-1)).toThrow('STAKE amount must be finite and >= 0, got -1');
  });
});
