// Load-time checks of a study's parameters (the sensitivity and optimize sections), as the sweep's
// ranges are checked: every path names a field, both ends are valid values there, and a field that
// takes whole numbers has a range that rounds.
import { rangeProblems } from './checkSweep.js';
import type { PlainObject } from './paths.js';
import type { FileOf, ScenarioProblem } from './problems.js';
import type { Scenario } from './schema.js';
import { quantityValue } from './units.js';

export function checkStudies(raw: PlainObject, scenario: Scenario, fileOf: FileOf): ScenarioProblem[] {
  return (['sensitivity', 'optimize'] as const).flatMap((section) =>
    Object.entries(scenario[section]?.parameters ?? {}).flatMap(([path, range]) => {
      const ends = [range.min, range.max].map((end) => quantityValue(range.integer ? Math.round(end) : end, range.unit));
      return rangeProblems(raw, [section, 'parameters', path], path, ends, range.integer, fileOf);
    }),
  );
}
