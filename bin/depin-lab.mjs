#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=32
// The installed command: runs the built CLI (npm run build writes dist/). The wall clock lives
// here, outside sim/, and only feeds the progress line's rate and time left.
// One GC thread per isolate: a sweep's workers fill every core, and V8's parallel GC helpers only
// compete with them (sweeps of the shortened baseline ran 6% faster on 1 and on 2 workers).
// 32 MB semi-spaces (V8's default is 16): a run makes many objects that live for seconds of
// simulated time (events, receipts, bids), and a young generation twice the default lets them die
// there instead of being promoted. A 7-day baseline took 8.9 instead of 10.0 CPU s and peaked at
// 304 instead of 448 MB (medians of 3; 64 MB: 9.1 s, 373 MB; 128 MB: 9.9 s, 488 MB). The same
// size is in `npm start`, `npm run bench` and `npm run reproduce`, and in the workers (piscinaExecutor).
import { performance } from 'node:perf_hooks';
import { main } from '../dist/cli.mjs';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  now: () => performance.now(),
  env: process.env,
});
