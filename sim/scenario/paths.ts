// Dotted paths ("providers.count", "providers.gpuTypes.0.share") into plain scenario data.

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

// Under these sections the keys are themselves dotted parameter paths, so everything after the
// section is one key: "sweep.grid.providers.count" names the grid axis "providers.count".
const PATH_KEYED_SECTIONS: readonly Path[] = [
  ['sweep', 'grid'],
  ['sweep', 'zip'],
  ['sweep', 'random', 'params'],
  ['sweep', 'lhs', 'params'],
  ['sensitivity', 'parameters'],
  ['optimize', 'parameters'],
];

/**
 * Splits a dotted path; returns undefined for an empty segment ("a..b", ".a", "a.") and for
 * "__proto__", which would write into Object.prototype rather than a field.
 */
export function parsePath(dotted: string): string[] | undefined {
  const parts = dotted.split('.');
  if (parts.some((part) => part.trim() === '' || part === '__proto__')) return undefined;
  for (const section of PATH_KEYED_SECTIONS) {
    if (parts.length > section.length && section.every((segment, i) => parts[i] === segment)) {
      return [...(section as string[]), parts.slice(section.length).join('.')];
    }
  }
  return parts;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** ["sweep", "grid", "providers.count", 2] -> sweep.grid["providers.count"][2]; [] -> (root). */
export function formatPath(path: Path): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!IDENTIFIER.test(segment)) return `[${JSON.stringify(segment)}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join('');
}

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isPlainObject(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/**
 * Sets `value` at `path`, creating objects on the way. Returns the prefix at which a non-object
 * blocks the way (e.g. a number where an object should be), or undefined on success.
 */
export function setAt(root: PlainObject, path: readonly string[], value: unknown): readonly string[] | undefined {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i += 1) {
    const segment = path[i] as string;
    const container = node as PlainObject | unknown[];
    let child = Array.isArray(container) ? container[Number(segment)] : container[segment];
    if (child === undefined) {
      child = {};
      if (Array.isArray(container)) return path.slice(0, i + 1);
      container[segment] = child;
    }
    if (!isPlainObject(child) && !Array.isArray(child)) return path.slice(0, i + 1);
    node = child;
  }
  const last = path[path.length - 1] as string;
  if (Array.isArray(node)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index > node.length) return path;
    node[index] = value;
  } else {
    (node as PlainObject)[last] = value;
  }
  return undefined;
}

/** Nested parameters as dotted paths to leaf values (arrays count as leaves). */
export function flattenParams(params: Readonly<Record<string, unknown>>, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(params)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value)) {
      for (const [inner, leaf] of flattenParams(value, path)) flat.set(inner, leaf);
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

/** A deep copy of plain data (objects, arrays, scalars). */
export function clonePlain<T>(value: T): T {
  return structuredClone(value);
}
