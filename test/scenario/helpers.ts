// Scenario files written on the fly, for tests whose subject is a sweep rather than a file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, loadScenario, type LoadResult, type Scenario } from '../../sim/scenario/index.js';

const dir = mkdtempSync(join(tmpdir(), 'depin-lab-scenario-'));
let written = 0;

/** Writes `yaml` to a fresh file and returns its path. */
export function writeScenarioFile(yaml: string): string {
  written += 1;
  const file = join(dir, `s${written}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

export function loadText(yaml: string): LoadResult {
  return loadScenario(writeScenarioFile(yaml));
}

export function scenarioFrom(yaml: string): Scenario {
  const result = loadText(yaml);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}
