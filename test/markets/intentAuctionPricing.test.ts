// The solver's inversion of the Dutch input curve against the ported DutchDecayLib itself: for any
// curve and price, firstSecondInputReaches returns the first whole second at which decay() reaches
// the price, found here by scanning every second. Also the named roundings of the price helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decay } from '../../sim/contracts/intents/DutchDecayLib.js';
import { capacityCost, firstSecondInputReaches, marginPpm, withMargin, withOverride } from '../../sim/markets/intents/pricing.js';
import { usdPerGpuHourToMicro } from '../../sim/units.js';

describe('firstSecondInputReaches', () => {
  it('is the first second at which DutchDecayLib.decay reaches the price (fast-check, seed 5)', () => {
    const curve = fc
      .record({
        start: fc.bigInt({ min: 0n, max: 10n ** 9n }),
        rise: fc.bigInt({ min: 0n, max: 10n ** 9n }),
        t0: fc.integer({ min: 0, max: 500 }),
        window: fc.integer({ min: 1, max: 700 }),
        from: fc.integer({ min: 0, max: 1500 }),
        at: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
      })
      .map(({ start, rise, t0, window, from, at }) => {
        const end = start + rise;
        // Prices around and inside the curve, beyond it, and exactly at its ends.
        const need = start + BigInt(Math.floor(Number(rise) * at));
        return { decay: { startAmount: start, endAmount: end, decayStartTime: BigInt(t0), decayEndTime: BigInt(t0 + window) }, need, from };
      });
    fc.assert(
      fc.property(curve, ({ decay: d, need, from }) => {
        let expected: bigint | undefined;
        const last = Number(d.decayEndTime) + 1;
        for (let t = from; t <= Math.max(from, last); t++) {
          if (decay(d.startAmount, d.endAmount, d.decayStartTime, d.decayEndTime, BigInt(t)) >= need) {
            expected = BigInt(t);
            break;
          }
        }
        expect(firstSecondInputReaches(d, need, BigInt(from))).toBe(expected);
      }),
      { seed: 5, numRuns: 500 },
    );
  });
});

describe('price helpers', () => {
  it('round in the stated directions', () => {
    // ⌈70e6 · 1001/3600⌉: 70,070,000,000/3600 = 19,463,888.9.
    expect(capacityCost(70_000_000n, 1001n)).toBe(19_463_889n);
    expect(capacityCost(72_000_000n, 3600n)).toBe(72_000_000n);
    // ⌈75e6 · 1.1⌉ exactly, and ⌈1 · 1.1⌉ = 2.
    expect(withMargin(75_000_000n, marginPpm(0.1))).toBe(82_500_000n);
    expect(withMargin(1n, marginPpm(0.1))).toBe(2n);
    // ExclusivityLib's override vector (contracts spec §3.5): 3000 bps on 1e18 + 1 → 1.3e18 + 2.
    expect(withOverride(10n ** 18n + 1n, 3000n)).toBe(13n * 10n ** 17n + 2n);
    expect(withOverride(3600n, 100n)).toBe(3636n);
    // 0.1 and 1.3 are not exact doubles; the conversions still land on the intended unit.
    expect(usdPerGpuHourToMicro(0.6 * 100)).toBe(60_000_000n);
    expect(marginPpm(0.1)).toBe(100_000n);
    expect(() => usdPerGpuHourToMicro(Number.NaN)).toThrow(RangeError);
  });
});
