// Command-line overrides: "providers.count=300", "market.kind=posted-price",
// "sweep.grid.providers.count=[100, 200]". The value is read as YAML, so numbers, lists and
// unit strings mean what they would in a file.
import { parse } from 'yaml';
import { parsePath, setAt, type PlainObject } from './paths.js';
import type { ScenarioProblem } from './problems.js';
import type { Provenance } from './provenance.js';
import { groupedNumber } from './sourceFile.js';

export const COMMAND_LINE = 'command line';

export function applyOverrides(data: PlainObject, overrides: readonly string[], provenance: Provenance): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const override of overrides) {
    const equals = override.indexOf('=');
    const path = equals > 0 ? parsePath(override.slice(0, equals).trim()) : undefined;
    if (!path) {
      problems.push({ file: COMMAND_LINE, path: override, expected: 'expected an override like providers.count=300', found: JSON.stringify(override) });
      continue;
    }
    const text = override.slice(equals + 1);
    let value: unknown;
    try {
      value = parse(text, { customTags: [groupedNumber] });
    } catch {
      problems.push({ file: COMMAND_LINE, path: path.join('.'), expected: 'expected a YAML value', found: JSON.stringify(text) });
      continue;
    }
    const blocked = setAt(data, path, value);
    if (blocked) {
      problems.push({
        file: COMMAND_LINE,
        path: path.join('.'),
        expected: 'expected a dotted path through mappings',
        found: `a value that is not a mapping at ${blocked.join('.')}`,
      });
      continue;
    }
    provenance.record(path, COMMAND_LINE);
  }
  return problems;
}
