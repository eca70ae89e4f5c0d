// The V8 flags every run of the lab is made with: `npm start`, `npm run bench`, `npm run reproduce`,
// the shebangs of bin/depin-lab.mjs and bin/reproduce.mjs (which cannot import this file, so
// test/cli/nodeFlags.test.ts holds them to it), the bench's child processes, and the sweep's
// workers (piscinaExecutor sizes their young generation from SEMI_SPACE_MB; V8 flags are global to
// the process, so the workers of a process started with these flags get them too).
//
// - One GC thread per isolate (--single-threaded-gc): a sweep's workers fill every core, and V8's
//   parallel GC helpers only compete with them (sweeps of the shortened baseline ran 6% faster on 1
//   and on 2 workers).
// - 128 MB semi-spaces from the start (--max-semi-space-size and --min-semi-space-size; V8's default
//   starts at 1 MB and grows to 16). A run makes many objects that live for a few simulated
//   seconds to minutes (events, transactions, receipts, escrow records), far more than it keeps:
//   the month's live heap is 16 MB at its end. A young generation that holds them until they die
//   copies far less. The baseline month, alternated on one machine (user CPU s, sums of 3): 12.60
//   at 128 MB against 14.68 at the 32 MB used before; scavenges 17 instead of 84, 142 instead of
//   524 ms. 64 MB (with the same minimum) gave 19.28 against 20.36 (4 runs), 192 and 256 MB no
//   more than 128. The minimum matters: a 128 MB maximum alone took 15.17 against 12.86 with it
//   (3 runs), and a 64 MB maximum alone 20.28 against 20.36 at 32 MB (4 runs). The cost is memory:
//   the month peaks at 344 MB instead of 255, and a 7-day run at 342 instead of 182, because the
//   young generation is a constant that a run fills within its first simulated day.
export const SEMI_SPACE_MB = 128;

export const NODE_FLAGS: readonly string[] = [
  '--single-threaded-gc',
  `--max-semi-space-size=${SEMI_SPACE_MB}`,
  `--min-semi-space-size=${SEMI_SPACE_MB}`,
];
