// Resolves a scenario file with its `extends` chain into one plain object: the parent first, then
// the file's own values merged over it (mappings merge key by key; lists, scalars and the blocks
// of a sweep replace).
// A top-level key with dots ("market.postedPrice.step: 0.2") sets that one nested field, which
// keeps a governance proposal to a few lines.
import { dirname, resolve } from 'node:path';
import { clonePlain, isPlainObject, parsePath, setAt, type PlainObject } from './paths.js';
import type { ScenarioProblem } from './problems.js';
import type { Locator } from './locate.js';
import { Provenance } from './provenance.js';
import { displayPath, readSource } from './sourceFile.js';

export interface Composed {
  data: PlainObject;
  provenance: Provenance;
  /** The root file's own fields, before anything was inherited. */
  own: PlainObject;
}

export type ComposeResult = { ok: true; composed: Composed } | { ok: false; problems: ScenarioProblem[] };

export function compose(absolute: string): ComposeResult {
  const provenance = new Provenance(displayPath(absolute));
  const problems: ScenarioProblem[] = [];
  const result = composeFile(absolute, [], provenance, problems);
  if (!result || problems.length > 0) return { ok: false, problems };
  return { ok: true, composed: { data: result.data, provenance, own: result.own } };
}

function composeFile(
  absolute: string,
  chain: readonly string[],
  provenance: Provenance,
  problems: ScenarioProblem[],
): { data: PlainObject; own: PlainObject } | undefined {
  const file = displayPath(absolute);
  const source = readSource(absolute);
  if (!source.ok) {
    problems.push(source.problem);
    return undefined;
  }
  provenance.addLocator(file, source.locate);
  const atExtends = source.locate(['extends']) ?? {};
  const own = expandDottedKeys(source.data, file, problems, source.locate);
  const parentRef = own['extends'];
  delete own['extends'];
  let data: PlainObject = {};
  if (parentRef !== undefined) {
    if (typeof parentRef !== 'string' || parentRef.trim() === '') {
      problems.push({ file, ...atExtends, path: 'extends', expected: 'expected a path to a scenario file', found: JSON.stringify(parentRef) ?? 'nothing' });
      return undefined;
    }
    const parent = resolve(dirname(absolute), parentRef);
    const seen = [...chain, absolute];
    if (seen.includes(parent)) {
      const cycle = [...seen.slice(seen.indexOf(parent)), parent].map(displayPath).join(' -> ');
      problems.push({ file, ...atExtends, path: 'extends', expected: 'expected a chain of files without a cycle', found: cycle });
      return undefined;
    }
    const inherited = composeFile(parent, seen, provenance, problems);
    if (!inherited) {
      // A parent that cannot be read is reported where it is named, in this file's `extends`.
      const last = problems[problems.length - 1];
      if (last && last.file === displayPath(parent) && last.path === '' && last.line === undefined) {
        problems.pop();
        problems.push({ file, ...atExtends, path: 'extends', expected: 'expected an existing scenario file', found: `${JSON.stringify(parentRef)} (${last.found})` });
      }
      return undefined;
    }
    data = inherited.data;
  }
  mergeInto(data, own, [], file, provenance);
  return { data, own };
}

function expandDottedKeys(data: PlainObject, file: string, problems: ScenarioProblem[], locate: Locator): PlainObject {
  const result: PlainObject = {};
  const dotted = Object.keys(data).filter((key) => key.includes('.'));
  for (const [key, value] of Object.entries(data)) if (!key.includes('.')) result[key] = value;
  for (const key of dotted) {
    const path = parsePath(key);
    const blocked = path ? setAt(result, path, data[key]) : [key];
    if (blocked) {
      problems.push({
        file,
        ...locate([key]),
        path: key,
        expected: 'expected a dotted path through mappings',
        found: path ? `a value that is not a mapping at ${blocked.join('.')}` : 'an empty path segment',
      });
    }
  }
  return result;
}

// A study that declares its own grid means that grid, not the baseline's axes plus its own.
const REPLACED_WHOLE = new Set(['sweep.grid', 'sweep.zip', 'sweep.random', 'sweep.lhs']);

export function mergeInto(target: PlainObject, source: PlainObject, at: string[], file: string, provenance: Provenance): void {
  for (const [key, value] of Object.entries(source)) {
    const path = [...at, key];
    const existing = target[key];
    if (isPlainObject(existing) && isPlainObject(value) && !REPLACED_WHOLE.has(path.join('.'))) {
      mergeInto(existing, value, path, file, provenance);
    } else {
      target[key] = clonePlain(value);
      provenance.record(path, file);
    }
  }
}
