// §6's world case (sim/validation/worldSearchRows.ts) at a smaller size than `npm run reproduce`
// runs it: a day of the posted-price market instead of two, a grid of 10 steps instead of 20, a
// search of 6 points instead of 12, on the same 8 paired seeds (about 200 runs, 25 s of CPU). The
// rows must pass with the real optimiser, and go red with one that ignores the objective's sign.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatProblem, loadScenario, type Scenario } from '../../sim/scenario/index.js';
import { runModel } from '../../sim/models.js';
import { InlineExecutor } from '../../sim/runner/inlineExecutor.js';
import { LEVEL } from '../../sim/validation/reproduce.js';
import { runStepGrid, WORLD_SEARCH_SCENARIO, worldSearchRows, type StepGrid } from '../../sim/validation/worldSearchRows.js';

const SMALLER = ['duration=1d', 'optimize.evaluations=6', 'optimize.batch=3'];
const executor = new InlineExecutor(runModel);
let scenario: Scenario;
let grid: StepGrid;

beforeAll(async () => {
  const loaded = loadScenario(WORLD_SEARCH_SCENARIO, { overrides: SMALLER });
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  scenario = loaded.scenario;
  grid = await runStepGrid(scenario, executor, 10);
}, 120_000);

afterEach(() => {
  vi.doUnmock('../../sim/analysis/optimize.js');
  vi.resetModules();
});

describe('§6 world case: the step that minimises the utilization error', () => {
  it('has a valley: the error at both ends of the grid is above its least', () => {
    const means = grid.errors.map((e) => e.reduce((a, b) => a + b, 0) / e.length);
    const least = Math.min(...means);
    expect(means[0]).toBeGreaterThan(least + 0.02);
    expect(means[means.length - 1]).toBeGreaterThan(least + 0.01);
  });

  it('agrees with the grid: the error no worse than its least, the step among its near-optimal steps', async () => {
    const rows = await worldSearchRows(LEVEL, scenario, executor, grid);
    expect(rows.map((r) => r.comparison)).toEqual(['below', 'within']);
    for (const row of rows) expect(row.pass, `${row.name}: lab ${row.lab}, published ${row.published}, tolerance ${row.tolerance}`).toBe(true);
    expect(rows[0]!.basis).toContain('t(0.9995, 7) = 5.408');
    expect(rows[1]!.basis).toMatch(/tolerance = the farthest of them from the best \(.*\) \+ one grid spacing \(0.105556\)$/);
  }, 120_000);

  it('goes red with an optimiser that ignores the objective\'s sign (it maximises the error)', async () => {
    vi.resetModules();
    vi.doMock('../../sim/analysis/optimize.js', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../sim/analysis/optimize.js')>();
      return {
        ...real,
        createOptimizer: (problem: Parameters<typeof real.createOptimizer>[0], options: Parameters<typeof real.createOptimizer>[1]) =>
          real.createOptimizer({ ...problem, objectives: problem.objectives.map((o) => ({ ...o, goal: 'maximize' as const })) }, options),
      };
    });
    const planted = await import('../../sim/validation/worldSearchRows.js');
    const rows = await planted.worldSearchRows(LEVEL, scenario, executor, grid);
    expect(rows[0]!.pass).toBe(false);
    expect(rows[0]!.lab).toBeGreaterThan(rows[0]!.published);
  }, 120_000);
});
