// One row of the reproduction table: a published result, what the lab measured, and whether they
// agree. The tolerance of a row is never a guessed margin: a t-interval over replications for a
// stochastic result, zero for an exact one, a rounding bound worked out from the integer rule for
// an integer one, each with its derivation in `basis`.
import { replicationInterval, studentTQuantile } from '../analysis/confidence.js';

/**
 * How `lab` is compared with `published`:
 * - within: |lab − published| ≤ tolerance;
 * - below / above: lab < published / lab > published (a bound the published result states);
 * - at least: lab ≥ published (a floor a requirement states, met with equality too).
 */
export type Comparison = 'within' | 'below' | 'above' | 'at least';

export interface ReproductionRow {
  /** Section of specs/validation.md, e.g. "§3 procurement auctions". */
  readonly section: string;
  readonly name: string;
  readonly source: string;
  /** The published result as a number (a value, or the bound a 'below'/'above' row tests against). */
  readonly published: number;
  /** The published result as the source states it. */
  readonly claim: string;
  readonly lab: number;
  readonly comparison: Comparison;
  readonly tolerance: number;
  /** How the tolerance was derived. */
  readonly basis: string;
  readonly pass: boolean;
}

export interface RowHead {
  readonly section: string;
  readonly name: string;
  readonly source: string;
  readonly claim?: string;
}

/** A stochastic result: the published value must lie in the lab's t-interval over replications. */
export function replicatedRow(head: RowHead, published: number, observations: readonly number[], level: number, perReplication: string): ReproductionRow {
  const interval = replicationInterval(observations, level);
  const df = observations.length - 1;
  const t = studentTQuantile((1 + level) / 2, df);
  return {
    ...withClaim(head, published),
    published,
    lab: interval.mean,
    comparison: 'within',
    tolerance: interval.halfWidth,
    basis: `${formatLevel(level)} t-interval over ${observations.length} replications of ${perReplication}: t(${trim((1 + level) / 2)}, ${df}) = ${t.toFixed(3)} × s/√${observations.length}`,
    pass: Math.abs(interval.mean - published) <= interval.halfWidth,
  };
}

/**
 * A stochastic result stated as a bound: the lab's whole t-interval must lie below (or above) it, so
 * that the sign of the difference is itself significant at the level.
 */
export function replicatedBoundRow(
  head: RowHead & { readonly claim: string },
  comparison: 'below' | 'above',
  bound: number,
  observations: readonly number[],
  level: number,
  perReplication: string,
): ReproductionRow {
  const row = replicatedRow(head, bound, observations, level, perReplication);
  const low = row.lab - row.tolerance;
  const high = row.lab + row.tolerance;
  return {
    ...row,
    comparison,
    basis: `${row.basis}; the whole interval must lie ${comparison} the bound`,
    pass: comparison === 'below' ? high < bound : low > bound,
  };
}

/** A deterministic result, equal up to `tolerance` (0: exactly). */
export function exactRow(head: RowHead, published: number, lab: number, tolerance: number, basis: string): ReproductionRow {
  return {
    ...withClaim(head, published),
    published,
    lab,
    comparison: 'within',
    tolerance,
    basis,
    pass: Math.abs(lab - published) <= tolerance,
  };
}

/** A published bound: the lab's value must be strictly below (or above) it. */
export function boundRow(head: RowHead & { readonly claim: string }, comparison: 'below' | 'above', bound: number, lab: number, basis: string): ReproductionRow {
  return {
    ...head,
    claim: head.claim,
    published: bound,
    lab,
    comparison,
    tolerance: 0,
    basis,
    pass: comparison === 'below' ? lab < bound : lab > bound,
  };
}

/** A required floor: the lab's value must reach it (equality passes). */
export function atLeastRow(head: RowHead & { readonly claim: string }, floor: number, lab: number, basis: string): ReproductionRow {
  return { ...head, claim: head.claim, published: floor, lab, comparison: 'at least', tolerance: 0, basis, pass: lab >= floor };
}

function withClaim(head: RowHead, published: number): RowHead & { readonly claim: string } {
  return { ...head, claim: head.claim ?? formatNumber(published) };
}

export function formatLevel(level: number): string {
  return `${trim(level * 100)}%`;
}

export function trim(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/** Six significant digits, integers in full, and exponent form for the very small. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}
