// What the world reports about providers' economics, the same in every market:
//
//   provider_margin_usd, provider_idle_cost_usd (summaries, USD, over all providers; with
//       `:<GPU model>` for each model): as sim/agents/providerBooks.ts defines them, once.
//   capacity_exits, capacity_entries (summaries, counts; exits also per model): the times providers
//       stopped offering their capacity because their expected price stayed below their cost, and
//       the times they came back.
//   gpus_offered (series, GPUs; also per model): GPUs of providers that are up and offering.
//   models_priced_below_cost_without_exit (summary, a count of GPU models): the models whose price
//       over the run, as providers net it, stayed below the own cost of the model's cheapest
//       provider while none of its providers left. The market's price of a model is the time
//       average of its posted price (posted market), or the mean clearing price of its purchases per
//       GPU bought (lease and intent markets), less the protocol's take or fee. A price can fall
//       below cost; this counts the models where it did and no capacity answered.
import { marginOf, type ProviderAccount, type ProviderBooks } from '../agents/providerBooks.js';
import { nonNegative, series, signed, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { Recorder } from '../metrics/recorder.js';

export interface ProviderEconomics {
  readonly providers: readonly ProviderAccount[];
  readonly gpuModels: readonly string[];
  /** USD per GPU-hour a provider of the model netted over the run (see the header); undefined without trades. */
  netPriceOf(gpuModel: string): number | undefined;
}

const USD = signed('USD');
const GPUS = nonNegative('GPUs');

/** The declarations of what registerProviderEconomics records, for these GPU models. */
export function providerEconomicsMetrics(gpuModels: readonly string[]): MetricDeclaration[] {
  return [
    summary('provider_margin_usd', 'providers', USD, "providers' revenue less the cost of every GPU-hour their GPUs were up and offered, idle or busy"),
    summary('provider_idle_cost_usd', 'providers', nonNegative('USD'), 'the cost of the GPU-hours providers offered that ran no job'),
    summary('capacity_exits', 'providers', nonNegative('exits'), 'times a provider stopped offering because its expected price stayed below its cost'),
    summary('capacity_entries', 'providers', nonNegative('entries'), 'times a provider that had left came back'),
    summary('models_priced_below_cost_without_exit', 'providers', nonNegative('GPU models'), "GPU models priced below their cheapest provider's cost while no provider of theirs left"),
    series('gpus_offered', 'providers', GPUS, ['min', 'mean', 'last'], 'GPUs of providers that are up and offering'),
    ...gpuModels.flatMap((m) => [
      summary(`provider_margin_usd:${m}`, 'providers', USD, `provider_margin_usd of the ${m} providers`),
      summary(`provider_idle_cost_usd:${m}`, 'providers', nonNegative('USD'), `provider_idle_cost_usd of the ${m} providers`),
      summary(`capacity_exits:${m}`, 'providers', nonNegative('exits'), `capacity_exits of the ${m} providers`),
      series(`gpus_offered:${m}`, 'providers', GPUS, ['min', 'last'], `gpus_offered of the ${m} providers`),
    ]),
  ];
}

export function registerProviderEconomics(recorder: Recorder, economics: ProviderEconomics): void {
  const { providers, gpuModels } = economics;
  const ofModel = (m: string): ProviderAccount[] => providers.filter((p) => p.gpuModel === m);
  const offered = (group: readonly ProviderAccount[]): number => group.reduce((n, p) => n + (p.offering ? p.gpus : 0), 0);
  const exits = (group: readonly ProviderAccount[]): number => group.reduce((n, p) => n + p.exitPolicy.exits, 0);

  recorder.summary('provider_margin_usd', () => marginOf(providers).marginUsd);
  recorder.summary('provider_idle_cost_usd', () => marginOf(providers).idleCostUsd);
  recorder.summary('capacity_exits', () => exits(providers));
  recorder.summary('capacity_entries', () => providers.reduce((n, p) => n + p.exitPolicy.entries, 0));
  recorder.summary('models_priced_below_cost_without_exit', () =>
    gpuModels.filter((m) => {
      const group = ofModel(m);
      const price = economics.netPriceOf(m);
      const cheapest = Math.min(...group.map((p) => p.costPerGpuHour));
      return group.length > 0 && price !== undefined && price < cheapest && exits(group) === 0;
    }).length,
  );
  recorder.series('gpus_offered', () => offered(providers));
  for (const m of gpuModels) {
    const group = ofModel(m);
    recorder.summary(`provider_margin_usd:${m}`, () => marginOf(group).marginUsd);
    recorder.summary(`provider_idle_cost_usd:${m}`, () => marginOf(group).idleCostUsd);
    recorder.summary(`capacity_exits:${m}`, () => exits(group));
    recorder.series(`gpus_offered:${m}`, () => offered(group));
  }
}

/** The mean cost per GPU-hour of the providers of each GPU model (NaN for a model nobody runs). */
export function meanCostByModel(providers: readonly ProviderBooks[]): (gpuModel: string) => number {
  const sums = new Map<string, { cost: number; n: number }>();
  for (const p of providers) {
    const s = sums.get(p.gpuModel) ?? { cost: 0, n: 0 };
    sums.set(p.gpuModel, { cost: s.cost + p.costPerGpuHour, n: s.n + 1 });
  }
  return (m) => {
    const s = sums.get(m);
    return s === undefined ? Number.NaN : s.cost / s.n;
  };
}
