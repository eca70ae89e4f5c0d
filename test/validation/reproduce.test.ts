// The reproduction table's fast sections run whole here (the auction and conservation sections are
// tested at smaller sizes in their own files; `npm run reproduce` runs everything).
import { describe, expect, it } from 'vitest';
import { feeRows } from '../../sim/validation/feeRows.js';
import { queueingRows } from '../../sim/validation/queueingRows.js';
import { LEVEL } from '../../sim/validation/reproduce.js';
import { restakingRows } from '../../sim/validation/restakingRows.js';
import type { ReproductionRow } from '../../sim/validation/rows.js';

function expectReproduced(rows: readonly ReproductionRow[]): void {
  for (const row of rows) {
    expect(row.pass, `${row.name}: lab ${row.lab}, published ${row.published}, tolerance ${row.tolerance}`).toBe(true);
    expect(Number.isFinite(row.lab)).toBe(true);
    expect(row.basis.length).toBeGreaterThan(0);
    expect(row.source.length).toBeGreaterThan(0);
  }
}

describe('reproduction rows', () => {
  it('§1: the call centre\'s table, C, Wq and the time-averaged L on both kernels, Little\'s law: every row simulates', () => {
    const rows = queueingRows(LEVEL);
    expect(rows.map((r) => r.published)).toEqual([0.175, 0.175, 0.022, 0.022, 4 / 9, 4 / 9, 26 / 9, 26 / 9, 0, expect.any(Number), expect.any(Number)]);
    // The formula rows sit beside the simulated value they predict; no row compares the formula with itself.
    expect(rows.filter((r) => r.name.includes('formula')).map((r) => r.source)).toEqual(rows.filter((r) => r.name.includes('formula')).map(() => expect.stringContaining('Example 8.7')));
    expect(rows.filter((r) => !r.name.includes('formula')).every((r) => r.name.includes('simulated') || r.name.startsWith("Little's law"))).toBe(true);
    expectReproduced(rows);
  });

  it('§2: the theorems exactly, Theorem 1 near the edge, the attack search against enumeration, and Claim 1', () => {
    const rows = restakingRows();
    expect(rows).toHaveLength(6);
    expectReproduced(rows);
  });

  it('§4: 12.5% per block both ways, the 7 wei floor, convergence for a small step and none for a large one, on the chain and on the posted-price market', () => {
    const rows = feeRows(LEVEL);
    expect(rows.map((r) => r.published)).toEqual([1.125, 0.875, 7, 0, expect.any(Number), 0.5, 0]);
    expectReproduced(rows);
    // The oscillating row must clear the band by far, not by rounding.
    expect(rows[4]!.lab).toBeGreaterThan(0.5);
  });
});
