// The world case of the search's validation (issue 18, §6): in the posted-price market of
// scenarios/validation/posted-step.yaml, the price-adjustment step that minimises the utilization
// error (utilization_error_rms, sim/world/postedWorld.ts), found by `depin-lab optimize`'s search
// within the file's budget, must agree with a fine grid of steps run on the same paired seeds.
//
// Two rows. The error at the optimiser's step must be no worse than the grid's least error by more
// than the paired interval: the differences between the two points' runs, seed by seed, give a
// Student t interval at the table's level, and its half-width is the tolerance. And the step itself
// must lie within the grid's near-optimal steps: every grid step whose paired difference from the
// best one has an interval reaching zero is as good as far as the seeds can tell, so the tolerance
// is the farthest of them from the best step, plus one grid spacing (the true optimum may lie
// between grid points). A flat valley gives a wide tolerance, honestly: the seeds cannot locate
// its bottom more closely. The search and the grid run through the runner's executors exactly as
// the command's do; only the results stay in memory.
import { standardDeviation } from '../analysis/bootstrapInterval.js';
import { studentTQuantile } from '../analysis/confidence.js';
import type { Scenario } from '../scenario/index.js';
import { designRuns } from '../scenario/designRuns.js';
import { mean } from '../runner/compare.js';
import type { Executor } from '../runner/executor.js';
import { toRunLine } from '../runner/store.js';
import { runAll } from '../runner/sweep.js';
import { memoryRecord } from '../study/memoryRecord.js';
import { planSearch, recommendPoints, runSearch, type SearchPlan } from '../study/optimizeSearch.js';
import { metricValue, type StudyRun } from '../study/studyRun.js';
import { boundRow, exactRow, formatLevel, formatNumber, trim, type ReproductionRow } from './rows.js';

export const WORLD_SEARCH_SCENARIO = 'scenarios/validation/posted-step.yaml';
/** Grid points over the searched range, ends included: 20 give steps 0.05 apart on [0.05, 1]. */
export const STEP_GRID_POINTS = 20;

const SECTION = '§6 sensitivity and search';
const SOURCE = 'the same market on a fine grid of steps, same paired seeds (no published value: the grid is the reference)';

/** Each grid step's error on each paired seed, in replicate order. */
export interface StepGrid {
  readonly steps: readonly number[];
  readonly errors: readonly (readonly number[])[];
}

interface Problem {
  readonly plan: SearchPlan;
  readonly metric: string;
}

function problem(scenario: Scenario): Problem {
  const plan = planSearch(scenario);
  if (plan === undefined || plan.box.parameters.length !== 1 || plan.objectives.length !== 1 || plan.objectives[0]!.goal !== 'minimize') {
    throw new Error(`${scenario.name}: the world case needs an optimize section with one parameter and one objective to minimize`);
  }
  return { plan, metric: plan.objectives[0]!.metric };
}

/** The grid: `points` steps evenly over the searched range, each on the search's paired seeds. */
export async function runStepGrid(scenario: Scenario, executor: Executor, points: number = STEP_GRID_POINTS): Promise<StepGrid> {
  const { plan, metric } = problem(scenario);
  const [[low, high]] = plan.box.bounds as [[number, number]];
  const steps = Array.from({ length: points }, (_, i) => low + ((high - low) * i) / (points - 1));
  // Numbered after any point a search could propose, so the two never share a run id.
  const specs = designRuns(scenario, steps.map((step) => plan.box.assignment([step])), { replicates: plan.replicates, firstPoint: 1_000_000 });
  const runs = (await runAll(executor, specs)).map(toRunLine);
  return { steps, errors: steps.map((_, i) => seedValues(runs.slice(i * plan.replicates, (i + 1) * plan.replicates), metric)) };
}

/** The search as `depin-lab optimize` runs it, then the two rows against the grid. */
export async function worldSearchRows(level: number, scenario: Scenario, executor: Executor, grid: StepGrid): Promise<ReproductionRow[]> {
  const { plan, metric } = problem(scenario);
  const outcome = await runSearch(scenario, plan, memoryRecord(executor));
  const found = recommendPoints(scenario, plan, outcome)[0];
  if (found === undefined) throw new Error(`${scenario.name}: the search recommended no point`);
  const runs = [...outcome.pointRuns.get(JSON.stringify(found.point))!].sort((a, b) => a.key.replicate - b.key.replicate);
  return stepRows(level, scenario, plan, metric, grid, found.amounts[0]!, seedValues(runs, metric));
}

function stepRows(level: number, scenario: Scenario, plan: SearchPlan, metric: string, grid: StepGrid, step: number, errors: readonly number[]): ReproductionRow[] {
  const means = grid.errors.map(mean);
  const best = means.indexOf(Math.min(...means));
  const bestErrors = grid.errors[best]!;
  const seeds = bestErrors.length;
  const t = studentTQuantile((1 + level) / 2, seeds - 1);
  const halfWidth = (values: readonly number[]) => t * standardDeviation(values) / Math.sqrt(seeds);
  const paired = (a: readonly number[], b: readonly number[]) => a.map((x, r) => x - b[r]!);
  const spacing = grid.steps[1]! - grid.steps[0]!;
  const parameter = plan.box.parameters[0]!.path;
  const budget = `${plan.evaluations} evaluations in batches of ${plan.batch}, ${seeds} paired seeds each`;
  const gridText = `${grid.steps.length} steps ${formatNumber(spacing)} apart on [${formatNumber(grid.steps[0]!)}, ${formatNumber(grid.steps[grid.steps.length - 1]!)}]`;
  const head = (name: string, claim: string) => ({ section: SECTION, name: `${scenario.name}, ${parameter}: ${name}`, source: SOURCE, claim });

  const difference = paired(errors, bestErrors);
  const tolerance = halfWidth(difference);
  const valueRow = boundRow(
    head(`${metric} at the step the optimiser finds (${budget}) against the grid's least`, `≤ ${formatNumber(means[best]!)} + tolerance (the grid's least, at step ${formatNumber(grid.steps[best]!)})`),
    'below',
    means[best]! + tolerance,
    mean(errors),
    `${formatLevel(level)} paired t-interval of (optimiser's point − grid's best) over the ${seeds} seeds: t(${trim((1 + level) / 2)}, ${seeds - 1}) = ${t.toFixed(3)} × s/√${seeds} = ${formatNumber(tolerance)}; the search's mean must lie below the grid's least plus it`,
  );

  const indistinguishable = grid.steps.filter((_, i) => {
    const d = paired(grid.errors[i]!, bestErrors);
    return mean(d) - halfWidth(d) <= 0;
  });
  const reach = Math.max(...indistinguishable.map((s) => Math.abs(s - grid.steps[best]!)));
  const stepRow = exactRow(
    head(`the step the optimiser finds (${budget}) against the grid's best`, `${formatNumber(grid.steps[best]!)} (grid of ${gridText})`),
    grid.steps[best]!,
    step,
    reach + spacing,
    `grid steps ${indistinguishable.map(formatNumber).join(', ')} are within a ${formatLevel(level)} paired t-interval of the best (t = ${t.toFixed(3)}, ${seeds} seeds): tolerance = the farthest of them from the best (${formatNumber(reach)}) + one grid spacing (${formatNumber(spacing)})`,
  );
  return [valueRow, stepRow];
}

function seedValues(runs: readonly StudyRun[], metric: string): number[] {
  return runs.map((run) => {
    const value = metricValue(run, metric);
    if (value === undefined) throw new Error(`run ${run.id} (seed ${run.seed}) gave no ${metric}: ${run.status}`);
    return value;
  });
}
