// A parameter search of a scenario (`depin-lab optimize`): the scenario's `optimize:` section
// becomes an optimisation problem over the parameters' box (sim/analysis/optimize), the scenario as
// written is run first on its paired seeds (the baseline), and each batch the optimiser proposes
// runs on the same seeds (sim/scenario/designRuns.ts). Every run tells the optimiser what it gave;
// a failed run (an invariant violation, an error) tells it the point failed, so the point is never
// recommended. After every batch the whole search (the optimiser's state and the batches' points)
// is saved through a SearchRecord; since `propose` is a pure function of the state, a search
// killed at any moment resumes exactly: the batch in flight is proposed again, identically, and
// only its missing runs are run.
import { createHash } from 'node:crypto';
import { createOptimizer, observe, propose, recommend, type Constraint, type ConstraintStatus, type Goal, type Observation, type OptimizationProblem, type OptimizerState } from '../analysis/optimize.js';
import { designRuns } from '../scenario/designRuns.js';
import { ParameterBox } from '../scenario/parameterBox.js';
import type { RunSpec } from '../scenario/runSpec.js';
import type { Scenario } from '../scenario/schema.js';
import { runId, sweepSeed } from '../scenario/seeds.js';
import { compareRuns, PairingError, type Guard, type MetricComparison } from '../runner/compare.js';
import { metricValue, reportedMetrics, unreportedMetrics, type StudyRun } from './studyRun.js';

export interface SearchObjective {
  readonly metric: string;
  readonly goal: Goal;
}

export interface SearchConstraint extends Constraint {
  readonly metric: string;
  /** Where the band comes from: the optimize section, or the scenario's regression bands. */
  readonly from: 'optimize.constraints' | 'checks';
}

export interface SearchPlan {
  readonly box: ParameterBox;
  readonly objectives: readonly SearchObjective[];
  readonly constraints: readonly SearchConstraint[];
  /** Paired seeds per point. */
  readonly replicates: number;
  /** Points evaluated in all (the budget); raising it and resuming continues a search. */
  readonly evaluations: number;
  /** Points proposed and run at once. */
  readonly batch: number;
  readonly initialPoints?: number;
  /** The optimiser's seed, derived from the scenario's master seed. */
  readonly seed: string;
}

export interface SearchBudget {
  readonly evaluations?: number;
  readonly batch?: number;
}

/** The search the scenario's optimize section describes; undefined when it has none. */
export function planSearch(scenario: Scenario, budget: SearchBudget = {}): SearchPlan | undefined {
  const section = scenario.optimize;
  if (section === undefined) return undefined;
  const bands = (entries: Readonly<Record<string, { min?: number; max?: number }>>, from: SearchConstraint['from']): SearchConstraint[] =>
    Object.entries(entries).map(([metric, band]) => ({ metric, from, ...(band.min === undefined ? {} : { min: band.min }), ...(band.max === undefined ? {} : { max: band.max }) }));
  return {
    box: new ParameterBox(section.parameters),
    objectives: Object.entries(section.objectives).map(([metric, goal]) => ({ metric, goal })),
    constraints: [...bands(section.constraints, 'optimize.constraints'), ...(section.bands ? bands(scenario.checks, 'checks') : [])],
    replicates: section.replicates ?? scenario.sweep.replicates,
    evaluations: budget.evaluations ?? section.evaluations,
    batch: budget.batch ?? section.batch,
    ...(section.initialPoints === undefined ? {} : { initialPoints: section.initialPoints }),
    seed: sweepSeed(scenario.seed, 'optimize'),
  };
}

export function optimizationProblem(plan: SearchPlan): OptimizationProblem {
  return {
    bounds: plan.box.bounds,
    objectives: plan.objectives.map(({ metric, goal }) => ({ name: metric, goal })),
    constraints: plan.constraints.map(({ metric, min, max }) => ({ name: metric, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) })),
  };
}

/** The baseline: the scenario as written, on the paired seeds, numbered point 0. */
export function baselineRuns(scenario: Scenario, plan: SearchPlan): RunSpec[] {
  return designRuns(scenario, [[]], { replicates: plan.replicates, firstPoint: 0 });
}

/**
 * Names a search by everything that decides what it runs and proposes, except its budget: the
 * baseline's runs, the box, objectives, constraints, seeds and batch size. Raising the budget of a
 * finished search and resuming it continues the same search.
 */
