// The providers of a world, whatever market they sell through: each one's GPU model (by the models'
// shares, from the 'providers/setup' stream) and its own cost, drawn once (providers.cost): a
// mean-one lognormal spread around the model's cost (from 'providers/setup'), or uniform on
// [min, max] (from the provider's own stream 'provider-costs/<index>'); its patience, which scales
// its exit policy's delays (from 'provider-exit/<index>'); and their correlated outages by failure
// group.
import { scheduleOutages, type Outageable } from '../agents/outages.js';
import type { MarketContext } from '../markets/context.js';
import type { ExitSettings } from '../agents/exitPolicy.js';
import type { RandomStream } from '../engine/random.js';
import type { GpuType, WorldParams } from './params.js';

export interface ProviderDraw {
  readonly index: number;
  readonly address: string;
  readonly type: GpuType;
  readonly costPerGpuHour: number;
  /** Providers of the same GPU model (itself included): the competition it faces. */
  readonly rivals: number;
  /** Its exit policy, with its own patience. */
  readonly exit: ExitSettings;
}

export function drawProviders(ctx: MarketContext, providers: WorldParams['providers']): ProviderDraw[] {
  const rng = ctx.rng.get('providers/setup');
  const shares = providers.gpuTypes.map((t) => t.share);
  const types = Array.from({ length: providers.count }, () => providers.gpuTypes[rng.weightedChoice(shares)]!);
  const rivals = new Map<GpuType, number>();
  for (const t of types) rivals.set(t, (rivals.get(t) ?? 0) + 1);
  return types.map((type, index) => ({
    index,
    address: `provider:${index}`,
    type,
    costPerGpuHour: drawProviderCost(ctx, providers, type, index, rng),
    rivals: rivals.get(type)!,
    exit: exitWithPatience(ctx, providers.exit, index),
  }));
}

/** The scenario's exit policy with provider `index`'s delays scaled by its patience, U[1 − spread, 1 + spread]. */
function exitWithPatience(ctx: MarketContext, exit: WorldParams['providers']['exit'], index: number): ExitSettings {
  if (!exit.enabled) return exit;
  const patience = ctx.rng.get(`provider-exit/${index}`).uniform(1 - exit.patienceSpread, 1 + exit.patienceSpread);
  return { ...exit, after: exit.after * patience, returnAfter: exit.returnAfter * patience };
}

/** Provider `index`'s own cost per GPU-hour, USD, by providers.cost (`setup` is the 'providers/setup' stream). */
export function drawProviderCost(ctx: MarketContext, providers: Pick<WorldParams['providers'], 'cost' | 'costCv'>, type: GpuType, index: number, setup: RandomStream): number {
  const { cost } = providers;
  return cost.distribution === 'uniform'
    ? ctx.rng.get(`provider-costs/${index}`).uniform(cost.min, cost.max)
    : type.costPerGpuHour * setup.lognormalWithMean(1, providers.costCv);
}

/** Providers are spread round-robin over the failure groups; a group outage takes all its members down. */
export function startFailureGroups(ctx: MarketContext, failures: WorldParams['providers']['failures'], providers: readonly Outageable[]): void {
  const { groups, groupMtbf, groupMttr } = failures;
  for (let g = 0; g < groups; g++) {
    const members = providers.filter((_, index) => index % groups === g);
    scheduleOutages(ctx.kernel, ctx.rng.get(`failure-group/${g}`), groupMtbf, groupMttr, members);
  }
}
