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
  it('§1: Erlang C, Wq and Little\'s L on the kernel, with the textbook 4/9 first', () => {
    const rows = queueingRows(LEVEL);
    expect(rows).toHaveLength(5);
    expect(rows[0]?.published).toBe(4 / 9);
    expect(rows[2]?.published).toBeCloseTo(26 / 9, 12);
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
