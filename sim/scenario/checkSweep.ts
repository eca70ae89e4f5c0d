// Load-time checks of a sweep against the schema: every path must name a field, every value must
// be valid there, and (for sweeps small enough to try) every combination must be valid too. Done
// here so that expandRuns, which has no way to report problems, never meets a bad point.
import { formatPath, getAt, type Path, type PlainObject } from './paths.js';
import { describeValue, listWords, problemsFromIssues, type FileOf, type ScenarioProblem } from './problems.js';
import { isIntegerAt, knownKeysAt } from './introspect.js';
import { resolvePoint } from './resolvePoint.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { closest } from './suggest.js';
import { pointAssignment, pointCount, sweepAxes } from './sweepPoints.js';

type Issues = Parameters<typeof problemsFromIssues>[0];

/** Largest sweep whose every point is validated at load time (each point is one schema parse). */
export const FULL_CHECK_LIMIT = 1000;
const MAX_POINT_PROBLEMS = 3;

export function checkSweep(raw: PlainObject, scenario: Scenario, fileOf: FileOf): ScenarioProblem[] {
  const sweep = scenario.sweep;
  const problems: ScenarioProblem[] = [];
  for (const block of ['grid', 'zip'] as const) {
    for (const [path, values] of Object.entries(sweep[block] ?? {})) {
      const where = ['sweep', block, path];
      problems.push(...valueProblems(raw, where, path, values, (i) => [...where, i], fileOf));
    }
  }
  for (const block of ['random', 'lhs'] as const) {
    for (const [path, range] of Object.entries(sweep[block]?.params ?? {})) {
      const ends = [range.min, range.max].map((end) => (range.integer ? Math.round(end) : end));
      problems.push(...rangeProblems(raw, ['sweep', block, 'params', path], path, ends, range.integer, fileOf));
    }
  }
  if (problems.length > 0) return problems;
  return checkPoints(scenario, fileOf(['sweep']));
}

/**
 * Problems of the values a block (`where`) gives the field at dotted `path`: the path names no
 * field (one problem), or a value is not valid there (one problem each, at `valuePath(i)`).
 */
function valueProblems(raw: PlainObject, where: Path, path: string, values: readonly unknown[], valuePath: (i: number) => Path, fileOf: FileOf): ScenarioProblem[] {
  const file = fileOf(where);
  const unknown = unknownPath(raw, path);
  if (unknown) return [{ file, path: formatPath(where), ...unknown }];
  return values.flatMap((value, i) => {
    const problem = valueProblem(raw, path, value, fileOf);
    return problem ? [{ ...problem, file, path: formatPath(valuePath(i)), found: describeValue(value) }] : [];
  });
}

/**
 * Problems of a range over dotted `path` (a sweep's random or lhs block, a study's parameter at
 * `where`): the path names no field, an end (in the field's own units) is not valid there, or the
 * field takes whole numbers and the range does not round its values.
 */
export function rangeProblems(raw: PlainObject, where: Path, path: string, ends: readonly unknown[], integer: boolean, fileOf: FileOf): ScenarioProblem[] {
  const problems = valueProblems(raw, where, path, ends, (i) => [...where, i === 0 ? 'min' : 'max'], fileOf);
  if (problems.length > 0) return problems;
  // Valid ends do not make valid values: an integer field needs its values rounded.
  if (!integer && isIntegerAt(scenarioSchema, raw, path.split('.'))) {
    return [{ file: fileOf(where), path: formatPath([...where, 'integer']), expected: `expected true, as ${path} takes whole numbers`, found: describeValue(getAt(raw, [...where, 'integer'])) }];
  }
  return [];
}

/** Why a dotted path names no field, with the corrected path when one key looks misspelt. */
export function unknownPath(raw: PlainObject, dotted: string): Pick<ScenarioProblem, 'expected' | 'found' | 'suggestion'> | undefined {
  const segments = dotted.split('.');
  for (let depth = 0; depth < segments.length; depth += 1) {
    const known = knownKeysAt(scenarioSchema, raw, segments.slice(0, depth));
    if (!known) return undefined; // a list or a free-form map: any key or index is a field
    const segment = segments[depth] as string;
    if (known.includes(segment)) continue;
    const fix = closest(segment, known);
    const suggestion = fix === undefined ? undefined : [...segments.slice(0, depth), fix, ...segments.slice(depth + 1)].join('.');
    const parent = depth === 0 ? 'the scenario' : segments.slice(0, depth).join('.');
    return {
      expected: `unknown parameter path (${parent} has ${listWords(known)})`,
      found: JSON.stringify(dotted),
      ...(suggestion ? { suggestion } : {}),
    };
  }
  return undefined;
}

function valueProblem(raw: PlainObject, path: string, value: unknown, fileOf: FileOf): ScenarioProblem | undefined {
  const resolved = resolvePoint(raw, [[path, value]]);
  return resolved.ok ? undefined : firstProblem(resolved.issues, raw, fileOf, path);
}

/** The first issue as a problem; when it lies in another field than the swept one, it says where. */
function firstProblem(issues: Issues, data: unknown, fileOf: FileOf, sweptPath?: string): ScenarioProblem | undefined {
  const first = problemsFromIssues(issues.slice(0, 1), scenarioSchema, data, fileOf)[0];
  if (!first) return undefined;
  const sameField = sweptPath !== undefined && first.path === formatPath(sweptPath.split('.'));
  return sameField ? first : { ...first, expected: `${first.expected} at ${first.path}` };
}

function checkPoints(scenario: Scenario, file: string): ScenarioProblem[] {
  const axes = sweepAxes(scenario.sweep, scenario.seed);
  const count = pointCount(axes);
  if (count > FULL_CHECK_LIMIT) return [];
  const problems: ScenarioProblem[] = [];
  for (let point = 0; point < count && problems.length < MAX_POINT_PROBLEMS; point += 1) {
    const assignment = pointAssignment(axes, point);
    const resolved = resolvePoint(scenario, assignment);
    if (resolved.ok) continue;
    const problem = firstProblem(resolved.issues, scenario, () => file);
    const values = assignment.map(([path, value]) => `${path}=${describeValue(value)}`).join(', ');
    if (problem) problems.push({ file, path: `sweep point ${point}`, expected: problem.expected, found: values });
  }
  return problems;
}
