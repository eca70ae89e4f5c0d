// One search of the optimiser on Branin's function, as the lab's commands will run it: batches
// proposed, evaluated (here with optional Gaussian noise, one independent draw per evaluation) and
// observed until the budget is spent, then the recommendation judged by its true value.
import { BRANIN_BOUNDS, BRANIN_MINIMUM, branin } from '../analysis/testFunctions.js';
import { createOptimizer, observe, propose, recommend } from '../analysis/optimize.js';
import { streams } from '../engine/index.js';

export interface BraninSearch {
  readonly seed: string;
  /** Evaluations in all. */
  readonly budget: number;
  readonly batchSize: number;
  /** Standard deviation of the noise added to each evaluation (0: none). */
  readonly noiseSd: number;
  /** Points of the initial Latin hypercube (default: the optimiser's). */
  readonly initialPoints?: number;
}

export interface BraninOutcome {
  readonly recommended: number[];
  /** True value at the recommendation minus the minimum: ≥ 0, and 0 at an optimum. */
  readonly regret: number;
}

export function searchBranin(search: BraninSearch): BraninOutcome {
  const state = createOptimizer(
    { bounds: BRANIN_BOUNDS, objectives: [{ name: 'branin', goal: 'minimize' }] },
    { seed: search.seed, ...(search.initialPoints === undefined ? {} : { initialPoints: search.initialPoints }) },
  );
  const noise = streams(search.seed).get('branin-noise');
  while (state.evaluations.length < search.budget) {
    const points = propose(state, Math.min(search.batchSize, search.budget - state.evaluations.length));
    observe(state, points, points.map((x) => ({ objectives: [branin(x) + (search.noiseSd > 0 ? noise.normal(0, search.noiseSd) : 0)] })));
  }
  const best = recommend(state)[0];
  if (best === undefined) throw new Error('the optimiser recommended nothing on an unconstrained problem');
  return { recommended: best.point, regret: branin(best.point) - BRANIN_MINIMUM };
}