export function searchId(scenario: Scenario, plan: SearchPlan): string {
  const { evaluations: _budget, box, ...rest } = plan;
  const hash = createHash('sha256');
  for (const spec of baselineRuns(scenario, plan)) hash.update(JSON.stringify(spec)).update('\n');
  hash.update(JSON.stringify({ parameters: box.parameters, ...rest }));
  return hash.digest('hex').slice(0, 12);
}

/** What a search keeps between batches: plain JSON, saved whole after every batch. */
export interface SearchDocument {
  readonly format: 'depin-lab/search@1';
  readonly id: string;
  /** The points of each batch, in the box's coordinates, in the order proposed. */
  readonly batches: number[][][];
  readonly optimizer: OptimizerState;
}

/** Where a search keeps its runs and its document: a results directory, or memory. */
export interface SearchRecord {
  /** The document saved after the last complete batch, if any. */
  load(): SearchDocument | undefined;
  save(document: SearchDocument): void;
  /** Runs the specs of part `name` not yet recorded, and returns every run of the part, in spec order. */
  run(name: string, specs: readonly RunSpec[]): Promise<StudyRun[]>;
}

/** The search's runs, kept for the recommendations: the baseline's, and each evaluated point's. */
export interface SearchOutcome {
  readonly id: string;
  readonly document: SearchDocument;
  readonly baseline: readonly StudyRun[];
  /** Runs by point, keyed by the point's coordinates (JSON). */
  readonly pointRuns: ReadonlyMap<string, readonly StudyRun[]>;
  readonly runs: number;
  readonly failedRuns: number;
}

/** Metrics of the plan no successful baseline run reports (likely misspelt). */
export class UnknownMetricError extends Error {
  override readonly name = 'UnknownMetricError';
  constructor(readonly metrics: readonly string[], readonly reported: readonly string[]) {
    super(`no run reports ${metrics.join(', ')}`);
  }
}

export function batchName(index: number): string {
  return `batch-${String(index).padStart(4, '0')}`;
}

/** Runs the baseline, then batches until the budget is spent, saving the document after each. */
export async function runSearch(scenario: Scenario, plan: SearchPlan, record: SearchRecord): Promise<SearchOutcome> {
  const id = searchId(scenario, plan);
  const baseline = await record.run('baseline', baselineRuns(scenario, plan));
  const missing = unreportedMetrics(baseline, [...new Set([...plan.objectives, ...plan.constraints].map(({ metric }) => metric))]);
  if (missing.length > 0) throw new UnknownMetricError(missing, reportedMetrics(baseline));
  const saved = record.load();
  const document: SearchDocument = saved ?? { format: 'depin-lab/search@1', id, batches: [], optimizer: createOptimizer(optimizationProblem(plan), { seed: plan.seed, ...(plan.initialPoints === undefined ? {} : { initialPoints: plan.initialPoints }) }) };
  if (document.id !== id) throw new Error(`the saved search is ${document.id}, not ${id}`);
  const pointRuns = new Map<string, StudyRun[]>();
  const keep = (points: readonly number[][], runs: readonly StudyRun[]): void => {
    runs.forEach((run, i) => {
      const key = JSON.stringify(points[Math.floor(i / plan.replicates)]);
      const list = pointRuns.get(key) ?? [];
      // A point proposed twice runs on the same seeds twice: its first runs stand for it.
      if (!list.some((earlier) => earlier.key.replicate === run.key.replicate)) list.push(run);
      pointRuns.set(key, list);
    });
  };
  // Batches of earlier invocations: their runs are on record, nothing runs again.
  let proposed = 0;
  for (const [index, points] of document.batches.entries()) {
    keep(points, await record.run(batchName(index), batchRuns(scenario, plan, points, proposed)));
    proposed += points.length;
  }
  while (proposed < plan.evaluations) {
    const points = propose(document.optimizer, Math.min(plan.batch, plan.evaluations - proposed));
    const runs = await record.run(batchName(document.batches.length), batchRuns(scenario, plan, points, proposed));
    observe(document.optimizer, runs.map((run) => points[run.key.point - 1 - proposed]!), runs.map((run) => observation(plan, run)));
    document.batches.push(points);
    record.save(document);
    keep(points, runs);
    proposed += points.length;
  }
  const all = [...baseline, ...[...pointRuns.values()].flat()];
  return { id, document, baseline, pointRuns, runs: all.length, failedRuns: all.filter((run) => run.status === 'failed').length };
}

