// loadScenario: file -> validated Scenario, or every problem as data. It never throws for bad
// input: a missing file, bad YAML, a cycle in `extends`, a wrong type, an unknown key or a bad
// unit all come back as ScenarioProblems.
import { basename, extname, resolve } from 'node:path';
import { checkSweep } from './checkSweep.js';
import { compose } from './compose.js';
import { applyOverrides } from './overrides.js';
import { problemsFromIssues, type ScenarioProblem } from './problems.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { displayPath } from './sourceFile.js';

export type LoadResult = { ok: true; scenario: Scenario; file: string } | { ok: false; problems: ScenarioProblem[] };

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
  const whereOf = (path: Parameters<typeof provenance.where>[0]) => provenance.where(path);
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(parsed.error.issues, scenarioSchema, data, whereOf) };
  const sweepProblems = checkSweep(data, parsed.data, whereOf);
  if (sweepProblems.length > 0) return { ok: false, problems: sweepProblems };
  return { ok: true, scenario: parsed.data, file: displayPath(absolute) };
}
