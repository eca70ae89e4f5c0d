// One service set's covering program, the inner problem of the exact attack search (attackSearch.ts):
// given A, the cheapest coalition B that corrupts every service of A,
//     min Σ_j c_j·x_j  subject to  Σ_j a_{s,j}·x_j ≥ need_s (s ∈ A),  x ∈ {0,1},
// over the members j (validators backing some service of A), with c_j the model's cost of j on A
// (attackModel.ts). Every member costs at least its largest backing of a service of A, so more than
// nothing: a cheapest cover holds no member it could do without.
//
// Covers of one A are ordered by cost, then by membership: at the first validator (input order) in
// one and not the other, the cover holding it comes first (rule 3 of the search's order). The two
// solvers (coverBranchAndBound.ts and, for a few dozen members, coverHalves.ts) answer the first
// cover in that order among those costing at most an allowance.
import { profitOf, validatorCost, type AttackModel } from './attackModel.js';

export interface CoverProblem {
  readonly services: number[];
  readonly profit: bigint;
  /** Validator indices, ascending. */
  readonly members: number[];
  readonly cost: bigint[];
  readonly costF: Float64Array;
  /** weight[r][j]: backing of services[r] by members[j]. */
  readonly weight: bigint[][];
  readonly weightF: Float64Array[];
  readonly need: bigint[];
}

/** A cover: member indices (into `members`, ascending) and its cost. */
export interface Cover {
  readonly chosen: number[];
  readonly cost: bigint;
}

export function coverProblem(model: AttackModel, services: number[]): CoverProblem {
  const members: number[] = [];
  for (let v = 0; v < model.validators; v++) {
    if (services.some(s => (model.weight[s]?.[v] ?? 0n) > 0n)) members.push(v);
  }
  const cost = members.map(v => validatorCost(model, v, services));
  const weight = services.map(s => members.map(v => model.weight[s]?.[v] ?? 0n));
  return {
    services,
    profit: profitOf(model, services),
    members,
    cost,
    costF: floats(cost.length, j => Number(cost[j])),
    weight,
    weightF: weight.map(row => floats(row.length, j => Number(row[j]))),
    need: services.map(s => model.need[s] ?? 0n),
  };
}

/**
 * A Float64Array of `length` values made by `value(i)`. (Float64Array.from(array, f) walks the
 * array through its iterator, one small object per element: the search makes many such arrays.)
 */
export function floats(length: number, value: (i: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = value(i);
  return out;
}

/** −1 when `a` has the first index (ascending) that only one of them has, 1 when `b` has it, 0 if equal. */
export function membershipOrder(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  const inB = new Set(b);
  let first = Infinity;
  for (const i of a) if (!inB.has(i) && i < first) first = i;
  for (const i of b) if (!inA.has(i) && i < first) first = i;
  return first === Infinity ? 0 : inA.has(first) ? -1 : 1;
}

/** Whether `a` comes before the best cover so far (cost, then membership): the one rule both solvers keep. */
export function coverPrecedes(a: Cover, best: Cover | undefined): boolean {
  if (best === undefined || a.cost !== best.cost) return best === undefined || a.cost < best.cost;
  return membershipOrder(a.chosen, best.chosen) < 0;
}

/** Thrown when the search's node budget runs out. */
export class BudgetExhausted extends Error {}

/** Nodes visited by the search, outer and inner, against its budget. */
export class NodeCounter {
  nodes = 0;
  constructor(private readonly budget: number) {}

  tick(count = 1): void {
    this.nodes += count;
    if (this.nodes > this.budget) throw new BudgetExhausted();
  }
}
