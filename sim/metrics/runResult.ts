// What one run returns: plain, JSON-serialisable data, identical byte for byte for the same spec.
import type { RunKey } from '../scenario/runSpec.js';

export interface InvariantViolation {
  readonly invariant: string;
  readonly block: number;
  readonly time: number;
  /** The values that broke it, as decimal strings for bigints. */
  readonly values: Readonly<Record<string, string | number>>;
}

export interface InvariantReport {
  /** How many times the invariants were evaluated. */
  readonly checks: number;
  readonly violations: readonly InvariantViolation[];
}

/** Columnar time series: one time column and one array per metric, all of the same length. */
export interface SeriesTable {
  readonly time: readonly number[];
  readonly columns: Readonly<Record<string, readonly number[]>>;
}

export interface RunError {
  readonly name: string;
  readonly message: string;
}

export interface RunResult {
  readonly scenario: string;
  readonly id: string;
  readonly key: RunKey;
  readonly seed: string;
  /** 'failed' when the run threw or broke an invariant; the partial result is kept. */
  readonly status: 'ok' | 'failed';
  readonly error?: RunError;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: Readonly<Record<string, number>>;
  readonly series: SeriesTable;
  readonly invariants: InvariantReport;
  /** events, blocks, transactions, reverts, ... */
  readonly counters: Readonly<Record<string, number>>;
}
