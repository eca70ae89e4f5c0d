// What the recorder and the invariant checker hand back at the end of a run, as plain data: the
// columnar time series and the invariants' report. A RunResult (scenario/runResult.ts) carries both.

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
