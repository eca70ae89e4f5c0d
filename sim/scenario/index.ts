// The scenario layer's public API, used by the runner and the command line.
export { loadScenario, type LoadOptions, type LoadResult } from './loader.js';
export { formatProblem, type ScenarioProblem } from './problems.js';
export { expandRuns, type ExpandOptions } from './expand.js';
export { scenarioJsonSchema } from './jsonSchema.js';
export type { Scenario, MarketScenario, MmcScenario } from './schema.js';
export { formatDuration, formatRate, parseDuration, parseRate } from './units.js';
