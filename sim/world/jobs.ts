// How well users are served, whatever the market: every job's report lands here, and the recorder
// reads the running totals (never a scan over all jobs). Prices are the market's trades, recorded
// when each purchase is made (sim/world/tradeMetrics.ts), not here when jobs finish.
import { Demand } from '../agents/demand.js';
import type { Job, JobReport } from '../agents/job.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import type { WorldParams } from './params.js';

/** A user with one job, whatever the market: it is funded from outside the model, then started. */
export interface JobUser {
  readonly address: Address;
  start(): void;
}

/**
 * Starts the world's demand: each arriving job becomes a user that is counted, given `usd` and gas
 * money, and started.
 */
export function startDemand(
  ctx: MarketContext,
  params: WorldParams,
  jobs: JobLedger,
  funding: Funding,
  newUser: (job: Job) => { readonly user: JobUser; readonly usd: bigint },
): void {
  new Demand(ctx, { ...params.users, gpuTypes: params.providers.gpuTypes }).start((job) => {
    jobs.arrived++;
    const { user, usd } = newUser(job);
    funding.fund(user.address, { usd, native: GAS_ALLOWANCE });
    user.start();
  });
}

export class JobLedger {
  arrived = 0;
  completed = 0;
  unserved = 0;
  failed = 0;
  interruptions = 0;
  started = 0;
  waitSum = 0;

  readonly record = (report: JobReport): void => {
    this[report.outcome]++;
    this.interruptions += report.interruptions;
    if (Number.isFinite(report.wait)) {
      this.started++;
      this.waitSum += report.wait;
    }
  };

  register(recorder: Recorder, _checker: InvariantChecker): void {
    recorder.series('jobs_completed', () => this.completed, { summaries: ['last'] });
    recorder.series('jobs_unserved', () => this.unserved, { summaries: ['last'] });
    recorder.series('sla_breaches', () => this.unserved + this.interruptions, { summaries: ['last'] });
    recorder.summary('jobs_arrived', () => this.arrived);
    // Means over no job have no value in the run: null, which reports explain, never NaN.
    recorder.summary('fill_rate', () => {
      const finished = this.completed + this.unserved + this.failed;
      return finished === 0 ? null : this.completed / finished;
    });
    recorder.summary('wait_mean_s', () => (this.started === 0 ? null : this.waitSum / this.started));
  }
}
