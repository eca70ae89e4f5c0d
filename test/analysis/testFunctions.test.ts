// Branin's known minimum, on which the optimiser rows judge success: the closed form at the three
// minimisers, and no lower value on a fine grid.
import { describe, expect, it } from 'vitest';
import { branin, BRANIN_BOUNDS, BRANIN_MINIMIZERS, BRANIN_MINIMUM } from '../../sim/analysis/testFunctions.js';

describe("Branin's function", () => {
  it('takes its minimum 10/(8π) = 0.397887 at (−π, 12.275), (π, 2.275) and (3π, 2.475)', () => {
    expect(BRANIN_MINIMUM).toBeCloseTo(0.397887, 6);
    expect(BRANIN_MINIMIZERS.map(([, x2]) => x2)).toEqual([expect.closeTo(12.275, 12), expect.closeTo(2.275, 12), expect.closeTo(2.475, 12)]);
    for (const x of BRANIN_MINIMIZERS) expect(branin(x)).toBeCloseTo(BRANIN_MINIMUM, 12);
  });

  it('is nowhere lower on a 1001 × 1001 grid over its box, and the grid comes within 1e-3 of it', () => {
    const [[a1, b1], [a2, b2]] = BRANIN_BOUNDS as [[number, number], [number, number]];
    let lowest = Infinity;
    for (let i = 0; i <= 1000; i++) {
      for (let j = 0; j <= 1000; j++) lowest = Math.min(lowest, branin([a1 + ((b1 - a1) * i) / 1000, a2 + ((b2 - a2) * j) / 1000]));
    }
    expect(lowest).toBeGreaterThanOrEqual(BRANIN_MINIMUM - 1e-12);
    expect(lowest - BRANIN_MINIMUM).toBeLessThan(1e-3);
  });
});