/** Point i of a batch is point 1 + (points proposed before it) + i of the search; 0 is the baseline. */
function batchRuns(scenario: Scenario, plan: SearchPlan, points: readonly number[][], proposedBefore: number): RunSpec[] {
  return designRuns(scenario, points.map((point) => plan.box.assignment(point)), { replicates: plan.replicates, firstPoint: 1 + proposedBefore });
}

/** What one run tells the optimiser: its objectives and constraint values, or that it failed. */
export function observation(plan: SearchPlan, run: StudyRun): Observation {
  if (run.status === 'failed') return { objectives: null, constraints: null, failed: true };
  const values = (metrics: readonly { metric: string }[]): number[] | null => {
    const found = metrics.map(({ metric }) => metricValue(run, metric));
    return found.every((value) => value !== undefined) ? (found as number[]) : null;
  };
  return { objectives: values(plan.objectives), constraints: values(plan.constraints) };
}

export interface ConstraintMargin extends ConstraintStatus {
  readonly constraint: SearchConstraint;
}

export interface RecommendedPoint {
  /** 1 for the first point of the front (the best on the first objective). */
  readonly rank: number;
  /** In the box's coordinates. */
  readonly point: readonly number[];
  /** Each parameter's amount, in its unit. */
  readonly amounts: readonly number[];
  /** The surrogate's posterior mean of each objective, and the mean over the point's runs. */
  readonly predicted: readonly number[];
  readonly observed: readonly number[];
  readonly constraints: readonly ConstraintMargin[];
  /** Each objective against the baseline on the paired seeds (runner/compare.ts), objectives' order; empty when no pair of runs succeeded. */
  readonly comparisons: readonly MetricComparison[];
  /** The guards a proposal file sets, so that `depin-lab compare` gives the same verdicts. */
  readonly guards: Readonly<Record<string, Guard>>;
}

/**
 * The optimiser's recommendations (the feasible Pareto front, one point for one objective), each
 * with its objectives compared with the baseline's on the paired seeds exactly as `depin-lab
 * compare` compares a proposal: the same pairs, in replicate order, the same bootstrap streams
 * (named by the scenario's master seed), so that the proposal file reproduces these intervals.
 * A point whose runs report, seed by seed, exactly what a better-ranked point's runs report is the
 * same market as far as the summaries can tell (its other parameters changed nothing they see), so
 * it is left out rather than offered as a second proposal.
 */
export function recommendPoints(scenario: Scenario, plan: SearchPlan, outcome: SearchOutcome): RecommendedPoint[] {
  const guards = objectiveGuards(plan);
  const comparable = (runs: readonly StudyRun[]) => runs.map((run) => ({ ...run, id: runId({ point: 0, replicate: run.key.replicate }) }));
  const outcomes = new Set<string>();
  const distinct = recommend(outcome.document.optimizer).flatMap((recommendation) => {
    const runs = [...(outcome.pointRuns.get(JSON.stringify(recommendation.point)) ?? [])].sort((a, b) => a.key.replicate - b.key.replicate);
    const reported = JSON.stringify(runs.map((run) => run.summary));
    if (outcomes.has(reported)) return [];
    outcomes.add(reported);
    return [{ recommendation, runs }];
  });
  return distinct.map(({ recommendation, runs }, i) => {
    const comparisons = pairedComparisons(comparable(outcome.baseline), comparable(runs), guards, scenario.seed);
    return {
      rank: i + 1,
      point: recommendation.point,
      amounts: plan.box.amounts(recommendation.point),
      predicted: recommendation.predicted,
      observed: recommendation.observed,
      constraints: recommendation.constraints.map((status, k) => ({ ...status, constraint: plan.constraints[k]! })),
      comparisons: plan.objectives.flatMap(({ metric }) => comparisons.filter((c) => c.metric === metric)),
      guards,
    };
  });
}

/** Each objective guarded in its direction with no tolerance: any clear worsening is a worse verdict. */
export function objectiveGuards(plan: SearchPlan): Record<string, Guard> {
  return Object.fromEntries(plan.objectives.map(({ metric, goal }) => [metric, { better: goal === 'maximize' ? 'higher' : 'lower', threshold: 0 }]));
}

function pairedComparisons(...args: Parameters<typeof compareRuns>): MetricComparison[] {
  try {
    return compareRuns(...args);
  } catch (error) {
    if (error instanceof PairingError) return []; // the baseline's runs all failed: nothing to pair with
    throw error;
  }
}
