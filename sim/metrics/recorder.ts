// Time series and summary metrics of one run. Series are sampled at a fixed interval (every n-th
// block, or every dt seconds), so a run's memory grows with horizon/interval and nothing else.
// Everything leaves as plain numbers: a bigint amount is divided by the scale it was declared with
// (1e18 wei → tokens) when it is read. Every metric must be declared in the catalog the recorder
// is given (its unit, domain and, for a series, the statistics its summary holds): a metric
// recorded without a declaration is refused, so the declaration stays its one definition.
//
//
// A summary value that has no meaning (a mean over no jobs) is null, never NaN: a summary says so by
// returning null, and a statistic of a series with no finite sample is null. A summary that computes
// NaN or an infinity is a bug in the model, and fails the run rather than reach a report.
import { BLOCK_EVENT_PRIORITY, type Chain } from '../chain/chain.js';
import type { Kernel } from '../engine/kernel.js';
import type { MetricCatalog, MetricKind, SeriesStat } from './catalog.js';
import type { SeriesTable } from './outputs.js';

export type { SeriesStat } from './catalog.js';

export interface BigintMetricOptions {
  /** Base units per reported unit, e.g. 10n ** 18n to report wei as tokens. */
  readonly scale: bigint;
}

interface Series {
  readonly name: string;
  readonly read: () => number;
  readonly values: SampleColumn;
  readonly stats: readonly SeriesStat[];
}

/**
 * One column of samples in a growable Float64Array: 8 bytes a sample, where an array of numbers
 * may hold boxed values and spare capacity. Doubles hold every number a series reads (NaN too), so
 * what it hands back is the very numbers it was given.
 */
export class SampleColumn {
  #data = new Float64Array(64);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(2 * this.#data.length);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  /** The samples so far, a view that the next push may leave behind: copy it to keep it. */
  view(): Float64Array {
    return this.#data.subarray(0, this.#length);
  }

  toArray(): number[] {
    return Array.from(this.view());
  }
}

/** Sampling runs after the block of the same instant, so a sample sees the state that block left. */
const SAMPLE_EVENT_PRIORITY = BLOCK_EVENT_PRIORITY + 1;

export class Recorder {
  readonly #series: Series[] = [];
  readonly #summaries = new Map<string, () => number | null>();
  readonly #time = new SampleColumn();

  /** `catalog`: the declarations of every metric this recorder may record. */
  constructor(private readonly catalog: MetricCatalog) {}

  /**
   * A declared time series, read at every sample; its summary holds the statistics its declaration
   * names. Register all series before the first sample.
   */
  series(name: string, read: () => number): void;
  series(name: string, read: () => bigint, options: BigintMetricOptions): void;
  series(name: string, read: () => number | bigint, options: Partial<BigintMetricOptions> = {}): void {
    if (this.#time.length > 0) {
      throw new Error(`recorder: series '${name}' registered after sampling began; its column would be short`);
    }
    const declaration = this.#claim(name, 'series');
    const toNumber = asNumber(name, options.scale);
    this.#series.push({ name, read: () => toNumber(read()), values: new SampleColumn(), stats: declaration.stats });
  }

