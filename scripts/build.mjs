// Bundles the TypeScript entry points to dist/*.mjs. Worker threads must start from built
// JavaScript (a tsx loader inherited by workers makes them 7-10x slower; see specs/stack.md),
// and one bundle per entry (plus the chunks the entries share) keeps worker start-up to a few file reads.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Bundle names are part of the interface: bin/depin-lab.mjs imports dist/cli.mjs, and the CLI finds
// the worker at dist/runner/worker.mjs.
const entries = [
  { in: 'sim/cli/main.ts', out: 'cli' },
  { in: 'sim/runner/worker.ts', out: 'runner/worker' },
  { in: 'sim/validation/reproduceMain.ts', out: 'validation/reproduceMain' },
];

const { metafile } = await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  // Each command's code goes to its own chunk, loaded when the command runs (sim/cli/commands.ts),
  // so `--help` and `run` do not load bullmq, ioredis, arquero, apache-arrow, vega or resvg. Chunks
  // sit beside the entries in dist/, so import.meta.url-relative paths (the worker, package.json)
  // resolve the same from a chunk as from dist/cli.mjs.
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
});

// Chunk names carry a content hash: remove the chunks of earlier builds, which nothing imports now.
const written = new Set(Object.keys(metafile.outputs).map((path) => path.replace(/^dist\//, '')));
for (const name of readdirSync('dist')) {
  if (/\.mjs(\.map)?$/.test(name) && !written.has(name)) rmSync(`dist/${name}`);
}
