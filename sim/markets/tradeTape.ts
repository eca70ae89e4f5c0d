// The trades of a market, as they happen: each purchase of compute (a lease that starts, an intent
// that is filled, a posted-price purchase) with its time, GPU model, price per GPU-hour and GPUs.
// Every market keeps one; it is the one record behind the clearing price the world reports and
// behind the "recent clearing prices" a provider weighs when it decides to stay or leave. Means are
// per GPU bought (a purchase of 8 GPUs counts 8 times one of 1).
//
// The tape does not keep the trades themselves (a month at network scale makes 700k): readers that
// need every trade subscribe (`onTrade`) before the first one and keep their own running sums, and
// window means keep per GPU model only the trades of the longest window a reader declared
// (`keepWindow`), so what the tape holds is bounded in simulated time.

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

/** Fewer dropped entries than this are left at the front of a model's arrays rather than spliced off. */
const COMPACT_AFTER = 1024;

/**
 * One model's trades as running sums, for window means by binary search. Entries before `start`
 * are dropped (older than every declared window) and wait to be spliced off.
 */
interface ModelTape {
  /** The time of the model's first trade: a mean from then on is over every trade. */
  readonly firstTime: number;
  /** The time of the latest trade dropped; a window reaching it cannot be answered. */
  droppedUpTo: number;
  readonly times: number[];
  /**
   * Σ price · gpus and Σ gpus of the model's trades before times[i], summed from its first trade in
   * the order they were made (the entry after the last is the total).
   */
  readonly value: number[];
  readonly gpus: number[];
  start: number;
}

export class TradeTape {
  #count = 0;
  #lastTime = Number.NEGATIVE_INFINITY;
  #keepFor = 0;
  readonly #models = new Map<string, ModelTape>();
  readonly #listeners: ((trade: Trade) => void)[] = [];

  record(trade: Trade): void {
    if (!(trade.usdPerGpuHour >= 0) || !Number.isFinite(trade.usdPerGpuHour) || !(trade.gpus > 0)) {
      throw new RangeError(`trade of ${trade.gpus} ${trade.gpuModel} GPUs at ${trade.usdPerGpuHour} USD per GPU-hour: need a finite price >= 0 and GPUs > 0`);
    }
    if (trade.time < this.#lastTime) throw new RangeError(`trades must be recorded in time order: ${trade.time} after ${this.#lastTime}`);
    this.#lastTime = trade.time;
    this.#count += 1;
    let tape = this.#models.get(trade.gpuModel);
    if (tape === undefined) this.#models.set(trade.gpuModel, (tape = { firstTime: trade.time, droppedUpTo: Number.NEGATIVE_INFINITY, times: [], value: [0], gpus: [0], start: 0 }));
    tape.times.push(trade.time);
    tape.value.push(tape.value[tape.value.length - 1]! + trade.usdPerGpuHour * trade.gpus);
    tape.gpus.push(tape.gpus[tape.gpus.length - 1]! + trade.gpus);
    this.#forgetBefore(tape, trade.time - this.#keepFor);
    for (const listener of this.#listeners) listener(trade);
  }

  /** Hears every trade from now on; subscribe before the first, or the running sums would miss some. */
  onTrade(listener: (trade: Trade) => void): void {
    if (this.#count > 0) throw new Error(`trade tape: a listener subscribed after ${this.#count} trades would miss them`);
    this.#listeners.push(listener);
  }

  /** A reader will ask `meanSince(model, now - seconds)`: keep that much of every model's trades. */
  keepWindow(seconds: number): void {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new RangeError(`trade tape: a window must be a finite number of seconds >= 0, got ${seconds}`);
    if (this.#count > 0 && seconds > this.#keepFor) throw new Error(`trade tape: a window of ${seconds} s declared after trades were recorded (and those older than ${this.#keepFor} s dropped)`);
    this.#keepFor = Math.max(this.#keepFor, seconds);
  }

  get count(): number {
    return this.#count;
  }

  /**
   * USD per GPU-hour of `gpuModel`'s trades at or after `since` (kernel seconds), per GPU bought;
   * undefined if there were none. `since` is at most the model's first trade (every trade), or
   * within a window declared with keepWindow.
   */
  meanSince(gpuModel: string, since: number): number | undefined {
    const tape = this.#models.get(gpuModel);
    if (tape === undefined) return undefined;
    const n = tape.times.length;
    // From the first trade on, the sums before it are 0 (the totals, as if nothing were dropped).
    if (since <= tape.firstTime) return tape.gpus[n]! === 0 ? undefined : tape.value[n]! / tape.gpus[n]!;
    if (since <= tape.droppedUpTo) {
      throw new RangeError(`trade tape: trades of ${gpuModel} since ${since} s were dropped (windows kept: ${this.#keepFor} s); declare the window with keepWindow`);
    }
    const first = firstAtOrAfter(tape.times, since, tape.start);
    const gpus = tape.gpus[n]! - tape.gpus[first]!;
    return gpus === 0 ? undefined : (tape.value[n]! - tape.value[first]!) / gpus;
  }

  /** Drops the model's trades before `time` (no declared window reaches them); splices once enough wait. */
  #forgetBefore(tape: ModelTape, time: number): void {
    while (tape.start < tape.times.length && tape.times[tape.start]! < time) tape.droppedUpTo = tape.times[tape.start++]!;
    if (tape.start < COMPACT_AFTER || 2 * tape.start < tape.times.length) return;
    tape.times.splice(0, tape.start);
    tape.value.splice(0, tape.start);
    tape.gpus.splice(0, tape.start);
    tape.start = 0;
  }
}

/** The first index from `from` on whose time is >= `time` (times ascending). */
function firstAtOrAfter(times: readonly number[], time: number, from: number): number {
  let lo = from;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
