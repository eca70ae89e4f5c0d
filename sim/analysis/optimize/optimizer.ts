// The optimiser's ask/tell loop: a serialisable state, `propose` (ask for a batch of points),
// `observe` (tell what they gave), `recommend` (the feasible Pareto front). See ../optimize.ts for
// why it is Bayesian optimisation and how it works.
import { streams, type RandomStream } from '../../engine/index.js';
import { checkBounds, fromUnit, toUnit, type Bounds } from '../box.js';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from '../sobolSequence.js';
import { expectedImprovement, probabilityWithin } from './acquisition.js';
import { conditionGaussianProcess, fitGaussianProcess, standardise, type GaussianProcess, type GaussianProcessData, type Hyperparameters } from './gaussianProcess.js';
import { latinHypercube } from './latinHypercube.js';
import { nelderMead } from './nelderMead.js';
import { paretoFront, type Goal } from './pareto.js';

export interface Objective {
  readonly name?: string;
  readonly goal: Goal;
}

/** A band the mean of a value must stay in: min ≤ mean ≤ max (either side may be open). */
export interface Constraint {
  readonly name?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface OptimizationProblem {
  /** The box searched, in the user's units. */
  readonly bounds: Bounds;
  readonly objectives: readonly Objective[];
  readonly constraints?: readonly Constraint[];
}

/** What one evaluation (one run, on one seed) gave. */
export interface Observation {
  /** One value per objective; null when the evaluation produced none (a failed run). */
  readonly objectives: readonly number[] | null;
  /** One value per constraint; null or absent when the evaluation produced none. */
  readonly constraints?: readonly number[] | null;
  /** True when the evaluation broke a hard rule (an invariant violation, a failed run). */
  readonly failed?: boolean;
}

export interface Evaluation extends Observation {
  readonly point: readonly number[];
}

export interface OptimizerSettings {
  /** Points of the initial Latin hypercube, proposed before any model is fitted. */
  readonly initialPoints: number;
  /** Quasi-random candidates scored per proposed point before the best are polished. */
  readonly candidates: number;
}

/** Plain data: JSON.stringify it to save, JSON.parse it to resume. */
export interface OptimizerState {
  readonly format: 'depin-lab/optimizer@1';
  readonly problem: OptimizationProblem;
  readonly seed: string;
  readonly settings: OptimizerSettings;
  /** Batches proposed so far: batch b draws from its own stream, so a resumed search repeats it exactly. */
  batches: number;
  /** Points proposed so far (the first `initialPoints` come from the Latin hypercube). */
  proposed: number;
  /** Proposed points not yet observed, in the user's units. */
  pending: number[][];
  /** Every observation, in the order told. */
  evaluations: Evaluation[];
}

export interface ConstraintStatus {
  /** The mean of the constraint's value over the point's evaluations. */
  readonly value: number;
  /** Distance inside the band to its nearer edge, in the value's units (negative outside). */
  readonly margin: number;
}

export interface Recommendation {
  readonly point: number[];
  /** Surrogate posterior mean of each objective at the point: what the front is built on. */
  readonly predicted: number[];
  /** Mean of each objective over the point's evaluations. */
  readonly observed: number[];
  readonly evaluations: number;
  readonly constraints: ConstraintStatus[];
}

/** Chebyshev scalarisation's augmentation (Knowles 2006): ties on the max are broken by the sum. */
const AUGMENTATION = 0.05;
/** Incumbents whose neighbourhoods are searched, points drawn around each, and their spread. */
const LOCAL_CENTRES = 5;
const LOCAL_POINTS = 16;
const LOCAL_SPREAD = 0.05;
/** Best candidates polished by Nelder-Mead, and its iterations per dimension. */
const POLISHED = 2;
const POLISH_ITERATIONS_PER_DIMENSION = 20;
/** Points closer than this in the unit cube count as the same point. */
const SAME_POINT = 1e-3;
/** Expected improvement below this share of the response's spread counts as none. */
const NEGLIGIBLE_IMPROVEMENT = 1e-9;

export function createOptimizer(problem: OptimizationProblem, options: { seed: string } & Partial<OptimizerSettings>): OptimizerState {
  checkProblem(problem);
  const d = problem.bounds.length;
  const settings: OptimizerSettings = {
    initialPoints: options.initialPoints ?? Math.max(5, 2 * d + 2),
    candidates: options.candidates ?? 300,
  };
  if (!Number.isInteger(settings.initialPoints) || settings.initialPoints < 2) throw new RangeError(`initialPoints must be an integer >= 2, got ${settings.initialPoints}`);
  if (!Number.isInteger(settings.candidates) || settings.candidates < 1) throw new RangeError(`candidates must be an integer >= 1, got ${settings.candidates}`);
  return { format: 'depin-lab/optimizer@1', problem, seed: options.seed, settings, batches: 0, proposed: 0, pending: [], evaluations: [] };
}

/**
 * The next batch of points to evaluate, in the user's units; records them as pending. A pure
 * function of the state, so proposing again from a saved state gives the same batch.
 */
export function propose(state: OptimizerState, batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be an integer >= 1, got ${batchSize}`);
  const { problem, settings, seed } = state;
  const d = problem.bounds.length;
  const unitPoints: number[][] = [];
  const initial = latinHypercube(settings.initialPoints, d, streams(seed).get('initial-design'));
  while (unitPoints.length < batchSize && state.proposed + unitPoints.length < settings.initialPoints) {
    unitPoints.push(initial[state.proposed + unitPoints.length] as number[]);
  }
  if (unitPoints.length < batchSize) {
    const batchSeed = `${seed}/batch-${state.batches}`;
    const known = summarise(state);
    const remaining = batchSize - unitPoints.length;
    if (known.length < 2 || known.every((p) => p.objectives === null)) {
      // Nothing to model yet: continue filling the box quasi-randomly.
      unitPoints.push(...sobolSequence(remaining, d, { start: state.proposed + unitPoints.length, shiftSeed: seed }));
    } else {
      const pending = [...state.pending].sort((a, b) => compareKeys(JSON.stringify(a), JSON.stringify(b)));
      const fantasies = [...pending.map((x) => toUnit(problem.bounds, x)), ...unitPoints];
      unitPoints.push(...modelBatch(state, known, fantasies, remaining, batchSeed));
    }
  }
  const points = unitPoints.map((u) => fromUnit(problem.bounds, u));
  state.batches += 1;
  state.proposed += points.length;
  state.pending.push(...points);
  return points;
}

/** Records what the points gave (one observation per point; repeat a point for each replicate). */
export function observe(state: OptimizerState, points: readonly (readonly number[])[], observations: readonly Observation[]): void {
  if (points.length !== observations.length) throw new RangeError(`${points.length} points but ${observations.length} observations`);
  const checked = points.map((point, i) => checkEvaluation(state.problem, point, observations[i] as Observation, i));
  for (const evaluation of checked) {
    state.evaluations.push(evaluation);
    const key = JSON.stringify(evaluation.point);
    const waiting = state.pending.findIndex((p) => JSON.stringify(p) === key);
    if (waiting >= 0) state.pending.splice(waiting, 1);
  }
}

/**
 * The feasible evaluated points that no other feasible evaluated point beats on every objective,
 * judged by the surrogate's posterior mean (which pools the noisy evaluations nearby), best first
 * on the first objective. With one objective it is the single best point. Never an infeasible point:
 * a point with a failed evaluation, a missing value, or a constraint mean outside its band is out.
 */
export function recommend(state: OptimizerState): Recommendation[] {
  const { problem } = state;
  const known = summarise(state);
  const feasible = known.filter((p) => p.feasible);
  if (feasible.length === 0) return [];
  const stream = streams(state.seed).get(`recommend-${state.evaluations.length}`);
  const models = problem.objectives.map((_, j) => fitGaussianProcess(objectiveData(known, j), stream));
  const predicted = feasible.map((p) => models.map((m) => m.predict(p.unit).mean));
  const goals = problem.objectives.map((o) => o.goal);
  const sign = goals[0] === 'minimize' ? 1 : -1;
  return paretoFront(predicted, goals)
    .sort((a, b) => sign * ((predicted[a]![0] as number) - (predicted[b]![0] as number)) || a - b)
    .map((i) => {
      const p = feasible[i]!;
      return {
        point: [...p.point],
        predicted: predicted[i]!,
        observed: p.objectives as number[],
        evaluations: p.count,
        constraints: (problem.constraints ?? []).map((c, k) => constraintStatus(c, p.constraints![k] as number)),
      };
    });
}

/** One distinct evaluated point with the means of what its evaluations gave. */
interface KnownPoint {
  readonly point: readonly number[];
  readonly unit: number[];
  readonly count: number;
  /** Objective means over evaluations that gave objectives; null when none did. */
  readonly objectives: number[] | null;
  readonly objectiveCount: number;
  readonly constraints: number[] | null;
  readonly constraintCount: number;
  /** Share of its evaluations that failed. */
  readonly failedShare: number;
  readonly feasible: boolean;
}

/**
 * The distinct evaluated points, in a canonical order (by point, and each point's evaluations by
 * content): the order in which parallel runs happened to finish and be told changes nothing, not
 * even the last bit of a mean, so any number of workers gives the same search.
 */
function summarise(state: OptimizerState): KnownPoint[] {
  const { problem } = state;
  const groups = new Map<string, Evaluation[]>();
  for (const e of state.evaluations) {
    const key = JSON.stringify(e.point);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [e]);
    else group.push(e);
  }
  const constraints = problem.constraints ?? [];
  return [...groups.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, told]) => {
    const group = told.map((e) => [JSON.stringify(e), e] as const).sort(([a], [b]) => compareKeys(a, b)).map(([, e]) => e);
    const withObjectives = group.filter((e) => e.objectives !== null).map((e) => e.objectives as readonly number[]);
    const withConstraints = group.filter((e) => e.constraints != null).map((e) => e.constraints as readonly number[]);
    const objectives = withObjectives.length > 0 ? columnMeans(withObjectives) : null;
    const constraintMeans = withConstraints.length > 0 ? columnMeans(withConstraints) : null;
    const failedShare = group.filter((e) => e.failed === true).length / group.length;
    const complete = withObjectives.length === group.length && (constraints.length === 0 || withConstraints.length === group.length);
    const inBands = constraints.every((c, k) => constraintMeans !== null && constraintStatus(c, constraintMeans[k] as number).margin >= 0);
    return {
      point: group[0]!.point,
      unit: toUnit(problem.bounds, group[0]!.point),
      count: group.length,
      objectives,
      objectiveCount: withObjectives.length,
      constraints: constraintMeans,
      constraintCount: withConstraints.length,
      failedShare,
      feasible: failedShare === 0 && complete && inBands,
    };
  });
}

function objectiveData(known: readonly KnownPoint[], j: number): GaussianProcessData {
  const points = known.filter((p) => p.objectives !== null);
  return { x: points.map((p) => p.unit), y: points.map((p) => p.objectives![j] as number), counts: points.map((p) => p.objectiveCount) };
}

/**
 * `count` points chosen one after another: each maximises expected improvement of a Chebyshev
 * scalarisation (one random weighting per point, ParEGO) times the probability that every
 * constraint band holds, then joins the data as a fantasy at the surrogate's mean ("kriging
 * believer"), so the next point goes elsewhere. Pending points of earlier batches are fantasies
 * from the start.
 *
 * A failed evaluation (or one that gave no values) enters the scalarised data at the worst value
 * any evaluation gave (Forrester, Sóbester and Keane 2006; SMAC does the same with crashed runs):
 * the surrogate then sees a cliff where runs fail, and expected improvement leaves the region.
 * We first modelled failures as a 0/1 response with its own surrogate, but a step is what a
 * Gaussian process fits worst: it fitted a lengthscale as short as the gap at the step, forgot the
 * failures between any two of them, and the search went on spending most of its runs there.
 */
function modelBatch(state: OptimizerState, known: readonly KnownPoint[], fantasies: number[][], count: number, batchSeed: string): number[][] {
  const { problem, settings } = state;
  const stream = streams(batchSeed).get('model');
  const goals = problem.objectives.map((o) => o.goal);
  const objectiveModels = goals.map((_, j) => fitGaussianProcess(objectiveData(known, j), stream));
  const feasibility = bandModel(problem, known, stream);
  const valued = known.filter((p) => p.objectives !== null);
  const normalise = objectiveNormaliser(goals, valued.map((p) => p.objectives as number[]));
  const x = known.map((p) => p.unit);
  const counts = known.map((p) => p.count);
  const imputed = known.some((p) => p.failedShare > 0 || p.objectives === null);
  const chosen: number[][] = [];
  let singleObjectiveHyperparameters: Hyperparameters | null = null;
  for (let slot = 0; slot < count; slot++) {
    const weights = goals.length === 1 ? [1] : simplexWeights(goals.length, stream);
    const scalar = (objectives: readonly number[]): number => chebyshev(normalise(objectives), weights);
    const worst = Math.max(...valued.map((p) => scalar(p.objectives!)));
    const observedData: GaussianProcessData = { x, y: known.map((p) => (p.failedShare > 0 || p.objectives === null ? worst : scalar(p.objectives))), counts };
    // With one objective every slot has the same data, so one fit serves the batch; and without
    // imputed values that data is an affine image of the objective's, whose fit serves as it is.
    const hyperparameters: Hyperparameters =
      singleObjectiveHyperparameters ?? (goals.length === 1 && !imputed ? objectiveModels[0]!.hyperparameters : fitGaussianProcess(observedData, stream).hyperparameters);
    if (goals.length === 1) singleObjectiveHyperparameters = hyperparameters;
    const pseudo = [...fantasies, ...chosen];
    const data: GaussianProcessData = {
      x: [...x, ...pseudo],
      y: [...observedData.y, ...pseudo.map((u) => scalar(objectiveModels.map((m) => m.predict(u).mean)))],
      counts: [...counts, ...pseudo.map(() => 1)],
    };
    const model = conditionGaussianProcess(data, hyperparameters, standardise(data.y)) ?? conditionGaussianProcess(observedData, hyperparameters, standardise(observedData.y));
    if (model === null) throw new RangeError('the surrogate cannot be conditioned on the observations');
    // The incumbent counts the fantasies as if observed (the kriging believer's premise): without
    // them a fantasy better than every evaluated point would keep its improvement, and the batch
    // would propose the same point again and again.
    const fitted = known.map((p) => model.predict(p.unit).mean);
    const incumbents = [...fitted.filter((_, i) => known[i]!.feasible), ...pseudo.map((u) => model.predict(u).mean)];
    const best = fitted.some((_, i) => known[i]!.feasible) ? Math.min(...incumbents) : null;
    // Replicates are the caller's (paired seeds): a batch never proposes a pending point again.
    const isRepeat = (u: readonly number[]): boolean => pseudo.some((v) => distance(u, v) < SAME_POINT);
    const acquisition = (u: readonly number[]): number => {
      if (isRepeat(u)) return 0;
      const chance = feasibility(u);
      const { mean, variance } = model.predict(u);
      // Before any feasible point there is nothing to improve on: go where the bands most likely
      // hold and the surrogate knows least.
      if (best === null) return chance * Math.sqrt(variance);
      return expectedImprovement(mean, Math.sqrt(variance), best) * chance;
    };
    const centres = fitted.map((_, i) => i).sort((a, b) => fitted[a]! - fitted[b]! || a - b).slice(0, LOCAL_CENTRES);
    const search = { acquisition, feasibility, isRepeat, model, centres: centres.map((i) => x[i]!) };
    chosen.push(maximise(search, problem.bounds.length, settings.candidates, `${batchSeed}/slot-${slot}`, stream));
  }
  return chosen;
}

/** P(every constraint's mean lies in its band), from one surrogate per constraint. */
function bandModel(problem: OptimizationProblem, known: readonly KnownPoint[], stream: RandomStream): (u: readonly number[]) => number {
  const parts: { model: GaussianProcess; min: number; max: number }[] = [];
  const points = known.filter((p) => p.constraints !== null);
  if (points.length > 0) {
    (problem.constraints ?? []).forEach((c, k) => {
      const data = { x: points.map((p) => p.unit), y: points.map((p) => p.constraints![k] as number), counts: points.map((p) => p.constraintCount) };
      parts.push({ model: fitGaussianProcess(data, stream), min: c.min ?? -Infinity, max: c.max ?? Infinity });
    });
  }
  return (u) =>
    parts.reduce((chance, { model, min, max }) => {
      const { mean, variance } = model.predict(u);
      return chance * probabilityWithin(mean, Math.sqrt(variance), min, max);
    }, 1);
}

/**
 * The point of the unit cube where the acquisition is highest: scored on quasi-random candidates
 * and on points around the best incumbents, the best few polished by Nelder-Mead. Once no
 * improvement worth the name is left anywhere (the search has converged), the candidate where
 * the surrogate is most uncertain and the bands most likely hold: the rest of the budget learns
 * the feasible region instead of spending runs on improvements of 1e-20.
 */
interface Search {
  readonly acquisition: (u: readonly number[]) => number;
  readonly feasibility: (u: readonly number[]) => number;
  /** True for a point the batch already holds. */
  readonly isRepeat: (u: readonly number[]) => boolean;
  readonly model: GaussianProcess;
  /** Points around which candidates are added. */
  readonly centres: readonly number[][];
}

function maximise(search: Search, d: number, candidates: number, shiftSeed: string, stream: RandomStream): number[] {
  const { acquisition, feasibility, isRepeat, model, centres } = search;
  const pool = sobolSequence(candidates, Math.min(d, SOBOL_MAX_DIMENSIONS), { shiftSeed });
  for (const centre of centres) {
    for (let i = 0; i < LOCAL_POINTS; i++) pool.push(centre.map((c) => clampUnit(c + stream.normal(0, LOCAL_SPREAD))));
  }
  const scores = pool.map(acquisition);
  const ranked = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  if (!((scores[ranked[0]!] as number) > NEGLIGIBLE_IMPROVEMENT * model.standardisation.scale)) {
    const worth = pool.map((u) => (isRepeat(u) ? 0 : model.predict(u).variance * feasibility(u)));
    return pool[worth.indexOf(Math.max(...worth))] as number[];
  }
  let best = { u: pool[ranked[0]!] as number[], value: scores[ranked[0]!] as number };
  for (const index of ranked.slice(0, POLISHED)) {
    const negative = (u: number[]): number => {
      const outside = u.reduce((sum, v) => sum + Math.max(0, -v, v - 1) ** 2, 0);
      return -acquisition(u.map(clampUnit)) + 1e3 * outside;
    };
    const polished = nelderMead(negative, pool[index] as number[], 0.02, POLISH_ITERATIONS_PER_DIMENSION * d);
    const u = polished.x.map(clampUnit);
    const value = acquisition(u);
    if (value > best.value) best = { u, value };
  }
  return best.u;
}

/** Maps objective vectors to [0, 1] each, 0 the best value observed, on the minimised scale. */
function objectiveNormaliser(goals: readonly Goal[], observed: readonly number[][]): (objectives: readonly number[]) => number[] {
  const oriented = (v: readonly number[]): number[] => v.map((x, j) => (goals[j] === 'minimize' ? x : -x));
  const columns = goals.map((_, j) => observed.map((v) => oriented(v)[j] as number));
  const low = columns.map((c) => Math.min(...c));
  const high = columns.map((c) => Math.max(...c));
  return (objectives) => oriented(objectives).map((x, j) => (high[j]! > low[j]! ? (x - low[j]!) / (high[j]! - low[j]!) : 0));
}

function chebyshev(normalised: readonly number[], weights: readonly number[]): number {
  let max = -Infinity;
  let sum = 0;
  normalised.forEach((x, j) => {
    const weighted = (weights[j] as number) * x;
    max = Math.max(max, weighted);
    sum += weighted;
  });
  return max + AUGMENTATION * sum;
}

/** A weighting drawn uniformly from the simplex (normalised exponentials). */
function simplexWeights(m: number, stream: RandomStream): number[] {
  const draws = Array.from({ length: m }, () => stream.exponential(1));
  const total = draws.reduce((a, b) => a + b, 0);
  return draws.map((w) => w / total);
}

function constraintStatus(constraint: Constraint, value: number): ConstraintStatus {
  const margin = Math.min(value - (constraint.min ?? -Infinity), (constraint.max ?? Infinity) - value);
  return { value, margin };
}

function columnMeans(rows: readonly (readonly number[])[]): number[] {
  return (rows[0] as readonly number[]).map((_, j) => rows.reduce((sum, r) => sum + (r[j] as number), 0) / rows.length);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((v, i) => v - (b[i] as number)));
}

function clampUnit(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function checkProblem(problem: OptimizationProblem): void {
  checkBounds(problem.bounds);
  if (!Array.isArray(problem.objectives) || problem.objectives.length === 0) throw new RangeError('the problem needs at least one objective');
  problem.objectives.forEach((o, j) => {
    if (o.goal !== 'minimize' && o.goal !== 'maximize') throw new RangeError(`objectives[${j}].goal must be "minimize" or "maximize", got ${JSON.stringify(o.goal)}`);
  });
  (problem.constraints ?? []).forEach((c, k) => {
    if (c.min === undefined && c.max === undefined) throw new RangeError(`constraints[${k}] needs a min, a max or both`);
    // Finite, so that the state survives JSON (which writes an infinity as null); leave a side out instead.
    for (const side of ['min', 'max'] as const) {
      if (c[side] !== undefined && !Number.isFinite(c[side])) throw new RangeError(`constraints[${k}].${side} must be a finite number or absent, got ${c[side]}`);
    }
    if (!((c.min ?? -Infinity) <= (c.max ?? Infinity))) throw new RangeError(`constraints[${k}] must have min <= max, got ${c.min} and ${c.max}`);
  });
}

function checkEvaluation(problem: OptimizationProblem, point: readonly number[], observation: Observation, i: number): Evaluation {
  const d = problem.bounds.length;
  if (!Array.isArray(point) || point.length !== d) throw new RangeError(`point ${i} must have ${d} coordinates, got ${JSON.stringify(point)}`);
  point.forEach((x, c) => {
    const [low, high] = problem.bounds[c] as readonly [number, number];
    if (!(x >= low && x <= high)) throw new RangeError(`point ${i} coordinate ${c} is ${x}, outside [${low}, ${high}]`);
  });
  const values = (name: string, v: readonly number[] | null | undefined, expected: number): void => {
    if (v === null || v === undefined) return;
    if (v.length !== expected) throw new RangeError(`observation ${i} has ${v.length} ${name} values, expected ${expected}`);
    const bad = v.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new RangeError(`observation ${i} ${name}[${bad}] is ${v[bad]}: pass null for an evaluation that gave no values`);
  };
  values('objective', observation.objectives, problem.objectives.length);
  values('constraint', observation.constraints, problem.constraints?.length ?? 0);
  if (observation.objectives === undefined) throw new RangeError(`observation ${i} needs objectives (null when the evaluation gave none)`);
  return {
    point: [...point],
    objectives: observation.objectives === null ? null : [...observation.objectives],
    ...(observation.constraints == null ? {} : { constraints: [...observation.constraints] }),
    ...(observation.failed === true ? { failed: true } : {}),
  };
}
