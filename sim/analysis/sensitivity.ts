// Sensitivity analysis of any function of a box of inputs: Morris screening (which inputs matter at
// all) and Sobol' indices (which share of the output's variance each input explains). Each method
// comes in two halves, so that a caller who evaluates points elsewhere (the simulation runner, in
// parallel and resumably) can use it: a design (plain data: the points to evaluate, in order), and
// the estimators from the values at those points. `sobolIndices` and `morris` compose the two for a
// function evaluated inline.
export { checkBounds, type Bounds } from './box.js';
export type { Interval, IntervalOptions } from './bootstrapInterval.js';
export { morris, morrisDesign, morrisFromEvaluations, type MorrisDesign, type MorrisMove, type MorrisResult } from './morris.js';
export {
  saltelliDesign,
  sobolFromEvaluations,
  sobolIndices,
  UndefinedIndicesError,
  type Randomization,
  type SaltelliDesign,
  type SaltelliOptions,
  type SobolResult,
} from './saltelli.js';
