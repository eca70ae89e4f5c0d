#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=128 --min-semi-space-size=128
// `npm run reproduce`: the validation table (dist/validation/reproduceMain.mjs, built by
// `npm run build`), with the wall clock for its progress line read here, outside sim/.
// The V8 flags are the lab's (sim/runner/nodeFlags.ts says why).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(root, 'dist', 'validation', 'reproduceMain.mjs');
if (!existsSync(bundle)) {
  process.stderr.write(`reproduce: not built yet (${bundle} is missing); run \`npm run build\` in ${root} first\n`);
  process.exit(2);
}
const { reproduceMain } = await import(bundle);
process.exitCode = await reproduceMain({
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => performance.now(),
  quiet: process.argv.includes('--quiet'),
});
