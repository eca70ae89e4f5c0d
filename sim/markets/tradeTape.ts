// The trades of a market, as they happen: each purchase of compute (a lease that starts, an intent
// that is filled, a posted-price purchase) with its time, GPU model, price per GPU-hour and GPUs.
// Every market keeps one; it is the one record behind the clearing price the world reports and
// behind the "recent clearing prices" a provider weighs when it decides to stay or leave. Means are
// per GPU bought (a purchase of 8 GPUs counts 8 times one of 1).

export interface Trade {
  /** Kernel seconds at which the trade was on chain (its receipt). */
  readonly time: number;
  readonly gpuModel: string;
  /** The provider who sold the compute. */
  readonly seller: string;
  /** USD per GPU-hour paid. */
  readonly usdPerGpuHour: number;
  readonly gpus: number;
}

/** One model's trades as running sums, for window means by binary search. */
interface ModelTape {
  readonly times: number[];
  /** Σ price · gpus and Σ gpus of the trades before index i (entry 0 is 0). */
  readonly value: number[];
  readonly gpus: number[];
}

export class TradeTape {
  readonly #trades: Trade[] = [];
  readonly #models = new Map<string, ModelTape>();

  record(trade: Trade): void {
    if (!(trade.usdPerGpuHour >= 0) || !Number.isFinite(trade.usdPerGpuHour) || !(trade.gpus > 0)) {
      throw new RangeError(`trade of ${trade.gpus} ${trade.gpuModel} GPUs at ${trade.usdPerGpuHour} USD per GPU-hour: need a finite price >= 0 and GPUs > 0`);
    }
    const last = this.#trades[this.#trades.length - 1];
    if (last !== undefined && trade.time < last.time) throw new RangeError(`trades must be recorded in time order: ${trade.time} after ${last.time}`);
    this.#trades.push(trade);
    let tape = this.#models.get(trade.gpuModel);
    if (tape === undefined) this.#models.set(trade.gpuModel, (tape = { times: [], value: [0], gpus: [0] }));
    tape.times.push(trade.time);
    tape.value.push(tape.value[tape.value.length - 1]! + trade.usdPerGpuHour * trade.gpus);
    tape.gpus.push(tape.gpus[tape.gpus.length - 1]! + trade.gpus);
  }

  get count(): number {
    return this.#trades.length;
  }

  /** Trades in the order they were made, from index `from` on. */
  trades(from = 0): readonly Trade[] {
    return this.#trades.slice(from);
  }

  /** USD per GPU-hour of `gpuModel`'s trades at or after `since` (kernel seconds), per GPU bought; undefined if there were none. */
  meanSince(gpuModel: string, since: number): number | undefined {
    const tape = this.#models.get(gpuModel);
    if (tape === undefined) return undefined;
    const first = firstAtOrAfter(tape.times, since);
    const n = tape.times.length;
    const gpus = tape.gpus[n]! - tape.gpus[first]!;
    return gpus === 0 ? undefined : (tape.value[n]! - tape.value[first]!) / gpus;
  }
}

/** USD per GPU-hour of a list of trades, per GPU bought; undefined for none. */
export function meanPrice(trades: readonly Trade[]): number | undefined {
  let value = 0;
  let gpus = 0;
  for (const t of trades) {
    value += t.usdPerGpuHour * t.gpus;
    gpus += t.gpus;
  }
  return gpus === 0 ? undefined : value / gpus;
}

/** The first index whose time is >= `time` (times ascending). */
function firstAtOrAfter(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