  /** A declared per-run metric, computed once when the summary is taken; null when it has no meaning in this run. */
  summary(name: string, compute: () => number | null): void;
  summary(name: string, compute: () => bigint, options: BigintMetricOptions): void;
  summary(name: string, compute: () => number | bigint | null, options: Partial<BigintMetricOptions> = {}): void {
    this.#claim(name, 'summary');
    const toNumber = asNumber(name, options.scale);
    this.#summaries.set(name, () => {
      const value = compute();
      return value === null ? null : toNumber(value);
    });
  }

  /** Reads every series now. */
  sample(time: number): void {
    // Read everything before storing anything, so a failed read leaves the columns aligned.
    const row = this.#series.map((s) => s.read());
    this.#time.push(time);
    this.#series.forEach((s, i) => s.values.push(row[i]!));
  }

  /** Samples after every `n`-th block (blocks n, 2n, ... after this call). */
  sampleEveryBlocks(chain: Chain, n: number): void {
    assertWhole('block interval', n);
    let blocks = 0;
    chain.onBlock((block) => {
      blocks += 1;
      if (blocks % n === 0) this.sample(block.time);
    });
  }

  /** Samples every `seconds` of simulated time from now (at now + seconds, now + 2·seconds, ...). */
  sampleEverySeconds(kernel: Kernel, seconds: number): void {
    if (!(seconds > 0) || !Number.isFinite(seconds)) {
      throw new RangeError(`recorder: sampling interval must be a positive number of seconds, got ${seconds}`);
    }
    const start = kernel.now();
    let samples = 0;
    const next = (): void => {
      const at = start + (samples + 1) * seconds;
      kernel.schedule(at - kernel.now(), tick, SAMPLE_EVENT_PRIORITY);
    };
    const tick = (): void => {
      samples += 1;
      this.sample(kernel.now());
      next();
    };
    next();
  }

  /** Samples at the end of the run, unless the last sample was taken at that very time. */
  sampleFinal(time: number): void {
    const times = this.#time.view();
    if (times[times.length - 1] !== time) this.sample(time);
  }

  get samples(): number {
    return this.#time.length;
  }

  table(): SeriesTable {
    return {
      time: this.#time.toArray(),
      columns: Object.fromEntries(this.#series.map((s) => [s.name, s.values.toArray()])),
    };
  }

  /**
   * Registered summaries, then the requested statistics of each series over its finite samples;
   * null where a value has no meaning. Throws on a summary that computed NaN or an infinity.
   */
  summaryRecord(): Record<string, number | null> {
    const record: Record<string, number | null> = {};
    for (const [name, compute] of this.#summaries) {
      const value = compute();
      if (value !== null && !Number.isFinite(value)) throw new RangeError(`recorder: summary '${name}' is ${value}; a value without meaning must be null`);
      record[name] = value;
    }
    for (const s of this.#series) {
      const finite = s.values.view().filter(Number.isFinite);
      for (const stat of s.stats) record[`${s.name}.${stat}`] = statistic(finite, stat);
    }
    return record;
  }

  #claim(name: string, kind: MetricKind) {
    const declaration = this.catalog.declaration(name);
    if (declaration === undefined) throw new Error(`recorder: metric '${name}' is not declared; declare it beside where it is recorded`);
    if (declaration.kind !== kind) throw new Error(`recorder: metric '${name}' is declared as a ${declaration.kind}, recorded as a ${kind}`);
    const taken = this.#series.some((s) => s.name === name) || this.#summaries.has(name);
    if (taken) throw new Error(`recorder: metric '${name}' is already registered`);
    return declaration;
  }
}

function asNumber(name: string, scale: bigint | undefined): (value: number | bigint) => number {
  if (scale !== undefined && scale <= 0n) throw new RangeError(`recorder: '${name}' needs a positive scale, got ${scale}`);
  return (value) => {
    if (typeof value === 'number') return value;
    if (scale === undefined) throw new TypeError(`recorder: '${name}' read a bigint but declared no scale`);
    return scaled(value, scale);
  };
}

/** value / scale as a number, keeping the fraction (a plain Number(value) would lose it above 2^53). */
export function scaled(value: bigint, scale: bigint): number {
  return Number(value / scale) + Number(value % scale) / Number(scale);
}

function statistic(values: Float64Array, stat: SeriesStat): number | null {
  if (values.length === 0) return null;
  switch (stat) {
    case 'min':
      return values.reduce((a, b) => Math.min(a, b));
    case 'max':
      return values.reduce((a, b) => Math.max(a, b));
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'last':
      return values[values.length - 1]!;
  }
}

function assertWhole(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`recorder: ${what} must be a whole number >= 1, got ${n}`);
}
