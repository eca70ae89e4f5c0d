// What the world reports about prices, from the market's trades (sim/markets/tradeTape.ts): one
// definition for every market, each price recorded when the purchase is made (a lease starts, an
// intent is filled, a posted-price job is bought), never when a job finishes.
//
//   clearing_price_usd_per_gpu_hour (series, USD per GPU-hour): the mean price of the purchases
//       made since the previous sample, per GPU bought; the previous value when none were made,
//       NaN before the first purchase.
//   price_mean_usd_per_gpu_hour (summary, USD per GPU-hour): the mean price of every purchase of
//       the run, per GPU bought.
//   price_to_cost_ratio (summary, a ratio): what every purchase of the run paid per GPU-hour, over
//       what the same GPUs cost their providers per hour (each GPU at the mean own cost of the
//       providers of its model), both summed per GPU bought; 1 is selling at cost.
import { nonNegative, series, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { Recorder } from '../metrics/recorder.js';
import { meanPrice, type TradeTape } from '../markets/tradeTape.js';

const USD_PER_GPU_HOUR = nonNegative('USD/GPU-h');

export const TRADE_METRICS: readonly MetricDeclaration[] = [
  series('clearing_price_usd_per_gpu_hour', 'market', USD_PER_GPU_HOUR, [], 'mean price per GPU-hour of the purchases made since the previous sample'),
  summary('price_mean_usd_per_gpu_hour', 'market', USD_PER_GPU_HOUR, 'mean price per GPU-hour of every purchase of the run'),
  summary('price_to_cost_ratio', 'providers', nonNegative('ratio'), "what purchases paid per GPU-hour over what the GPUs cost their providers (1: at cost)"),
];

export function registerTradeMetrics(recorder: Recorder, trades: TradeTape, meanCostOf: (gpuModel: string) => number): void {
  let seen = 0;
  let last = Number.NaN;
  recorder.series('clearing_price_usd_per_gpu_hour', () => {
    const fresh = meanPrice(trades.trades(seen));
    seen = trades.count;
    if (fresh !== undefined) last = fresh;
    return last;
  });
  recorder.summary('price_mean_usd_per_gpu_hour', () => meanPrice(trades.trades()) ?? Number.NaN);
  recorder.summary('price_to_cost_ratio', () => {
    let paid = 0;
    let cost = 0;
    for (const t of trades.trades()) {
      paid += t.usdPerGpuHour * t.gpus;
      cost += meanCostOf(t.gpuModel) * t.gpus;
    }
    return cost > 0 ? paid / cost : Number.NaN;
  });
}
