// Bundles the TypeScript entry points to dist/*.mjs. Worker threads must start from built
// JavaScript (a tsx loader inherited by workers makes them 7-10x slower; see specs/stack.md),
// and one bundle per entry keeps worker start-up to a single file read.
import { build } from 'esbuild';

// Bundle names are part of the interface: bin/depin-lab.mjs imports dist/cli.mjs, and the CLI finds
// the worker at dist/runner/worker.mjs.
const entries = [
  { in: 'sim/cli/main.ts', out: 'cli' },
  { in: 'sim/runner/worker.ts', out: 'runner/worker' },
  { in: 'sim/validation/reproduceMain.ts', out: 'validation/reproduceMain' },
];

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  logLevel: 'warning',
});
