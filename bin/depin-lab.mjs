#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=128 --min-semi-space-size=128
// The installed command: runs the built CLI (npm run build writes dist/). The wall clock and the
// lab's git commit live here, outside sim/: the clock only feeds the progress line's rate and time
// left, the commit only the record of how results were made.
// The V8 flags in the line above are the lab's for every run; sim/runner/nodeFlags.ts declares them
// and says why each is there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'dist', 'cli.mjs');

if (!existsSync(cli)) {
  // Straight after `npm ci` nothing is built: say how, rather than die on a missing module.
  process.stderr.write(`depin-lab: the command line is not built yet (${cli} is missing); run \`npm run build\` in ${root} first\n`);
  process.exit(2);
}

/** The checkout's commit, "+dirty" when it has uncommitted changes; undefined outside a git checkout. */
function gitCommit() {
  try {
    const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}+dirty`;
  } catch {
    return undefined;
  }
}

const { main } = await import(cli);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => performance.now(),
  env: process.env,
  commit: gitCommit,
});
