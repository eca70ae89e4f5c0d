// A sensitivity study of a scenario (`depin-lab sensitivity`): the scenario's `sensitivity:` section
// becomes a Morris design and/or a Saltelli design over the parameters' box (sim/analysis), every
// design point runs on the same paired seeds (sim/scenario/designRuns.ts), and each metric's value at
// a point is the mean over its replicates. On common random numbers that mean is one deterministic
// function of the parameters, so its Sobol' indices split variance between parameters alone: the
// seeds' noise enters only as far as it changes with the parameters.
import {
  morrisDesign,
  morrisFromEvaluations,
  saltelliDesign,
  sobolFromEvaluations,
  UndefinedIndicesError,
  type MorrisDesign,
  type MorrisResult,
  type SaltelliDesign,
  type SobolResult,
} from '../analysis/sensitivity.js';
import { designRuns } from '../scenario/designRuns.js';
import { ParameterBox } from '../scenario/parameterBox.js';
import type { RunSpec } from '../scenario/runSpec.js';
import type { Scenario } from '../scenario/schema.js';
import { sweepSeed } from '../scenario/seeds.js';
import { metricValue, type StudyRun } from './studyRun.js';

export interface SensitivityPlan {
  readonly box: ParameterBox;
  readonly metrics: readonly string[];
  /** Paired seeds per design point. */
  readonly replicates: number;
  readonly morris?: MorrisDesign;
  readonly sobol?: SaltelliDesign;
}

/** The designs of the scenario's sensitivity section; undefined when it has none. */
export function planSensitivity(scenario: Scenario): SensitivityPlan | undefined {
  const section = scenario.sensitivity;
  if (section === undefined) return undefined;
  const box = new ParameterBox(section.parameters);
  const seed = (method: string): string => sweepSeed(scenario.seed, `sensitivity/${method}`);
  return {
    box,
    metrics: section.metrics,
    replicates: section.replicates ?? scenario.sweep.replicates,
    ...(section.morris ? { morris: morrisDesign(box.bounds, section.morris.trajectories, seed('morris'), { levels: section.morris.levels }) } : {}),
    ...(section.sobol ? { sobol: saltelliDesign(box.bounds, section.sobol.baseRows, seed('sobol')) } : {}),
  };
}

/** Design points in the box's coordinates: Morris's first, then Saltelli's. */
export function designPoints(plan: SensitivityPlan): number[][] {
  return [...(plan.morris?.points ?? []), ...(plan.sobol?.points ?? [])];
}

/** Every run of the study: design point i is point i of the results, each on `replicates` paired seeds. */
export function sensitivityRuns(scenario: Scenario, plan: SensitivityPlan): RunSpec[] {
  return designRuns(scenario, designPoints(plan).map((point) => plan.box.assignment(point)), { replicates: plan.replicates, firstPoint: 0 });
}

export interface MetricSensitivity {
  readonly metric: string;
  readonly morris?: MorrisResult;
  readonly sobol?: SobolResult;
  /** Parameter indices, most influential first: by total index when Sobol' ran, else by μ*. */
  readonly ranking: readonly number[];
  /** Why the metric could not be analysed (then no result is given). */
  readonly problem?: string;
}

export interface SensitivityAnalysis {
  readonly metrics: readonly MetricSensitivity[];
  readonly runs: number;
  readonly failedRuns: number;
}

