// A RunSpec is everything one run needs, as plain data: it crosses thread (and machine)
// boundaries, and the same spec must give byte-identical results anywhere.

/** Where a run sits in its sweep: the grid (or sample) point and the Monte Carlo replicate. */
export interface RunKey {
  readonly point: number;
  readonly replicate: number;
}

export interface RunSpec {
  /** Scenario name (the results directory is named after it). */
  readonly scenario: string;
  /** Stable id derived from the key, e.g. "p0003-r0007"; unique within a sweep. */
  readonly id: string;
  readonly key: RunKey;
  /** Seed derived from the master seed and the key; every random stream of the run derives from it. */
  readonly seed: string;
  /** The resolved scenario for this run: defaults applied, sweep values substituted. */
  readonly params: Readonly<Record<string, unknown>>;
}
