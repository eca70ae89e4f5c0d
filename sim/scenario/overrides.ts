// Command-line overrides: "providers.count=300", "market.kind=posted-price",
// "sweep.grid.providers.count=[100, 200]". The value is read as YAML, so numbers, lists and
// unit strings mean what they would in a file.
import { parse } from 'yaml';
import { isPlainObject, parsePath, setAt, type PlainObject } from './paths.js';
import type { ScenarioProblem } from './problems.js';
import type { Provenance } from './provenance.js';

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
      value = parse(text);
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

const SAMPLED_BLOCKS = ['random', 'lhs'] as const;

/**
 * A `--set` on a parameter the sweep varies wins: the sweep stops varying it. Removes from the
 * sweep every axis whose path lies on, under or above an overridden path, and says so in one line
 * per axis. Overrides of the sweep itself (`sweep.grid.x=[...]`) are left alone.
 */
export function dropOverriddenAxes(data: PlainObject, overrides: readonly string[]): string[] {
  const sweep = data['sweep'];
  if (!isPlainObject(sweep)) return [];
  const notices: string[] = [];
  for (const override of overrides) {
    const path = parsePath(override.slice(0, Math.max(0, override.indexOf('='))).trim());
    if (!path || path[0] === 'sweep') continue;
    const overlaps = (axis: string) => {
      const segments = axis.split('.');
      const shorter = Math.min(segments.length, path.length);
      return segments.slice(0, shorter).every((segment, i) => segment === path[i]);
    };
    const drop = (lists: unknown, block: string, describe: (axis: string) => string) => {
      if (!isPlainObject(lists)) return;
      for (const axis of Object.keys(lists).filter(overlaps)) {
        notices.push(`--set ${override} replaces ${describe(axis)} (${block})`);
        delete lists[axis];
      }
    };
    drop(sweep['grid'], 'sweep.grid', (axis) => `the sweep over ${axis}${valuesText(sweep['grid'], axis)}`);
    drop(sweep['zip'], 'sweep.zip; its other lists stay', (axis) => `the sweep over ${axis}${valuesText(sweep['zip'], axis)}`);
    for (const block of SAMPLED_BLOCKS) {
      const sampled = sweep[block];
      if (isPlainObject(sampled)) drop(sampled['params'], `sweep.${block}`, (axis) => `the sampled ${axis}`);
    }
  }
  for (const block of ['grid', 'zip'] as const) if (isPlainObject(sweep[block]) && Object.keys(sweep[block]).length === 0) delete sweep[block];
  for (const block of SAMPLED_BLOCKS) {
    const sampled = sweep[block];
    if (isPlainObject(sampled) && isPlainObject(sampled['params']) && Object.keys(sampled['params']).length === 0) delete sweep[block];
  }
  return notices;
}

function valuesText(lists: unknown, axis: string): string {
  const values = isPlainObject(lists) ? lists[axis] : undefined;
  return Array.isArray(values) ? ` (${values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ')})` : '';
}
