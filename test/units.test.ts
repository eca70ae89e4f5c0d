// Every crossing between floats and token base units, with the rounding each one promises.
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
