// Where a field path sits in a scenario file, as line and column, so that a problem line points at
// the text to fix. The file's YAML document (JSON is parsed the same way, for positions only) is
// walked along the path; a path that goes further than the file (a missing field, a rule about a
// whole section) points at the deepest part of it the file has. Each mapping is indexed once, so
// locating every problem of a file is linear in its size.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Path } from './paths.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The position of a field path in one file, or undefined when the file has none of it. */
export type Locator = (path: Path) => Position | undefined;

/** Keys of a mapping as written ("market.postedPrice.step" stays one key: the loader expands it). */
function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

export function documentLocator(doc: Document, lines: LineCounter): Locator {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const indexOf = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) {
        const text = keyText(pair);
        if (text !== undefined && !index.has(text)) index.set(text, pair);
      }
      indexes.set(map, index);
    }
    return index;
  };
  const at = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return (path) => {
    let node: unknown = doc.contents;
    let found: Position | undefined;
    for (let i = 0; i < path.length; i += 1) {
      if (isMap(node)) {
        const index = indexOf(node);
        // A dotted key stands for several segments: try the longest join first.
        let pair: Pair | undefined;
        let last = i;
        for (let j = path.length; j > i && pair === undefined; j -= 1) {
          pair = index.get(path.slice(i, j).join('.'));
          if (pair !== undefined) last = j - 1;
        }
        if (pair === undefined) return found;
        found = at((pair.key as Node | null)?.range?.[0]) ?? found;
        node = pair.value;
        i = last;
      } else if (isSeq(node)) {
        const item = node.items[Number(path[i])];
        if (item === undefined) return found;
        found = at((item as Node).range?.[0]) ?? found;
        node = item;
      } else {
        return found;
      }
    }
    return found;
  };
}

/** A locator for the text of a JSON file (built when a problem needs it: JSON.parse keeps no positions). */
export function textLocator(text: string): Locator {
  let locate: Locator | undefined;
  return (path) => {
    if (locate === undefined) {
      const lines = new LineCounter();
      locate = documentLocator(parseDocument(text, { lineCounter: lines, uniqueKeys: false }), lines);
    }
    return locate(path);
  };
}

/** The first key written twice in one mapping, anywhere in the document: linear, unlike the parser's own check. */
export function firstDuplicateKey(doc: Document, lines: LineCounter): { key: string; position: Position } | undefined {
  const pending: unknown[] = [doc.contents];
  let first: { key: string; offset: number } | undefined;
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const text = keyText(pair);
        const offset = (pair.key as Node | null)?.range?.[0];
        if (text !== undefined && seen.has(text) && offset !== undefined && (first === undefined || offset < first.offset)) first = { key: text, offset };
        if (text !== undefined) seen.add(text);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
  if (first === undefined) return undefined;
  const { line, col } = lines.linePos(first.offset);
  return { key: first.key, position: { line, column: col } };
}