/** Each metric's Morris and Sobol' results from the study's runs (any order; failed runs skipped). */
export function analyseSensitivity(plan: SensitivityPlan, runs: readonly StudyRun[]): SensitivityAnalysis {
  const points = designPoints(plan).length;
  const byPoint: StudyRun[][] = Array.from({ length: points }, () => []);
  for (const run of runs) byPoint[run.key.point]?.push(run);
  // Replicates in order, so a point's mean has the same last bit whatever order the runs finished in.
  for (const replicates of byPoint) replicates.sort((a, b) => a.key.replicate - b.key.replicate);
  const morrisPoints = plan.morris?.points.length ?? 0;
  const metrics = plan.metrics.map((metric): MetricSensitivity => {
    const values = byPoint.map((replicates) => meanOf(replicates.map((run) => metricValue(run, metric))));
    const missing = values.findIndex((value) => value === undefined);
    if (missing >= 0) {
      const count = values.filter((value) => value === undefined).length;
      return { metric, ranking: [], problem: `${count} of ${points} design points have no successful run reporting a finite ${metric} (the first is point ${missing})` };
    }
    const y = values as number[];
    try {
      const morris = plan.morris ? morrisFromEvaluations(plan.morris, y.slice(0, morrisPoints)) : undefined;
      const sobol = plan.sobol ? sobolFromEvaluations(plan.sobol, y.slice(morrisPoints)) : undefined;
      const ranking = sobol ? rankDescending(sobol.ST) : morris!.ranking;
      return { metric, ranking, ...(morris ? { morris } : {}), ...(sobol ? { sobol } : {}) };
    } catch (error) {
      if (error instanceof UndefinedIndicesError) return { metric, ranking: [], problem: `${metric} does not vary over the design: ${error.message}` };
      throw error;
    }
  });
  return { metrics, runs: runs.length, failedRuns: runs.filter((run) => run.status === 'failed').length };
}

function meanOf(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length === 0 ? undefined : present.reduce((sum, value) => sum + value, 0) / present.length;
}

function rankDescending(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
}

/** Share of the variance a set of parameters must explain alone to be said to explain most of it. */
const MOST = 0.5;

/**
 * One sentence on what drives a metric. With Sobol' indices: the fewest parameters, taken by
 * decreasing first-order index, whose first-order indices add to more than half the variance (a
 * lower bound on the share they explain together), or, when even all of them do not, that
 * interactions carry most of it. With Morris alone, which parameters have the largest mean absolute
 * effect: elementary effects rank influence but do not split variance.
 */
export function explainMetric(analysis: MetricSensitivity, names: readonly string[]): string {
  const { metric, sobol, morris } = analysis;
  if (analysis.problem !== undefined) return `${metric} could not be analysed: ${analysis.problem}.`;
  if (sobol) {
    const byFirstOrder = rankDescending(sobol.S1);
    const chosen: number[] = [];
    let explained = 0;
    for (const i of byFirstOrder) {
      if (explained > MOST) break;
      chosen.push(i);
      explained += sobol.S1[i] as number;
    }
    if (explained > MOST) {
      const indices = chosen.map((i) => `${fixed(sobol.S1[i]!)} [${fixed(sobol.S1Interval[i]![0])}, ${fixed(sobol.S1Interval[i]![1])}]`).join(', ');
      const verb = chosen.length === 1 ? 'explains' : 'explain';
      return `${listNames(chosen.map((i) => names[i]!))} ${verb} most of the variance of ${metric} on ${chosen.length === 1 ? 'its own' : 'their own'} (first-order ${chosen.length === 1 ? 'index' : 'indices'} ${indices}, 95% intervals).`;
    }
    const top = analysis.ranking.slice(0, 2);
    return `No parameter alone explains most of the variance of ${metric} (first-order indices add to ${fixed(sobol.S1.reduce((a, b) => a + b, 0))}): interactions carry the rest; the largest total indices are ${top.map((i) => `${names[i]} (${fixed(sobol.ST[i]!)})`).join(' and ')}.`;
  }
  const muStar = morris!.muStar;
  const largest = muStar[analysis.ranking[0]!]!;
  if (!(largest > 0)) return `No parameter moves ${metric} over the design (every μ* is 0).`;
  const strong = analysis.ranking.filter((i) => muStar[i]! >= largest / 10);
  return `Morris screening ranks ${listNames(strong.map((i) => `${names[i]} (μ* ${formatEffect(muStar[i]!)})`))} as moving ${metric} most, in ${metric}'s units per whole range${strong.length < names.length ? `; the other ${names.length - strong.length} have μ* under a tenth of the largest` : ''} (elementary effects rank influence; Sobol' indices would split the variance).`;
}

function listNames(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function fixed(x: number): string {
  return x.toFixed(2);
}

function formatEffect(x: number): string {
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
