// Lower bounds for 0/1 programs min c·x subject to M·x ≥ b and x ∈ {0,1}^n (covering programs, and
// the attack program whose y columns have negative cost), from their linear relaxation (0 ≤ x ≤ 1). The attack search (attackSearch.ts) prunes its branch-and-bound
// with them.
//
// The relaxation is solved by a bounded-variable primal simplex in floating point (a handful of
// rows, up to a few hundred columns). Its answer is never trusted as such: the bound used is the
// Lagrangian one of the row duals y ≥ 0,
//     L(y) = Σ_r y_r·b_r + Σ_j min(0, c_j − Σ_r y_r·M_rj),
// which is at most the 0/1 optimum for ANY y ≥ 0 (each x_j ∈ [0,1] minimises its own term), and
// equals the relaxation's value at the optimal duals. Rounding in the simplex can only make it
// weaker, never wrong. L(y) itself is evaluated in floating point with an error bound, and exactly
// (integers, with y's doubles read as the dyadic rationals they are) when the float is too close to
// call against a threshold.

/** A covering program on float copies of its integer data, row-major M (rows × cols). */
export interface CoverLp {
  readonly rows: number;
  readonly cols: number;
  readonly cost: Float64Array;
  readonly matrix: Float64Array;
  readonly demand: Float64Array;
}

/** The same program in exact integers, for the close calls. */
export interface ExactCoverLp {
  readonly cost: readonly bigint[];
  /** matrix[r][j] */
  readonly matrix: readonly (readonly bigint[])[];
  readonly demand: readonly bigint[];
}

export interface LpSolution {
  /** Row duals, clipped at 0: the multipliers of the bound. */
  readonly duals: Float64Array;
  /** Relaxed primal values, for branching. */
  readonly x: Float64Array;
}

const TOLERANCE = 1e-9;
// A bound this close to a threshold, relative to the size of its terms, is recomputed exactly.
// Doubles carry 2^-53 ≈ 1.1e-16 of relative error per operation; a sum over a few hundred terms
// of exact-integer data rounded to doubles stays far inside 1e-10.
const FLOAT_DOUBT = 1e-10;

/**
 * Solves the relaxation from the 0/1 point `start` (which must satisfy every row: the callers
 * start from all-ones, or from a point they know covers). Returns undefined if `start` does not.
 */
