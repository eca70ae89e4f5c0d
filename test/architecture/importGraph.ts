// The import graph of sim/ and the two rules DESIGN.md's layer diagram sets for it: every import
// points down the diagram (or stays inside its layer), and no files import each other in a cycle,
// except inside sim/contracts/, whose modules mirror the originals' contracts. The diagram is read
// from DESIGN.md itself, so the test and the page cannot drift apart.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Files (paths relative to the repository, with '/') and the sim/ files each one imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** One place of the diagram: a folder (`sim/markets/`) or a single file (`sim/units.ts`). */
export type Layer = string;

/** Every static, re-exporting, side-effect and dynamic import specifier in a TypeScript source. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The graph of every .ts file under `simDir`, relative imports resolved ('.js' names the '.ts' source). */
export function readImportGraph(root: string, simDir = 'sim'): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(join(root, simDir)).sort()) {
    const from = relative(root, file).split('\\').join('/');
    const targets = importSpecifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(root, resolve(dirname(file), s)).split('\\').join('/').replace(/\.js$/, '.ts'));
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

/** The layers of the diagram in DESIGN.md's "Layers" section, top first: the first word of each line of its code block. */
export function readLayers(designMarkdown: string): Layer[] {
  const section = designMarkdown.split(/^## /m).find((s) => s.startsWith('Layers'));
  const block = section?.match(/```[^\n]*\n([\s\S]*?)```/);
  if (!block) throw new Error('DESIGN.md has no code block under "## Layers"');
  return block[1]!
    .split('\n')
    .map((line) => line.match(/^(sim\/\S+)/)?.[1])
    .filter((layer): layer is string => layer !== undefined);
}

/** The index of the layer a file belongs to (the most specific match), or -1. */
export function layerIndex(file: string, layers: readonly Layer[]): number {
  let best = -1;
  layers.forEach((layer, index) => {
    const matches = layer.endsWith('/') ? file.startsWith(layer) : file === layer;
    if (matches && (best === -1 || layer.length > layers[best]!.length)) best = index;
  });
  return best;
}

export interface Problem {
  readonly from: string;
  readonly to?: string;
  readonly reason: string;
}

/**
 * Imports that point up the diagram, files that belong to no layer, and imports out of the
 * `isolated` layers (which may import only themselves: the ported contracts).
 */
export function layerProblems(graph: ImportGraph, layers: readonly Layer[], isolated: readonly Layer[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const [from, targets] of graph) {
    const fromIndex = layerIndex(from, layers);
    if (fromIndex === -1) {
      problems.push({ from, reason: 'belongs to no layer of the diagram' });
      continue;
    }
    for (const to of targets) {
      if (!graph.has(to)) continue; // outside sim/ (a test helper or a missing file: the compiler speaks for those)
      const toIndex = layerIndex(to, layers);
      const fromLayer = layers[fromIndex]!;
      if (isolated.includes(fromLayer) && toIndex !== fromIndex) {
        problems.push({ from, to, reason: `${fromLayer} imports nothing outside itself` });
      } else if (toIndex !== -1 && toIndex < fromIndex) {
        problems.push({ from, to, reason: `points up the diagram, from ${fromLayer} to ${layers[toIndex]}` });
      }
    }
  }
  return problems;
}

/** Cycles of files importing each other (strongly connected components of two or more, or a self-import), ignoring files under `exempt`. */
export function importCycles(graph: ImportGraph, exempt: readonly string[] = []): string[][] {
  const inScope = (file: string) => graph.has(file) && !exempt.some((prefix) => file.startsWith(prefix));
  // Tarjan's algorithm, iteration order fixed by the graph's so that a failure reads the same every time.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const to of graph.get(file) ?? []) {
      if (!inScope(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (inScope(file) && !index.has(file)) visit(file);
  return cycles;
}

export function describeProblem(p: Problem): string {
  return p.to === undefined ? `${p.from}: ${p.reason}` : `${p.from} -> ${p.to}: ${p.reason}`;
}

