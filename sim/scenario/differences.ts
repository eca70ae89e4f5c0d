// What a proposal changes, against its baseline, beyond what it says it changes: `compare` warns
// when the two differ in a parameter the proposal's own file does not set (it may extend another
// file than the baseline given), and whenever their horizons differ, since the paired
// differences would then mix the change of horizon with the proposal's.
import { unitKindAt } from './introspect.js';
import { flattenParams } from './paths.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { formatDuration, formatRate } from './units.js';

export interface ParameterDifference {
  readonly path: string;
  /** The values as people write them ("30d", "40/h"). */
  readonly baseline: string;
  readonly proposal: string;
}

export interface ScenarioDifferences {
  /** Parameters that differ although the proposal's own file does not set them. */
  readonly unexplained: readonly ParameterDifference[];
  /** The simulated horizons, when they differ (set by the proposal or not). */
  readonly duration?: ParameterDifference;
}

/** What is not a parameter of the runs: names, seeds, the sweep and how results are judged. */
const NOT_RUN_PARAMETERS = new Set(['name', 'seed', 'sweep', 'checks', 'compare', 'report', 'extends']);

/** `ownPaths`: the dotted paths the proposal's file sets itself (loadScenario's ownPaths). */
export function scenarioDifferences(baseline: Scenario, proposal: Scenario, ownPaths: readonly string[]): ScenarioDifferences {
  const before = flattenParams(baseline);
  const after = flattenParams(proposal);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter(
    (path) => !NOT_RUN_PARAMETERS.has(path.split('.')[0]!) && JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)),
  );
  const set = (path: string) => ownPaths.some((own) => own === path || path.startsWith(`${own}.`) || own.startsWith(`${path}.`));
  const difference = (path: string): ParameterDifference => ({
    path,
    baseline: valueText(baseline, path, before.get(path)),
    proposal: valueText(proposal, path, after.get(path)),
  });
  return {
    unexplained: paths.filter((path) => path !== 'duration' && !set(path)).map(difference),
    ...(paths.includes('duration') ? { duration: difference('duration') } : {}),
  };
}

function valueText(scenario: Scenario, path: string, value: unknown): string {
  if (value === undefined) return 'unset';
  if (typeof value === 'number') {
    const kind = unitKindAt(scenarioSchema, scenario, path.split('.'));
    if (kind === 'duration') return formatDuration(value);
    if (kind === 'rate') return formatRate(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