export function solveCoverLp(lp: CoverLp, start: Uint8Array): LpSolution | undefined {
  const { rows: k, cols: n } = lp;
  // Row r scaled by 1/b_r and costs by 1/max c, so that tolerances mean the same on every row.
  const work = scratch(k, n);
  const { rowScale, a, c, b, head, basicRow, atUpper, xB, binv } = work;
  for (let r = 0; r < k; r++) {
    let size = Math.abs(lp.demand[r] as number);
    if (size === 0) for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(lp.matrix[r * n + j] as number));
    rowScale[r] = size > 0 ? 1 / size : 1;
  }
  let maxCost = 0;
  for (let j = 0; j < n; j++) maxCost = Math.max(maxCost, Math.abs(lp.cost[j] as number));
  const costScale = maxCost > 0 ? 1 / maxCost : 1;
  // Column-major, so that pricing a column reads it in one run.
  for (let r = 0; r < k; r++) for (let j = 0; j < n; j++) a[j * k + r] = (lp.matrix[r * n + j] as number) * (rowScale[r] as number);
  for (let j = 0; j < n; j++) c[j] = (lp.cost[j] as number) * costScale;
  for (let r = 0; r < k; r++) b[r] = (lp.demand[r] as number) * (rowScale[r] as number);

  // Variables 0..n-1 are x (bounds [0, 1]); n..n+k-1 the surpluses e_r ≥ 0 of M·x − e = b.
  basicRow.fill(-1, 0, n + k);
  binv.fill(0, 0, k * k);
  for (let r = 0; r < k; r++) {
    head[r] = n + r;
    basicRow[n + r] = r;
    binv[r * k + r] = -1;
    let lhs = 0;
    for (let j = 0; j < n; j++) if (start[j]) lhs += a[j * k + r] as number;
    xB[r] = lhs - (b[r] as number);
    if ((xB[r] as number) < -TOLERANCE) return undefined;
  }
  for (let j = 0; j < n; j++) atUpper[j] = start[j] ? 1 : 0;

  const { y, alpha } = work;
  const maxIterations = 20 * (n + k) + 100;
  let degenerateRun = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // y = c_B · B⁻¹
    y.fill(0);
    for (let r = 0; r < k; r++) {
      const h = head[r] as number;
      const cb = h < n ? (c[h] as number) : 0;
      if (cb === 0) continue;
      for (let i = 0; i < k; i++) y[i] = (y[i] as number) + cb * (binv[r * k + i] as number);
    }
    // Pricing: Dantzig's largest improvement, Bland's first improving index after a run of
    // degenerate steps (which cannot cycle).
    const bland = degenerateRun > 2 * k + 5;
    let entering = -1;
    let best = TOLERANCE;
    let increase = true;
    for (let j = 0; j < n + k && !(bland && entering >= 0); j++) {
      if ((basicRow[j] as number) >= 0) continue;
      let d: number;
      if (j < n) {
        d = c[j] as number;
        for (let i = 0; i < k; i++) d -= (y[i] as number) * (a[j * k + i] as number);
        const improvement = atUpper[j] ? d : -d;
        if (improvement > best) {
          best = bland ? TOLERANCE : improvement;
          entering = j;
          increase = !atUpper[j];
        }
      } else {
        d = y[j - n] as number; // column −e_r
        if (-d > best) {
          best = bland ? TOLERANCE : -d;
          entering = j;
          increase = true;
        }
      }
    }
    if (entering < 0) break;

    // α = B⁻¹·A_q, and the ratio test along the entering variable's direction.
    for (let r = 0; r < k; r++) {
      let sum = 0;
      if (entering < n) for (let i = 0; i < k; i++) sum += (binv[r * k + i] as number) * (a[entering * k + i] as number);
      else sum = -(binv[r * k + (entering - n)] as number);
      alpha[r] = sum;
    }
    const dir = increase ? 1 : -1;
    let step = entering < n ? 1 : Infinity;
    let leaving = -1;
    let leavingToUpper = false;
    for (let r = 0; r < k; r++) {
      const delta = -dir * (alpha[r] as number);
      const h = head[r] as number;
      if (delta < -TOLERANCE) {
        const t = Math.max(0, xB[r] as number) / -delta;
        if (t < step) { step = t; leaving = r; leavingToUpper = false; }
      } else if (delta > TOLERANCE && h < n) {
        const t = Math.max(0, 1 - (xB[r] as number)) / delta;
        if (t < step) { step = t; leaving = r; leavingToUpper = true; }
      }
    }
    if (step === Infinity) break; // cannot happen with a bounded objective; keep the duals we have
    degenerateRun = step <= TOLERANCE ? degenerateRun + 1 : 0;
    for (let r = 0; r < k; r++) xB[r] = (xB[r] as number) - dir * step * (alpha[r] as number);
    if (leaving < 0) {
      atUpper[entering] = increase ? 1 : 0;
      continue;
    }
    const enteringValue = entering < n ? (increase ? step : 1 - step) : step;
    const out = head[leaving] as number;
    basicRow[out] = -1;
    if (out < n) atUpper[out] = leavingToUpper ? 1 : 0;
    head[leaving] = entering;
    basicRow[entering] = leaving;
    xB[leaving] = enteringValue;
    const pivot = alpha[leaving] as number;
    for (let i = 0; i < k; i++) binv[leaving * k + i] = (binv[leaving * k + i] as number) / pivot;
    for (let r = 0; r < k; r++) {
      if (r === leaving) continue;
      const factor = alpha[r] as number;
      if (factor === 0) continue;
      for (let i = 0; i < k; i++) binv[r * k + i] = (binv[r * k + i] as number) - factor * (binv[leaving * k + i] as number);
    }
  }

  const duals = new Float64Array(k);
  for (let r = 0; r < k; r++) duals[r] = Math.max(0, (y[r] as number) * (rowScale[r] as number) / costScale);
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = atUpper[j] ? 1 : 0;
  for (let r = 0; r < k; r++) {
    const h = head[r] as number;
    if (h < n) x[h] = Math.min(1, Math.max(0, xB[r] as number));
  }
  return { duals, x };
}

/** Working arrays of the simplex, kept between calls (the search solves many small programs). */
interface Scratch {
  rowScale: Float64Array;
  a: Float64Array;
  c: Float64Array;
  b: Float64Array;
  head: Int32Array;
  basicRow: Int32Array;
  atUpper: Uint8Array;
  xB: Float64Array;
  binv: Float64Array;
  y: Float64Array;
  alpha: Float64Array;
}

let shared: Scratch | undefined;
let sharedRows = 0;
let sharedCols = 0;

