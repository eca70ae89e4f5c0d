// Memory flat in simulated time (issue 17): a 90-day run peaks under 1.5 times the peak resident
// set of a 7-day run of the same world, each in a child process running the built CLI with
// `npm start`'s flags (bench/memory.ts). A ratio, never a time.
//
// The world is the baseline (200 providers, every agent and market of it, the security layer) with
// a quarter of its demand (10 jobs an hour) and a quarter of its stakers, so that the pair costs
// about 25 CPU s rather than 70: what grows in time grows with the jobs and the trades, which are
// still 21,600 over the 90 days, 13 times the 7-day run's.
//
// The children run with V8's --predictable-gc-schedule (a fixed heap growing factor). Under the
// default schedule the garbage V8 lets pile up depends on how fast it timed its own collections:
// the same pair measured 150 and 239 MB one time, 153 and 210 MB another (ratios 1.59 and 1.37),
// while the live heap, read after forced full collections every 10 simulated days, stayed at
// 25.0-25.4 MB. With the fixed schedule the pair measured 99 and 101 MB. The fixed schedule also
// fixes the semi-spaces at 4 MB, whatever the lab's flags ask (sim/runner/nodeFlags.ts): the lab's
// 128 MB young generation, a constant filled on the first day, would otherwise be most of either
// peak and hide growth behind it.
//
// What this bound can catch: state that grows by tens of MB over 90 days. Smaller per-job leaks do
// not reach it (users left in the ledgers, planted, moved the 90-day peak from 101 to 107 MB);
// the tests of each release guard those (test/world/pruning.test.ts, test/markets/tradeTape.test.ts).
import { describe, expect, it } from 'vitest';
import { cliBundleMissing, measureBaselineRun } from '../../bench/memory.js';

const SMALLER_WORLD = ['users.arrival.rate=10/h', 'stakers.count=250'];

describe('memory flat in simulated time', () => {
  it('a 90-day run peaks under 1.5 times a 7-day run of the same world', () => {
    const missing = cliBundleMissing();
    if (missing !== null) throw new Error(missing);
    const run = (days: number) => measureBaselineRun([`duration=${days}d`, ...SMALLER_WORLD], `the ${days}-day run`, { predictableGc: true });
    const week = run(7);
    const quarter = run(90);
    const mb = (kb: number) => (kb / 1024).toFixed(1);
    console.log(`memory budget: 7 days peak ${mb(week.peakRssKb)} MB (${week.events} events), 90 days peak ${mb(quarter.peakRssKb)} MB (${quarter.events} events)`);
    // The 90-day run did about 90/7 times the work: it really ran the longer horizon.
    expect(quarter.events).toBeGreaterThan(10 * week.events);
    expect(quarter.peakRssKb / week.peakRssKb).toBeLessThan(1.5);
  }, 300_000);
});
