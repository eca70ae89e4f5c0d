// Each family of §6 rows must go red when the method it validates is wrong. A plausible bug is
// planted in a copy of one module (the module is swapped for the rows' import only), and the rows
// are built again on top of it:
// - Sobol' first-order: f_A where Saltelli 2010 has f_B (the estimator of Sobol' 1993 without its
//   mean correction, a common slip); total: Jansen's estimator without its ½.
// - Morris: ranking by the signed μ, where effects of both signs cancel; effects divided by the
//   grid spacing 1/(p − 1) instead of the step Δ = p/(2(p − 1)).
// - The optimiser: an "expected improvement" that ignores the posterior mean (pure exploration).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEVEL } from '../../sim/validation/reproduce.js';
import type { ReproductionRow } from '../../sim/validation/rows.js';

type Rows = typeof import('../../sim/validation/sensitivityRows.js');

async function rowsWith(module: string, plant: (real: Record<string, unknown>) => Record<string, unknown>): Promise<Rows> {
  vi.resetModules();
  vi.doMock(module, async (importOriginal) => plant(await importOriginal<Record<string, unknown>>()));
  return import('../../sim/validation/sensitivityRows.js');
}

const failed = (rows: readonly ReproductionRow[]): string[] => rows.filter((r) => !r.pass).map((r) => r.name);

afterEach(() => {
  vi.doUnmock('../../sim/analysis/saltelliEstimators.js');
  vi.doUnmock('../../sim/analysis/elementaryEffects.js');
  vi.doUnmock('../../sim/analysis/optimize/acquisition.js');
  vi.resetModules();
});

describe('planted bugs in the Sobol\' estimators', () => {
  type Outputs = { a: Float64Array; b: Float64Array; ab: Float64Array[] };

  /** The estimators with one term swapped; everything else (variance, layout) as in the real one. */
  function estimatorsWith(term: (o: Outputs, column: Float64Array, j: number) => { first: number; total: number }) {
    return (real: Record<string, unknown>) => ({
      ...real,
      estimates(outputs: Outputs, rows: Int32Array) {
        const honest = (real['estimates'] as (o: Outputs, r: Int32Array) => { variance: number } | null)(outputs, rows);
        if (honest === null) return null;
        const n = rows.length;
        const S1: number[] = [];
        const ST: number[] = [];
        for (const column of outputs.ab) {
          let first = 0;
          let total = 0;
          for (const j of rows) {
            const t = term(outputs, column, j);
            first += t.first;
            total += t.total;
          }
          S1.push(first / n / honest.variance);
          ST.push(total / n / honest.variance);
        }
        return { variance: honest.variance, S1, ST };
      },
    });
  }

  it('f_A for f_B in the first-order estimator turns every S1 row of Ishigami and of the g-function red', async () => {
    const plant = estimatorsWith(({ a }, ab, j) => ({ first: a[j]! * (ab[j]! - a[j]!), total: (a[j]! - ab[j]!) ** 2 / 2 }));
    const { ishigamiRows, gFunctionRows } = await rowsWith('../../sim/analysis/saltelliEstimators.js', plant);
    const ishigami = ishigamiRows(LEVEL);
    expect(failed(ishigami)).toEqual(['Ishigami (a = 7, b = 0.1): S11', 'Ishigami (a = 7, b = 0.1): S12']);
    expect(failed(gFunctionRows(LEVEL)).filter((name) => name.includes(': S1')).length).toBeGreaterThanOrEqual(3);
  });

  it('Jansen without its ½ turns the total-index rows red', async () => {
    const plant = estimatorsWith(({ a, b }, ab, j) => ({ first: b[j]! * (ab[j]! - a[j]!), total: (a[j]! - ab[j]!) ** 2 }));
    const { ishigamiRows } = await rowsWith('../../sim/analysis/saltelliEstimators.js', plant);
    expect(failed(ishigamiRows(LEVEL))).toEqual(['Ishigami (a = 7, b = 0.1): ST1', 'Ishigami (a = 7, b = 0.1): ST2', 'Ishigami (a = 7, b = 0.1): ST3']);
  });
});

describe('planted bugs in Morris screening', () => {
  it('ranking by the signed μ turns the ranking row red', async () => {
    const { morrisRows } = await rowsWith('../../sim/analysis/elementaryEffects.js', (real) => {
      const measuresOf = real['screeningMeasures'] as (e: number[][]) => { mu: number[]; muStar: number[]; sigma: number[] };
      const rank = real['rankByInfluence'] as (values: number[]) => number[];
      let lastMu: number[] = [];
      return {
        ...real,
        screeningMeasures(effects: number[][]) {
          const measures = measuresOf(effects);
          lastMu = measures.mu;
          return measures;
        },
        rankByInfluence: () => rank(lastMu),
      };
    });
    const rows = morrisRows(LEVEL);
    expect(failed(rows)).toEqual([rows[0]!.name]);
  });

  it('effects divided by the grid spacing instead of the step turn the μ* row red', async () => {
    const { morrisRows } = await rowsWith('../../sim/analysis/elementaryEffects.js', (real) => ({
      ...real,
      elementaryEffects: (design: { delta: number; levels: number }, y: number[]) =>
        (real['elementaryEffects'] as (d: unknown, y: number[]) => number[][])({ ...design, delta: 1 / (design.levels - 1) }, y),
    }));
    const rows = morrisRows(LEVEL);
    expect(failed(rows)).toEqual([rows[1]!.name]);
  });
});

describe('a planted bug in the optimiser', () => {
  it('an acquisition that ignores the posterior mean turns the Branin row red', async () => {
    const { braninRow } = await rowsWith('../../sim/analysis/optimize/acquisition.js', (real) => ({
      ...real,
      expectedImprovement: (_mean: number, sd: number) => sd,
    }));
    // On 5 of the row's 20 seeds (the unplanted optimiser succeeds on all 5: reproduceSensitivity.test.ts).
    const row = braninRow(0, 5);
    expect(row.pass).toBe(false);
    expect(row.lab).toBeLessThan(0.5);
  });
});
