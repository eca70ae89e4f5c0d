// Bundles the TypeScript entry points to dist/*.mjs. Worker threads must start from built
// JavaScript (a tsx loader inherited by workers makes them 7-10x slower; see specs/stack.md),
// and one bundle per entry keeps worker start-up to a single file read.
import { build } from 'esbuild';

const entries = ['sim/cli.ts', 'sim/runner/worker.ts', 'sim/validation/reproduceMain.ts'];

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
