// The providers of a world, whatever market they sell through: each one's GPU model (by the models'
// shares) and its own cost (a mean-one lognormal spread around the model's cost), drawn once from
// the 'providers/setup' stream; and their correlated outages by failure group.
import { scheduleOutages, type Outageable } from '../agents/outages.js';
import type { MarketContext } from '../markets/context.js';
import type { GpuType, WorldParams } from './params.js';

export interface ProviderDraw {
  readonly index: number;
  readonly address: string;
  readonly type: GpuType;
  readonly costPerGpuHour: number;
  /** Providers of the same GPU model (itself included): the competition it faces. */
  readonly rivals: number;
}

export function drawProviders(ctx: MarketContext, providers: WorldParams['providers']): ProviderDraw[] {
  const rng = ctx.rng.get('providers/setup');
  const shares = providers.gpuTypes.map((t) => t.share);
  const types = Array.from({ length: providers.count }, () => providers.gpuTypes[rng.weightedChoice(shares)]!);
  return types.map((type, index) => ({
    index,
    address: `provider:${index}`,
    type,
    costPerGpuHour: type.costPerGpuHour * rng.lognormalWithMean(1, providers.costCv),
    rivals: types.filter((t) => t === type).length,
  }));
}

/** Providers are spread round-robin over the failure groups; a group outage takes all its members down. */
export function startFailureGroups(ctx: MarketContext, failures: WorldParams['providers']['failures'], providers: readonly Outageable[]): void {
  const { groups, groupMtbf, groupMttr } = failures;
  for (let g = 0; g < groups; g++) {
    const members = providers.filter((_, index) => index % groups === g);
    scheduleOutages(ctx.kernel, ctx.rng.get(`failure-group/${g}`), groupMtbf, groupMttr, members);
  }
}
