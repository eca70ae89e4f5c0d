// Where users come from: an arrival process and the draw of each job (GPU model and count, duration,
// willingness to pay, patience). The same demand feeds whichever market the scenario chooses.
import type { RandomStream } from '../engine/random.js';
import type { MarketContext } from '../markets/context.js';
import type { Job } from './job.js';

const DAY = 86_400;

export interface DemandParams {
  readonly arrival: { readonly process: 'poisson' | 'diurnal'; readonly rate: number; readonly amplitude: number };
  readonly job: {
    readonly gpus: { readonly min: number; readonly max: number };
    readonly meanDuration: number;
    readonly durationDistribution: 'exponential' | 'lognormal';
    readonly durationSigma: number;
  };
  readonly budget: { readonly meanPerGpuHour: number; readonly cv: number };
  readonly latency: { readonly sla: number; readonly sensitiveShare: number; readonly premium: number };
  /** GPU models users ask for, with the share of demand and the providers' mean cost of each. */
  readonly gpuTypes: readonly { readonly name: string; readonly share: number; readonly costPerGpuHour: number }[];
}

/** The providers' mean cost per GPU-hour, weighted by the models' shares: the yardstick of prices and willingness to pay. */
export function meanGpuCost(types: DemandParams['gpuTypes']): number {
  return types.reduce((sum, t) => sum + t.share * t.costPerGpuHour, 0);
}

export class Demand {
  readonly #ctx: MarketContext;
  readonly #params: DemandParams;
  readonly #arrivals: RandomStream;
  readonly #jobs: RandomStream;
  /** Mean provider cost across models, weighted by share: the yardstick of willingness to pay. */
  readonly #meanCost: number;
  /** The models' shares, the weights of each job's draw of its model (fixed for the run). */
  readonly #shares: readonly number[];
  #next = 0;

  constructor(ctx: MarketContext, params: DemandParams) {
    this.#ctx = ctx;
    this.#params = params;
    this.#arrivals = ctx.rng.get('demand/arrivals');
    this.#jobs = ctx.rng.get('demand/jobs');
    this.#meanCost = meanGpuCost(params.gpuTypes);
    this.#shares = params.gpuTypes.map((t) => t.share);
  }

  /** Starts the arrival process; each arriving job is handed to `onJob` at its arrival time. */
  start(onJob: (job: Job) => void): void {
    const { rate, process, amplitude } = this.#params.arrival;
    if (!(rate > 0)) return;
    // The diurnal process is a Poisson process thinned from the peak rate (Lewis and Shedler).
    const peak = process === 'diurnal' ? rate * (1 + amplitude) : rate;
    const next = (): void => {
      // At a rate so small that the gap overflows a double, the next arrival never comes.
      const gap = this.#arrivals.exponential(peak);
      if (Number.isFinite(gap)) this.#ctx.kernel.schedule(gap, arrive);
    };
    const arrive = (): void => {
      const now = this.#ctx.kernel.now();
      const keep = process === 'poisson' || this.#arrivals.next() * peak < rate * (1 + amplitude * Math.sin((2 * Math.PI * now) / DAY));
      if (keep) onJob(this.#drawJob());
      next();
    };
    next();
  }

  #drawJob(): Job {
    const { job, budget, latency, gpuTypes } = this.#params;
    const rng = this.#jobs;
    const type = gpuTypes[rng.weightedChoice(this.#shares)]!;
    const gpus = job.gpus.min + Math.floor(rng.next() * (job.gpus.max - job.gpus.min + 1));
    const duration =
      job.durationDistribution === 'exponential'
        ? rng.exponential(1 / job.meanDuration)
        : rng.lognormal(Math.log(job.meanDuration) - (job.durationSigma * job.durationSigma) / 2, job.durationSigma);
    // Willingness to pay scales with the model's cost (an H100 hour is worth more than a 4090 hour),
    // spread across users by a mean-one lognormal with the given coefficient of variation. With
    // every cost zero there is no yardstick: every model is worth the mean.
    const spread = rng.lognormalWithMean(1, budget.cv);
    const sensitive = rng.bernoulli(latency.sensitiveShare);
    const worth = this.#meanCost > 0 ? type.costPerGpuHour / this.#meanCost : 1;
    const wtp = budget.meanPerGpuHour * worth * spread * (sensitive ? 1 + latency.premium : 1);
    return {
      id: this.#next++,
      gpuModel: type.name,
      gpus,
      duration: Math.max(this.#ctx.chain.blockTime, duration),
      wtpPerGpuHour: wtp,
      patience: latency.sla,
    };
  }
}
