#!/usr/bin/env node
// The installed command: runs the built CLI (npm run build writes dist/). The wall clock lives
// here, outside sim/, and only feeds the progress line's rate and time left.
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli.mjs';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => performance.now(),
  env: process.env,
});
