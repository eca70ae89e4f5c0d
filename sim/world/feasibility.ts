// What the users' demand can keep busy: the offered load, in GPU-hours asked per hour, over the
// providers' GPUs. A posted-price market whose utilization target exceeds it can never reach its
// target: the price falls until providers leave or it reaches its floor. The note says so before a
// run, naming both numbers; it does not reject the scenario.
//
//   offered load = λ · E[GPUs per job] · E[duration]   (GPU-hours per hour; λ per hour, duration in hours)
//   capacity     = providers · GPUs per provider
//   share        = offered load / capacity
//
// λ is the mean arrival rate (the diurnal process only redistributes it over the day), E[GPUs] the
// mean of the uniform integer range, E[duration] the mean duration (both duration distributions are
// set by their mean). It is an upper bound on what demand can keep busy: it counts every job as if
// each user bought, at any price, on a provider that is up.
import type { WorldParams } from './params.js';

export interface OfferedLoad {
  /** GPU-hours per hour the users ask for. */
  readonly gpuHoursPerHour: number;
  /** GPUs of all providers. */
  readonly capacityGpus: number;
  /** gpuHoursPerHour over capacityGpus: the largest utilization demand can sustain. */
  readonly share: number;
}

export function offeredLoad(params: Pick<WorldParams, 'users' | 'providers'>): OfferedLoad {
  const { arrival, job } = params.users;
  const meanGpus = (job.gpus.min + job.gpus.max) / 2;
  const gpuHoursPerHour = arrival.rate * meanGpus * job.meanDuration;
  const capacityGpus = params.providers.count * params.providers.gpus;
  return { gpuHoursPerHour, capacityGpus, share: gpuHoursPerHour / capacityGpus };
}

/** The posted-price target is out of reach when it exceeds the share demand can keep busy. */
export function postedTargetOutOfReach(params: Pick<WorldParams, 'users' | 'providers' | 'market'>): { target: number; load: OfferedLoad } | undefined {
  if (params.market.kind !== 'posted-price') return undefined;
  const load = offeredLoad(params);
  const target = params.market.postedPrice.targetUtilization;
  return target > load.share ? { target, load } : undefined;
}
