// Reads one scenario file (YAML or JSON) into plain data, or says in one problem why it cannot.
import { readFileSync } from 'node:fs';
import { extname, isAbsolute, relative } from 'node:path';
import { LineCounter, parseDocument, type ScalarTag } from 'yaml';
import { documentLocator, firstDuplicateKey, textLocator, type Locator, type Position } from './locate.js';
import { isPlainObject, type PlainObject } from './paths.js';
import { describeValue, type ScenarioProblem } from './problems.js';

export type SourceResult = { ok: true; data: PlainObject; locate: Locator } | { ok: false; problem: ScenarioProblem };

/** Paths in problem lines: relative to the working directory when inside it. */
export function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

const SUPPORTED = new Set(['.yaml', '.yml', '.json']);

export function readSource(absolute: string): SourceResult {
  const file = displayPath(absolute);
  const fail = (expected: string, found: string, where: Partial<Position> & { path?: string } = {}): SourceResult => ({
    ok: false,
    problem: { file, path: where.path ?? '', expected, found, ...(where.line === undefined ? {} : { line: where.line, column: where.column }) },
  });
  if (!SUPPORTED.has(extname(absolute).toLowerCase())) {
    return fail('expected a .yaml, .yml or .json scenario file', JSON.stringify(extname(absolute) || 'no extension'));
  }
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const found = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : `an unreadable file (${code ?? 'error'})`;
    return fail('expected a readable scenario file', found);
  }
  const parsed = extname(absolute).toLowerCase() === '.json' ? parseJson(text) : parseYaml(text);
  if (!parsed.ok) return fail(`expected valid ${parsed.language}`, parsed.message, parsed.position ?? {});
  // An empty file (or one of comments only) is a scenario of defaults.
  const value = parsed.value ?? {};
  if (!isPlainObject(value)) return fail('expected a mapping of scenario fields', describeValue(value), { path: '(root)' });
  return { ok: true, data: value, locate: parsed.locate };
}

type Parsed =
  | { ok: true; value: unknown; locate: Locator }
  | { ok: false; language: string; position?: Position; message: string };

// YAML 1.2 reads 20_000_000 as a string; scenario files are full of such numbers, so digits
// grouped by thousands with underscores are numbers here (as in TypeScript and Solidity).
export const groupedNumber: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  test: /^[-+]?\d{1,3}(?:_\d{3})+(?:\.\d+)?$/,
  resolve: (text: string) => Number(text.replace(/_/g, '')),
};

function parseYaml(text: string): Parsed {
  // Duplicate keys are found by one walk below: the parser's own check compares every key of a
  // mapping with every other, quadratic in a file of many keys.
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, customTags: [groupedNumber], lineCounter: lines });
  // Later errors are usually echoes of the first; one line is the readable answer.
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const message = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, language: 'YAML', message, ...(pos ? { position: { line: pos.line, column: pos.col } } : {}) };
  }
  const duplicate = firstDuplicateKey(doc, lines);
  if (duplicate) return { ok: false, language: 'YAML', message: `the key ${JSON.stringify(duplicate.key)} twice in one mapping`, position: duplicate.position };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), locate: documentLocator(doc, lines) };
  } catch (error) {
    return { ok: false, language: 'YAML', message: (error as Error).message };
  }
}

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown, locate: textLocator(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (!position) return { ok: false, language: 'JSON', message };
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { ok: false, language: 'JSON', position: { line, column }, message: message.replace(/ in JSON at position \d+.*$/, '') };
  }
}
