// What one run returns: plain, JSON-serialisable data, identical byte for byte for the same spec.
// The RunSpec's counterpart (runSpec.ts): both cross thread and machine boundaries.
import type { InvariantReport, SeriesTable } from '../metrics/outputs.js';
import type { RunKey } from './runSpec.js';

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
