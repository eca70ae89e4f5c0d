// What the world reports about prices, from the market's trades (sim/markets/tradeTape.ts): one
// definition for every market, each price recorded when the purchase is made (a lease starts, an
// intent is filled, a posted-price job is bought), never when a job finishes.
//
//   clearing_price_usd_per_gpu_hour (series, USD per GPU-hour): the mean price of the purchases
//       made since the previous sample, per GPU bought; the previous value when none were made,
//       NaN before the first purchase.
//   price_mean_usd_per_gpu_hour (summary, USD per GPU-hour): the mean price of every purchase of
//       the run, per GPU bought; null (no value) in a run without a purchase.
//   price_to_cost_ratio (summary, a ratio): what every purchase of the run paid per GPU-hour, over
//       what the same GPUs cost their providers per hour (each GPU at the mean own cost of the
//       providers of its model), both summed per GPU bought; 1 is selling at cost; null in a run
//       without a purchase, or whose purchases cost their providers nothing.
import { nonNegative, series, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { Recorder } from '../metrics/recorder.js';
import type { Trade, TradeTape } from '../markets/tradeTape.js';

const USD_PER_GPU_HOUR = nonNegative('USD/GPU-h');

export const TRADE_METRICS: readonly MetricDeclaration[] = [
  series('clearing_price_usd_per_gpu_hour', 'market', USD_PER_GPU_HOUR, [], 'mean price per GPU-hour of the purchases made since the previous sample'),
  summary('price_mean_usd_per_gpu_hour', 'market', USD_PER_GPU_HOUR, 'mean price per GPU-hour of every purchase of the run'),
  summary('price_to_cost_ratio', 'providers', nonNegative('ratio'), "what purchases paid per GPU-hour over what the GPUs cost their providers (1: at cost)"),
];

/**
 * Registers the price metrics of `trades`, which hear every trade as it is made (register before
 * the first). The sums run in the order of the trades, as the definitions above read them.
 */
export function registerTradeMetrics(recorder: Recorder, trades: TradeTape, meanCostOf: (gpuModel: string) => number): void {
  const sinceSample = new PriceSum();
  const run = new PriceSum();
  // What the run's purchases cost their providers: each GPU at its model's mean own cost, a
  // constant of the run's providers (providerEconomics.ts meanCostByModel).
  let cost = 0;
  trades.onTrade((t) => {
    sinceSample.add(t);
    run.add(t);
    cost += meanCostOf(t.gpuModel) * t.gpus;
  });
  let last = Number.NaN;
  recorder.series('clearing_price_usd_per_gpu_hour', () => {
    const fresh = sinceSample.mean();
    sinceSample.clear();
    if (fresh !== undefined) last = fresh;
    return last;
  });
  recorder.summary('price_mean_usd_per_gpu_hour', () => run.mean() ?? null);
  recorder.summary('price_to_cost_ratio', () => (cost > 0 ? run.value / cost : null));
}

/** A running Σ price · gpus and Σ gpus, for a mean price per GPU bought. */
class PriceSum {
  value = 0;
  gpus = 0;

  add(trade: Trade): void {
    this.value += trade.usdPerGpuHour * trade.gpus;
    this.gpus += trade.gpus;
  }

  clear(): void {
    this.value = 0;
    this.gpus = 0;
  }

  /** USD per GPU-hour, per GPU bought; undefined for no trade. */
  mean(): number | undefined {
    return this.gpus === 0 ? undefined : this.value / this.gpus;
  }
}
