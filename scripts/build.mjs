// Bundles the TypeScript entry points to dist/*.mjs. Worker threads must start from built
// JavaScript (a tsx loader inherited by workers makes them 7-10x slower; see specs/stack.md),
// and one bundle per entry keeps worker start-up to a single file read.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = ['sim/main.ts', 'sim/cli.ts', 'sim/runner/worker.ts'].filter((f) => existsSync(f));

await build({
  entryPoints: entries,
  outdir: 'dist',
  outbase: 'sim',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  logLevel: 'warning',
});
