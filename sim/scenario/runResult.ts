// What one run returns: plain, JSON-serialisable data, identical byte for byte for the same spec.
// The RunSpec's counterpart (runSpec.ts): both cross thread and machine boundaries.
import type { InvariantReport, SeriesTable } from '../metrics/outputs.js';
import type { RunKey } from './runSpec.js';

export interface RunError {
  readonly name: string;
  readonly message: string;
  /** Where it was thrown, for a run that threw (not for a broken invariant or an exhausted budget). */
  readonly stack?: string;
}

/** A summary metric's value: null when it has no meaning in this run (a mean over no jobs), never NaN. */
export type SummaryValue = number | null;

export interface RunResult {
  readonly scenario: string;
  readonly id: string;
  readonly key: RunKey;
  readonly seed: string;
  /** 'failed' when the run threw or broke an invariant; the partial result is kept. */
  readonly status: 'ok' | 'failed';
  readonly error?: RunError;
  readonly params: Readonly<Record<string, unknown>>;
  readonly summary: Readonly<Record<string, SummaryValue>>;
  readonly series: SeriesTable;
  readonly invariants: InvariantReport;
  /** events, blocks, transactions, reverts, ... */
  readonly counters: Readonly<Record<string, number>>;
}
