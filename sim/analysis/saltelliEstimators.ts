// The Saltelli 2010 estimators of first-order and total Sobol' indices (the formulas are in
// saltelli.ts's opening comment), on the outputs of a Saltelli design arranged by matrix, for any
// multiset of base rows: the rows themselves for the estimate, a resample for the bootstrap.

/** The design's outputs by matrix, each a column over the n base rows. */
export interface MatrixOutputs {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** ab[i][j]: row j of A_B^(i). */
  readonly ab: Float64Array[];
}

/**
 * The outputs by matrix, centred on the mean over A and B. Centring changes no index, but keeps
 * f_B (f_ABi − f_A) from carrying the square of a large mean into the estimator's variance.
 */
export function splitByMatrix(y: readonly number[], n: number, k: number): MatrixOutputs {
  const stride = k + 2;
  let sum = 0;
  for (let j = 0; j < n; j++) sum += (y[j * stride] as number) + (y[j * stride + k + 1] as number);
  const centre = sum / (2 * n);
  const column = (offset: number): Float64Array => Float64Array.from({ length: n }, (_, j) => (y[j * stride + offset] as number) - centre);
  return { a: column(0), b: column(k + 1), ab: Array.from({ length: k }, (_, i) => column(i + 1)) };
}

/** The unclamped estimators on the given base rows (with repeats for a resample), or null when V = 0. */
export function estimates(outputs: MatrixOutputs, rows: Int32Array): { variance: number; S1: number[]; ST: number[] } | null {
  const n = rows.length;
  const { a, b, ab } = outputs;
  let sum = 0;
  for (let r = 0; r < n; r++) sum += a[rows[r]!]! + b[rows[r]!]!;
  const mean = sum / (2 * n);
  let squares = 0;
  for (let r = 0; r < n; r++) squares += (a[rows[r]!]! - mean) ** 2 + (b[rows[r]!]! - mean) ** 2;
  const variance = squares / (2 * n);
  if (!(variance > 0)) return null;
  const S1: number[] = [];
  const ST: number[] = [];
  for (const column of ab) {
    let first = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const j = rows[r]!;
      const change = column[j]! - a[j]!;
      first += b[j]! * change;
      total += change * change;
    }
    S1.push(first / n / variance);
    ST.push(total / (2 * n) / variance);
  }
  return { variance, S1, ST };
}
