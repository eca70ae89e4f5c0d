// Every way a scenario can be wrong becomes a ScenarioProblem, printed as one readable line:
//   scenarios/x.yaml: providers.cuont: unknown key (expected one of count, gpus, ...), found "cuont" — did you mean "count"?
import type { z } from 'zod';
import { isIntegerAt, knownKeysAt } from './introspect.js';
import { formatPath, getAt, isPlainObject, type Path } from './paths.js';
import type { ExpectedParams } from './sections/rules.js';
import type { Where } from './provenance.js';
import { closest } from './suggest.js';

export interface ScenarioProblem {
  /** The file the offending value came from ("command line" for an override). */
  file: string;
  /** Where in the file, when the file has the field (or the part of it nearest the problem). */
  line?: number;
  column?: number;
  /** Dotted field path, e.g. providers.count or sweep.grid["users.arrival.rate"][1]; empty for a file that does not parse. */
  path: string;
  /** What the field should have been, phrased to follow the path ("expected a number >= 1", "unknown key (...)"). */
  expected: string;
  /** What the file has there. */
  found: string;
  /** The nearest valid key or value, for a likely typo. */
  suggestion?: string;
}

export function formatProblem(p: ScenarioProblem): string {
  const hint = p.suggestion === undefined ? '' : ` — did you mean "${p.suggestion}"?`;
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.path === '' ? '' : `${p.path}: `}${p.expected}, found ${p.found}${hint}`;
}

const MAX_SHOWN = 40;
const MAX_LISTED_KEYS = 8;

/** A value as it reads in a problem line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value);
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
};

export function listWords(words: readonly string[]): string {
  const shown = words.slice(0, MAX_LISTED_KEYS).join(', ');
  return words.length > MAX_LISTED_KEYS ? `${shown}, ...` : shown;
}

function bound(
  issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string },
  side: 'min' | 'max',
  integer: boolean,
): string {
  const limit = String(side === 'min' ? issue.minimum : issue.maximum);
  if (issue.origin === 'array') return side === 'min' ? `a list of at least ${limit} item(s)` : `a list of at most ${limit} item(s)`;
  if (issue.origin === 'string') return side === 'min' ? `a string of at least ${limit} character(s)` : `a string of at most ${limit} character(s)`;
  const op = side === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `${integer ? 'an integer' : 'a number'} ${op} ${limit}`;
}

function enumProblem(values: readonly unknown[], found: unknown): { expected: string; suggestion?: string } {
  const words = values.filter((v) => v !== undefined && v !== null).map(String);
  const suggestion = typeof found === 'string' ? closest(found, words) : undefined;
  return { expected: `expected one of ${words.join(', ')}`, ...(suggestion ? { suggestion } : {}) };
}

type Issue = z.core.$ZodIssue;

const ZOD_UNION_DEFAULT_MESSAGE = 'Invalid input';

/**
 * zod's own messages ("Too small: expected number to be >=1") start with a capital; the field
 * builders' own ("a duration of at least 1s", sections/fields.ts) read after "expected".
 */
function ownMessage(issue: Issue): string | undefined {
  return /^(a|an) /.test(issue.message) ? issue.message : undefined;
}

/** `integer`: the field takes whole numbers only, which zod's issue does not say. */
function expectation(issue: Issue, found: unknown, integer = false): { expected: string; found?: string; suggestion?: string } {
  const own = issue.code === 'custom' ? undefined : ownMessage(issue);
  if (own !== undefined) return { expected: `expected ${own}` };
  switch (issue.code) {
    case 'invalid_type': {
      const type = integer && issue.expected === 'number' ? 'int' : issue.expected;
      return { expected: `expected ${TYPE_NAMES[type] ?? type}` };
    }
    case 'too_small':
      return { expected: `expected ${bound(issue, 'min', integer)}` };
    case 'too_big':
      return { expected: `expected ${bound(issue, 'max', integer)}` };
    case 'invalid_value':
      return enumProblem(issue.values, found);
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return enumProblem(options, found);
      // A union with its own message (unit fields) states the expectation; zod's default does not.
      if (issue.message !== ZOD_UNION_DEFAULT_MESSAGE) return { expected: `expected ${issue.message}` };
      const branches = issue.errors.map((branch) => branch[0]).filter((first): first is Issue => first !== undefined);
      const types = [...new Set(branches.map((first) => expectation(first, found).expected.replace(/^expected /, '')))];
      return { expected: `expected ${types.join(' or ')}` };
    }
    case 'invalid_format':
      return { expected: `expected ${issue.message}` };
    case 'custom': {
      const params = issue.params as Partial<ExpectedParams> | undefined;
      if (!params?.expected) return { expected: `expected ${issue.message}` };
      return {
        expected: `expected ${params.expected}`,
        ...(params.found ? { found: params.found } : {}),
        ...(params.suggestion ? { suggestion: params.suggestion } : {}),
      };
    }
    default:
      return { expected: `expected ${issue.message}` };
  }
}

/**
 * One issue per field: zod keeps checking a value after its first failure (an empty list also
 * fails the shares-sum check), and the later issues only echo the first.
 */
function firstPerField(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    if (issue.code === 'unrecognized_keys') return true;
    const key = formatPath(issue.path as Path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Where a problem is reported: the file that set the value (or its nearest enclosing value), and
 * the line and column of that value in it.
 */
export type WhereOf = (path: Path) => Where;

/** Turns zod issues into problems; `data` is the input that was validated (for what was found). */
export function problemsFromIssues(issues: readonly Issue[], schema: z.ZodType, data: unknown, whereOf: WhereOf): ScenarioProblem[] {
  return firstPerField(issues).flatMap((issue): ScenarioProblem[] => {
    const path = issue.path as Path;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, data, path) ?? [];
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return {
          ...whereOf([...path, key]),
          path: formatPath([...path, key]),
          expected: `unknown key (expected one of ${listWords(known)})`,
          found: JSON.stringify(key),
          ...(suggestion ? { suggestion } : {}),
        };
      });
    }
    const found = getAt(data, path);
    const { expected, found: foundText, suggestion } = expectation(issue, found, isIntegerAt(schema, data, path));
    return [
      {
        ...whereOf(path),
        path: formatPath(path),
        expected,
        found: foundText ?? describeValue(found),
        ...(suggestion ? { suggestion } : {}),
      },
    ];
  });
}
