import { describe, expect, it } from 'vitest';
import { mulWad, mulWadRoundUp, WAD } from '../../../sim/contracts/math.js';
import * as SlashingLib from '../../../sim/contracts/restaking/SlashingLib.js';
import { errorOf } from './fixture.js';

describe('SlashingLib', () => {
  it('reads a DSF of 0 as WAD', () => {
    expect(SlashingLib.scalingFactor(0n)).toBe(WAD);
    expect(SlashingLib.scalingFactor(2n * WAD)).toBe(2n * WAD);
  });

  it('E7: update reverts InvalidDepositScalingFactor when the new DSF floors to 0', () => {
    // contracts spec §1.9 E7, from src/test/unit/libraries/SlashingLibUnit.t.sol: DSF = 1,
    // update(prev = 1e18, added = 1, sf = WAD - 1).
    expect(errorOf(() => SlashingLib.update(1n, 10n ** 18n, 1n, WAD - 1n))).toBe('InvalidDepositScalingFactor');
  });

  it('E13: the HEAD queue formula slashes 5 where v1.3 slashed 6', () => {
    // contracts spec §1.9 E13: added = 7 scaled shares, prev = WAD - 1, new = 1.
    const added = 7n;
    const prev = WAD - 1n;
    const next = 1n;
    expect(SlashingLib.calcSlashedAmount(mulWad(added, prev), prev, next)).toBe(5n);
    // v1.3–v1.8 "scaleForBurning", kept here only to show the difference.
    expect(mulWad(added, prev - next)).toBe(6n);
  });

  it('E18: tiny magnitudes round the slash up', () => {
    // contracts spec §1.9 E18.
    expect(mulWadRoundUp(3n, WAD / 2n)).toBe(2n);
    expect(mulWadRoundUp(1n, 1n)).toBe(1n);
    expect(SlashingLib.calcSlashedAmount(10n, 3n, 2n)).toBe(3n);
  });

  it('E14: delegation to a half-slashed operator doubles the DSF and keeps withdrawable shares', () => {
    // contracts spec §1.9 E14: deposit 100e18, delegate to an operator with magnitude 0.5e18.
    const mag = WAD / 2n;
    const dsf = SlashingLib.update(0n, 0n, 100n * WAD, mag);
    expect(dsf).toBe(2n * WAD);
    expect(SlashingLib.calcWithdrawable(100n * WAD, dsf, mag)).toBe(100n * WAD);
    const dsf2 = SlashingLib.update(dsf, 100n * WAD, 50n * WAD, mag);
    expect(dsf2).toBe(2n * WAD);
    expect(SlashingLib.calcWithdrawable(150n * WAD, dsf2, mag)).toBe(150n * WAD);
  });

  it('calcSlashedAmount divides by the previous magnitude (Panic 0x12 at 0) and underflows if it grew', () => {
    expect(errorOf(() => SlashingLib.calcSlashedAmount(10n, 0n, 0n))).toBe('Panic(0x12)');
    expect(errorOf(() => SlashingLib.calcSlashedAmount(10n, 1n, 2n))).toBe('Panic(0x11)');
  });

  it('calcDepositShares inverts calcWithdrawable up to rounding', () => {
    // 300 shares at DSF 1.5 and slashing factor 0.5: 300 · 1.5 · 0.5 = 225, and back.
    const dsf = (3n * WAD) / 2n;
    const sf = WAD / 2n;
    expect(SlashingLib.calcWithdrawable(300n, dsf, sf)).toBe(225n);
    expect(SlashingLib.calcDepositShares(225n, dsf, sf)).toBe(300n);
  });

  it('scales shares into and out of the withdrawal queue', () => {
    expect(SlashingLib.scaleForQueueWithdrawal(2n * WAD, 7n)).toBe(14n);
    expect(SlashingLib.scaleForQueueWithdrawal(0n, 7n)).toBe(7n);
    expect(SlashingLib.scaleForCompleteWithdrawal(14n, WAD / 2n)).toBe(7n);
  });
});
