// Time series and summary metrics of one run. Series are sampled at a fixed interval (every n-th
// block, or every dt seconds), so a run's memory grows with horizon/interval and nothing else.
// Everything leaves as plain numbers: a bigint amount is divided by the scale it was declared with
// (1e18 wei → tokens) when it is read. Every metric must be declared in the catalog the recorder
// is given (its unit, domain and, for a series, the statistics its summary holds): a metric
// recorded without a declaration is refused, so the declaration stays its one definition.
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
  readonly values: number[];
  readonly stats: readonly SeriesStat[];
}

/** Sampling runs after the block of the same instant, so a sample sees the state that block left. */
const SAMPLE_EVENT_PRIORITY = BLOCK_EVENT_PRIORITY + 1;

export class Recorder {
  readonly #series: Series[] = [];
  readonly #summaries = new Map<string, () => number | undefined>();
  readonly #time: number[] = [];

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
    this.#series.push({ name, read: asNumberReader(name, read, options.scale), values: [], stats: declaration.stats });
  }

  /** A declared per-run metric, computed once when the summary is taken. */
  summary(name: string, compute: () => number): void;
  summary(name: string, compute: () => bigint, options: BigintMetricOptions): void;
  summary(name: string, compute: () => number | bigint, options: Partial<BigintMetricOptions> = {}): void {
    this.#claim(name, 'summary');
    this.#summaries.set(name, asNumberReader(name, compute, options.scale));
  }

  /**
   * A per-run metric that may have no meaning in a given run (a shock's measure in a run without a
   * shock): `undefined` leaves it out of the summary rather than recording a NaN or a made-up 0.
   */
  optionalSummary(name: string, compute: () => number | undefined): void {
    this.#claim(name, 'summary');
    this.#summaries.set(name, compute);
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

  get samples(): number {
    return this.#time.length;
  }

  table(): SeriesTable {
    return {
      time: [...this.#time],
      columns: Object.fromEntries(this.#series.map((s) => [s.name, [...s.values]])),
    };
  }

  /** Registered summaries, then the requested statistics of each series (NaN for a series never sampled). */
  summaryRecord(): Record<string, number> {
    const record: Record<string, number> = {};
    for (const [name, compute] of this.#summaries) {
      const value = compute();
      if (value !== undefined) record[name] = value;
    }
    for (const s of this.#series) {
      for (const stat of s.stats) record[`${s.name}.${stat}`] = statistic(s.values, stat);
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

function asNumberReader(name: string, read: () => number | bigint, scale: bigint | undefined): () => number {
  if (scale !== undefined && scale <= 0n) throw new RangeError(`recorder: '${name}' needs a positive scale, got ${scale}`);
  return () => {
    const value = read();
    if (typeof value === 'number') return value;
    if (scale === undefined) throw new TypeError(`recorder: '${name}' read a bigint but declared no scale`);
    return scaled(value, scale);
  };
}

/** value / scale as a number, keeping the fraction (a plain Number(value) would lose it above 2^53). */
export function scaled(value: bigint, scale: bigint): number {
  return Number(value / scale) + Number(value % scale) / Number(scale);
}

function statistic(values: readonly number[], stat: SeriesStat): number {
  if (values.length === 0) return Number.NaN;
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
