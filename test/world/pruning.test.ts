// The lease market lets go of closed deployments (pruneDeployment, contracts/leasing/akash.ts): the
// records the Akash keepers hold stay flat in simulated time, while conservation, checked at every
// block, still adds up with escrow's count of what the pruned accounts held.
import { beforeAll, describe, expect, it } from 'vitest';
import { InvariantChecker } from '../../sim/metrics/invariants.js';
import { Recorder } from '../../sim/metrics/recorder.js';
import { Funding } from '../../sim/world/funding.js';
import { registerLeaseWorld } from '../../sim/world/leaseMetrics.js';
import { LeaseWorld } from '../../sim/world/leaseWorld.js';
import { worldMetrics } from '../../sim/world/marketWorld.js';
import { createWorldContext, registerTokenConservation } from '../../sim/world/worldContext.js';
import { smallMarketSpec } from './smallMarket.js';

const DAY = 86_400;

function runLeaseWorld(days: number) {
  const spec = smallMarketSpec();
  const params = { ...(spec.params as unknown as Parameters<typeof createWorldContext>[0]), duration: days * DAY };
  const ctx = createWorldContext(params, spec.seed, 'heap');
  const funding = new Funding(ctx);
  const checker = new InvariantChecker({ mode: 'check', interval: 1 });
  registerTokenConservation(checker, ctx, funding);
  const world = new LeaseWorld(ctx, params, funding);
  checker.watch(ctx.chain);
  world.start();
  registerLeaseWorld(new Recorder(worldMetrics(params)), checker, ctx, world, params);
  ctx.kernel.run(params.duration);
  const { escrow } = world.market.akash;
  return {
    live: [...escrow.accounts()].length,
    pruned: escrow.pruned.accounts,
    deployments: world.market.prunedDeployments,
    // Every user ever funded, less those whose job is over and who left with what they had.
    ledgerEntries: ctx.tokens.usd.holders().size + ctx.tokens.native.holders().size + ctx.tokens.usd.storedAllowances,
    usersLeft: funding.withdrawnUsd > 0n && funding.withdrawnNative > 0n,
    jobs: world.jobs.arrived,
    report: checker.report(),
  };
}

describe('pruning closed deployments', () => {
  let one: ReturnType<typeof runLeaseWorld>;
  let four: ReturnType<typeof runLeaseWorld>;
  beforeAll(() => {
    one = runLeaseWorld(1);
    four = runLeaseWorld(4);
  }, 60_000);

  it('keeps the live escrow accounts flat from 1 to 4 days while accounts keep being created, and conservation holds', () => {
    // Four times the days create about four times the accounts: without pruning the live count
    // would grow by every account created after day 1. Those alive are the open jobs' and the last
    // hour's closed ones, a stationary count (81 to 147 at the ends of days 1 to 10 of this world).
    // A leak that kept even one account in 20 of those created after day 1 would add about 245
    // here, more than the stationary count ever moves.
    const createdAfterDayOne = four.live + four.pruned - (one.live + one.pruned);
    expect(createdAfterDayOne).toBeGreaterThan(2 * (one.live + one.pruned));
    expect(four.live - one.live).toBeLessThan(createdAfterDayOne / 20);
    expect(four.deployments).toBeGreaterThan(3 * one.deployments);
    for (const run of [one, four]) expect(run.report).toMatchObject({ violationCount: 0 });
    expect(four.report.checks).toBeGreaterThan(28_000);
  });

  it('keeps the ledgers flat from 1 to 4 days: users whose job is over leave with what they hold, and are forgotten', () => {
    expect(four.jobs).toBeGreaterThan(3 * one.jobs);
    // Without the users leaving, each would keep a USD and a gas balance and its approval of the
    // escrow module: entries growing with the jobs (at least 3 per job ever arrived). A leak of one
    // user in 20 of those who arrived after day 1 would add at least that many entries.
    expect(four.ledgerEntries - one.ledgerEntries).toBeLessThan((four.jobs - one.jobs) / 20);
    expect(four.ledgerEntries).toBeLessThan(four.jobs);
    expect(four.usersLeft).toBe(true);
    for (const run of [one, four]) expect(run.report).toMatchObject({ violationCount: 0 });
  });
});