function scratch(k: number, n: number): Scratch {
  if (shared === undefined || k > sharedRows || n > sharedCols) {
    sharedRows = Math.max(k, sharedRows);
    sharedCols = Math.max(n, sharedCols);
    const rows = sharedRows;
    const cols = sharedCols;
    shared = {
      rowScale: new Float64Array(rows),
      a: new Float64Array(rows * cols),
      c: new Float64Array(cols),
      b: new Float64Array(rows),
      head: new Int32Array(rows),
      basicRow: new Int32Array(rows + cols),
      atUpper: new Uint8Array(cols),
      xB: new Float64Array(rows),
      binv: new Float64Array(rows * rows),
      y: new Float64Array(rows),
      alpha: new Float64Array(rows),
    };
  }
  return shared;
}

/** L(duals) in floating point, with a bound on its rounding error. */
export function lagrangianBound(lp: CoverLp, duals: Float64Array): { value: number; doubt: number } {
  const { rows: k, cols: n } = lp;
  let value = 0;
  let magnitude = 0;
  for (let r = 0; r < k; r++) {
    const term = (duals[r] as number) * (lp.demand[r] as number);
    value += term;
    magnitude += Math.abs(term);
  }
  for (let j = 0; j < n; j++) {
    let reduced = lp.cost[j] as number;
    let size = Math.abs(reduced);
    for (let r = 0; r < k; r++) {
      const term = (duals[r] as number) * (lp.matrix[r * n + j] as number);
      reduced -= term;
      size += Math.abs(term);
    }
    if (reduced < 0) value += reduced;
    magnitude += size;
  }
  return { value, doubt: FLOAT_DOUBT * magnitude };
}

/**
 * Members whose value is forced below a threshold: if setting x_j against its relaxed value raises
 * the Lagrangian bound past `threshold` (L + max(0, d_j) for x_j = 1, L + max(0, −d_j) for x_j = 0,
 * d_j the reduced cost c_j − Σ_r y_r·M_rj: both are L(y) of the program with x_j fixed), every
 * 0/1 point below the threshold has x_j the other way. Decided in floating point only when clear
 * by the error margin; anything close is left free (never wrong, only less pruning).
 * Returns column → forced value (1 or 0).
 */
export function reducedCostFixings(lp: CoverLp, duals: Float64Array, threshold: bigint): Map<number, 0 | 1> {
  const { value, doubt } = lagrangianBound(lp, duals);
  const limit = Number(threshold);
  const margin = 2 * doubt + FLOAT_DOUBT * Math.abs(limit) + 1e-300;
  const fixed = new Map<number, 0 | 1>();
  const { rows: k, cols: n } = lp;
  for (let j = 0; j < n; j++) {
    let reduced = lp.cost[j] as number;
    for (let r = 0; r < k; r++) reduced -= (duals[r] as number) * (lp.matrix[r * n + j] as number);
    if (value + reduced - limit > margin) fixed.set(j, 0);
    else if (value - reduced - limit > margin) fixed.set(j, 1);
  }
  return fixed;
}

/**
 * True when L(duals) > threshold for certain; false when L(duals) ≤ threshold. Decided in floating
 * point when clear, in exact integers otherwise.
 */
export function boundExceeds(lp: CoverLp, exact: () => ExactCoverLp, duals: Float64Array, threshold: bigint): boolean {
  const { value, doubt } = lagrangianBound(lp, duals);
  const limit = Number(threshold);
  const margin = doubt + FLOAT_DOUBT * Math.abs(limit) + 1e-300;
  if (value - limit > margin) return true;
  if (limit - value > margin) return false;
  return exactBound(exact(), duals).exceeds(threshold);
}

/** L(duals) in exact rational arithmetic, as an integer numerator over 2^shift. */
export function exactBound(lp: ExactCoverLp, duals: Float64Array): { exceeds(threshold: bigint): boolean } {
  const parts = Array.from(duals, dyadic);
  const shift = parts.reduce((most, p) => Math.max(most, p.shift), 0);
  const y = parts.map(p => p.mantissa << BigInt(shift - p.shift));
  let scaled = 0n;
  lp.demand.forEach((b, r) => (scaled += (y[r] ?? 0n) * b));
  lp.cost.forEach((c, j) => {
    let reduced = c << BigInt(shift);
    lp.matrix.forEach((row, r) => (reduced -= (y[r] ?? 0n) * (row[j] ?? 0n)));
    if (reduced < 0n) scaled += reduced;
  });
  return { exceeds: threshold => scaled > threshold << BigInt(shift) };
}

/** A finite non-negative double as mantissa / 2^shift exactly, shift ≥ 0. */
function dyadic(x: number): { mantissa: bigint; shift: number } {
  if (!(x > 0) || !Number.isFinite(x)) return { mantissa: 0n, shift: 0 };
  let shift = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    shift++;
  }
  return { mantissa: BigInt(m), shift };
}
