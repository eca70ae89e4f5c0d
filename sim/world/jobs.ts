// How well users are served, whatever the market: every job's report lands here, and the recorder
// reads the running totals (never a scan over all jobs). Prices are the market's trades, recorded
// when each purchase is made (sim/world/tradeMetrics.ts), not here when jobs finish.
import { Demand } from '../agents/demand.js';
import type { Job, JobReport } from '../agents/job.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import { FRACTION, nonNegative, series, summary, type MetricDeclaration } from '../metrics/catalog.js';
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
 * money, and started. A user reports its job once, when it is over and it has nothing left on
 * chain (its deployment closed, its intent expired or its compute ended); it then leaves the model
 * with what it has left (funding.withdrawAll), so that users do not pile up in the ledgers.
 */
export function startDemand(
  ctx: MarketContext,
  params: WorldParams,
  jobs: JobLedger,
  funding: Funding,
  newUser: (job: Job, report: (r: JobReport) => void) => { readonly user: JobUser; readonly usd: bigint },
): void {
  new Demand(ctx, { ...params.users, gpuTypes: params.providers.gpuTypes }).start((job) => {
    jobs.arrived++;
    const { user, usd } = newUser(job, (report) => {
      jobs.record(report);
      funding.withdrawAll(user.address);
    });
    funding.fund(user.address, { usd, native: GAS_ALLOWANCE });
    user.start();
  });
}

export const JOB_METRICS: readonly MetricDeclaration[] = [
  series('jobs_completed', 'users', nonNegative('jobs'), ['last'], 'jobs that ran to completion'),
  series('jobs_unserved', 'users', nonNegative('jobs'), ['last'], 'jobs whose user gave up before they ran'),
  series('sla_breaches', 'users', nonNegative('breaches'), ['last'], 'unserved jobs plus interruptions: running jobs cut short, and purchases lost before the job started on them'),
  summary('jobs_arrived', 'users', nonNegative('jobs'), 'jobs that arrived'),
  summary('fill_rate', 'users', FRACTION, 'share of finished jobs that completed'),
  summary('wait_mean_s', 'users', nonNegative('s'), 'mean wait from arrival to first start, over the jobs that started'),
];

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
    recorder.series('jobs_completed', () => this.completed);
    recorder.series('jobs_unserved', () => this.unserved);
    recorder.series('sla_breaches', () => this.unserved + this.interruptions);
    recorder.summary('jobs_arrived', () => this.arrived);
    // Means over no job have no value in the run: null, which reports explain, never NaN.
    recorder.summary('fill_rate', () => {
      const finished = this.completed + this.unserved + this.failed;
      return finished === 0 ? null : this.completed / finished;
    });
    recorder.summary('wait_mean_s', () => (this.started === 0 ? null : this.waitSum / this.started));
  }
}
