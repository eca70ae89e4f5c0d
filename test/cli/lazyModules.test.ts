// The command line loads each command's modules when the command runs (sim/cli/commands.ts,
// scripts/build.mjs splits the bundle): `--help` must not load the heavy libraries, and `run`
// needs none of them, nor the worker pool (piscina: a run is inline). Read from the built bundle: the packages a file imports statically,
// following the chunks it imports statically, but not the dynamic import() of a command's chunk.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';

const HEAVY = ['bullmq', 'ioredis', 'arquero', 'apache-arrow', 'vega', 'vega-lite', '@resvg/resvg-js', 'piscina'];

function staticPackages(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)) {
    const spec = (m[1] ?? m[2])!;
    if (spec.startsWith('.')) staticPackages(join(dirname(file), spec), seen, packages);
    else packages.add(spec);
  }
  return packages;
}

/** The chunk `dist/cli.mjs` imports dynamically for a command, by the command file's name. */
function commandChunk(command: string): string {
  const text = readFileSync('dist/cli.mjs', 'utf8');
  const match = new RegExp(`import\\(\\s*["']\\./(${command}-[A-Z0-9]+\\.mjs)["']\\s*\\)`).exec(text);
  if (match === null) throw new Error(`dist/cli.mjs imports no chunk for the ${command} command`);
  return join('dist', match[1]!);
}

const heavyIn = (file: string): string[] => HEAVY.filter((p) => staticPackages(file).has(p));

describe('lazy command modules', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('--help (dist/cli.mjs alone) loads none of the heavy libraries', () => {
    expect(heavyIn('dist/cli.mjs')).toEqual([]);
  });

  it('run loads none of them; sweep only the Arrow writer; report and worker what they use', () => {
    expect(heavyIn(commandChunk('run'))).toEqual([]);
    expect(heavyIn(commandChunk('sweep'))).toEqual(['apache-arrow']);
    expect(heavyIn(commandChunk('worker'))).toEqual(expect.arrayContaining(['bullmq', 'ioredis']));
    expect(heavyIn(commandChunk('report'))).toEqual(expect.arrayContaining(['arquero', 'vega', '@resvg/resvg-js']));
  });
});
