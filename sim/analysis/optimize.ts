// Parameter search over a box for noisy objectives: which setting of the parameters a DAO controls
// does best, without breaking a constraint.
//
// Why Bayesian optimisation with a Gaussian-process surrogate, and not successive halving over a
// Latin hypercube with replicates for the survivors:
// - Each evaluation is a simulated market (seconds to minutes of CPU), and governance searches few
//   parameters (two to six). There a GP surrogate needs tens of evaluations where a space-filling
//   design needs hundreds: on Branin (two inputs) it reaches the minimum within 0.01 in 40
//   evaluations on all of 120 seeds we tried, where 40 Latin-hypercube points do on 1 of 20
//   (sim/validation/sensitivityRows.ts prints both).
// - Noise is handled in the model rather than by discarding: the GP estimates the noise variance,
//   pools neighbouring evaluations through its posterior mean, and replicates of a point (the same
//   point on several paired seeds) enter as one mean with noise variance σ²/count. Successive
//   halving ranks on each survivor's own noisy mean, so when the differences between good points
//   are of the order of the noise it discards good points early and spends its replicates on a
//   coin toss.
// - Constraints and several objectives have standard, cheap GP treatments: the probability that
//   each constraint band holds multiplies the expected improvement (Schonlau, Welch and Jones 1998;
//   Gardner et al. 2014); a failed run (an invariant violation) enters the surrogate at the worst
//   value seen, so the search leaves regions where runs fail (Forrester, Sóbester and Keane 2006);
//   and ParEGO (Knowles 2006) turns several objectives into one random Chebyshev scalarisation per
//   proposed point, so successive points trace the Pareto front.
// What it costs: each surrogate fit grows as n³ in the n distinct points evaluated (measured on
// the 2-core machine: 0.06 s CPU at n = 50, 0.25 s at 100, 1.5 s at 200, for two inputs), one fit
// per objective and constraint per batch, and the search for the next point is over the unit cube;
// so it is meant for up to about ten parameters and a few hundred evaluations, where a simulated
// run costs more than the fit. Past that a space-filling sweep is the honest tool.
//
// How the search runs (ask/tell, for a caller that evaluates points elsewhere, in parallel,
// resumably): `createOptimizer` makes a plain-data state; `propose(state, q)` returns q points and
// records them as pending; the caller evaluates them (each on the same paired seeds) and tells
// `observe(state, points, observations)`; `recommend(state)` returns the feasible Pareto front.
// The first points come from a seeded Latin hypercube; after that each point maximises expected
// improvement (over the best posterior mean at a feasible evaluated point) times the probability
// that the constraint bands hold, and joins the data as a fantasy at its posterior mean before the
// next point of the batch is chosen (the "kriging believer" batch heuristic, Ginsbourger et al.
// 2010); a batch never repeats a pending point (replicates are the caller's paired seeds). Every
// random choice comes from a stream named by the seed and the batch number, so the same state
// always proposes the same batch: a killed search resumes from its last saved state.
export type { Goal } from './optimize/pareto.js';
export { dominates, paretoFront } from './optimize/pareto.js';
export {
  createOptimizer,
  observe,
  propose,
  recommend,
  type Constraint,
  type ConstraintStatus,
  type Evaluation,
  type Objective,
  type Observation,
  type OptimizationProblem,
  type OptimizerSettings,
  type OptimizerState,
  type Recommendation,
} from './optimize/optimizer.js';
