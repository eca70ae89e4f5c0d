// The layering DESIGN.md draws, held by the code: every import under sim/ points down the diagram
// (or stays in its layer), no files import each other in a cycle outside sim/contracts/, and
// sim/contracts/ imports nothing else. The checker itself is tested first, on small graphs where
// the answer is known, and on a planted upward import in a fixture tree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeProblem,
  importCycles,
  importSpecifiers,
  layerIndex,
  layerProblems,
  readImportGraph,
  readLayers,
  type ImportGraph,
} from './importGraph.js';

const CONTRACTS = 'sim/contracts/';

describe('the import checker', () => {
  it('reads every kind of import specifier, type-only and multi-line ones included', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from './cd.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './side-effect.js';",
      "const g = await import('./g.js');",
      "// import { h } from './not-an-import.js'",
      "const text = 'from \"./not-either.js\"';",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(['../b.js', './a.js', './cd.js', './e.js', './f.js', './g.js', './side-effect.js']);
  });

  it('places a file in the most specific layer: a folder or a single file', () => {
    const layers = ['sim/cli/', 'sim/models.ts', 'sim/markets/', 'sim/markets/deep/'];
    expect(layerIndex('sim/models.ts', layers)).toBe(1);
    expect(layerIndex('sim/markets/x.ts', layers)).toBe(2);
    expect(layerIndex('sim/markets/deep/y.ts', layers)).toBe(3);
    expect(layerIndex('sim/models/z.ts', layers)).toBe(-1);
  });

  // top -> middle -> bottom, plus an isolated layer at the bottom.
  const layers = ['sim/top/', 'sim/middle.ts', 'sim/bottom/', 'sim/pure/'];
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('accepts imports down the diagram and inside a layer', () => {
    const g = graph({
      'sim/top/a.ts': ['sim/middle.ts', 'sim/bottom/c.ts', 'sim/top/b.ts'],
      'sim/top/b.ts': [],
      'sim/middle.ts': ['sim/bottom/c.ts', 'sim/pure/p.ts'],
      'sim/bottom/c.ts': ['sim/pure/p.ts'],
      'sim/pure/p.ts': ['sim/pure/q.ts'],
      'sim/pure/q.ts': [],
    });
    expect(layerProblems(g, layers, ['sim/pure/'])).toEqual([]);
    expect(importCycles(g)).toEqual([]);
  });

  it('names an import up the diagram, an import out of an isolated layer, and a file of no layer', () => {
    const g = graph({
      'sim/bottom/c.ts': ['sim/middle.ts'],
      'sim/middle.ts': [],
      'sim/pure/p.ts': ['sim/bottom/c.ts'],
      'sim/stray.ts': [],
    });
    expect(layerProblems(g, layers, ['sim/pure/']).map(describeProblem)).toEqual([
      'sim/bottom/c.ts -> sim/middle.ts: points up the diagram, from sim/bottom/ to sim/middle.ts',
      'sim/pure/p.ts -> sim/bottom/c.ts: sim/pure/ imports nothing outside itself',
      'sim/stray.ts: belongs to no layer of the diagram',
    ]);
  });

  it('finds cycles, self-imports included, and skips the exempt folder', () => {
    const g = graph({
      'sim/top/a.ts': ['sim/top/b.ts'],
      'sim/top/b.ts': ['sim/top/c.ts'],
      'sim/top/c.ts': ['sim/top/a.ts', 'sim/top/d.ts'],
      'sim/top/d.ts': [],
      'sim/top/self.ts': ['sim/top/self.ts'],
      'sim/pure/p.ts': ['sim/pure/q.ts'],
      'sim/pure/q.ts': ['sim/pure/p.ts'],
    });
    expect(importCycles(g, ['sim/pure/'])).toEqual([['sim/top/a.ts', 'sim/top/b.ts', 'sim/top/c.ts'], ['sim/top/self.ts']]);
    expect(importCycles(g)).toContainEqual(['sim/pure/p.ts', 'sim/pure/q.ts']);
  });

  it('reads the layers from the code block of a design page', () => {
    const page = '# x\n\n## Layers (down only)\n\n```\nsim/cli/        the command line\n                continued\nsim/models.ts   the models\n```\n\n## Next\n\n```\nsim/not-a-layer/\n```\n';
    expect(readLayers(page)).toEqual(['sim/cli/', 'sim/models.ts']);
  });

  it('catches a planted upward import in a source tree on disk', () => {
    const planted = readImportGraph('test/fixtures/layers');
    expect(layerProblems(planted, ['sim/top/', 'sim/bottom/']).map(describeProblem)).toEqual([
      'sim/bottom/lower.ts -> sim/top/upper.ts: points up the diagram, from sim/bottom/ to sim/top/',
    ]);
  });
});

describe("sim/ keeps DESIGN.md's layers", () => {
  const layers = readLayers(readFileSync('DESIGN.md', 'utf8'));
  const graph = readImportGraph('.');

  it('has a diagram whose every place holds code', () => {
    expect(layers.length).toBeGreaterThanOrEqual(10);
    const empty = layers.filter((layer) => ![...graph.keys()].some((file) => layerIndex(file, [layer]) === 0));
    expect(empty, 'layers of the diagram with no file under sim/').toEqual([]);
  });

  it('has no import up the diagram, out of sim/contracts/, or from a file of no layer', () => {
    expect(layerProblems(graph, layers, [CONTRACTS]).map(describeProblem)).toEqual([]);
  });

  it('has no import cycle outside sim/contracts/', () => {
    expect(importCycles(graph, [CONTRACTS])).toEqual([]);
  });
});
