// loadScenario: file -> validated Scenario, or every problem as data. It never throws for bad
// input: a missing file, bad YAML, a cycle in `extends`, a wrong type, an unknown key or a bad
// unit all come back as ScenarioProblems.
import { basename, extname, resolve } from 'node:path';
import { checkStudies } from './checkStudies.js';
import { checkSweep } from './checkSweep.js';
import { compose } from './compose.js';
import { metricNameProblems } from './metricNames.js';
import { applyOverrides, dropOverriddenAxes } from './overrides.js';
import { problemsFromIssues, type ScenarioProblem } from './problems.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { isPlainObject, type PlainObject } from './paths.js';
import { displayPath } from './sourceFile.js';

export type LoadResult =
  | {
      ok: true;
      scenario: Scenario;
      file: string;
      /** One line each: what the loader did that the user should know (a --set that replaced a sweep axis). */
      notices: string[];
      /** Dotted paths the root file sets itself (not inherited): what a proposal changes. */
      ownPaths: string[];
    }
  | { ok: false; problems: ScenarioProblem[] };

export interface LoadOptions {
  /** Dotted-path overrides applied after the file, e.g. "providers.count=300". */
  overrides?: string[];
}

export function loadScenario(file: string, opts: LoadOptions = {}): LoadResult {
  const absolute = resolve(file);
  const composed = compose(absolute);
  if (!composed.ok) return composed;
  const { data, provenance, own } = composed.composed;
  // A file that does not name itself is named after itself, so a proposal never inherits the
  // baseline's name (and its results directory).
  if (own['name'] === undefined) data['name'] = basename(absolute, extname(absolute));
  const overrideProblems = applyOverrides(data, opts.overrides ?? [], provenance);
  if (overrideProblems.length > 0) return { ok: false, problems: overrideProblems };
  const notices = dropOverriddenAxes(data, opts.overrides ?? []);
  const fileOf = (path: Parameters<typeof provenance.fileOf>[0]) => provenance.fileOf(path);
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues, scenarioSchema, data, fileOf) };
  const designProblems = [...checkSweep(data, parsed.data, fileOf), ...checkStudies(data, parsed.data, fileOf)];
  if (designProblems.length > 0) return { ok: false, problems: designProblems };
  const nameProblems = metricNameProblems(data, parsed.data, fileOf);
  if (nameProblems.length > 0) return { ok: false, problems: nameProblems };
  return { ok: true, scenario: parsed.data, file: displayPath(absolute), notices, ownPaths: leafPaths(own) };
}

/** The dotted paths of a mapping's leaves (a list is a leaf). */
function leafPaths(data: PlainObject, prefix = ''): string[] {
  return Object.entries(data).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isPlainObject(value) && Object.keys(value).length > 0 ? leafPaths(value, path) : [path];
  });
}
