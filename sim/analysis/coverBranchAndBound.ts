// The first cover of one service set (coverProblem.ts) among those costing at most a cap, by
// depth-first branch and bound on members. Each node is bounded by the linear relaxation of what is
// left (boxLp.ts: a Lagrangian bound valid whatever the rounding, checked exactly when close),
// rounded into a cover to lower the cap early, and has members fixed by reduced costs. Then, if
// its free members fall into parts that share no short row, each part is solved as a program of
// its own; if few free members are left, the halves (coverHalves.ts) finish the node, listing what
// the bound cannot tell apart; otherwise it branches on the most fractional member. The caller
// raises the cap from just above the bound (attackSearch.ts), since a low cap fixes far more.
import { boundExceeds, lagrangianBound, reducedCostFixings, solveCoverLp, type CoverLp, type ExactCoverLp } from './boxLp.js';
import { coverPrecedes, floats, type Cover, type CoverProblem, type NodeCounter } from './coverProblem.js';
import { firstCoverByHalves, MAX_HALVES_MEMBERS } from './coverHalves.js';

/** Up to how many free members backing a short row a node is finished by the halves. */
export interface HalvesReach {
  /** At a node above which no member was fixed by branching: up to MAX_HALVES_MEMBERS (2 × 65,536 subsets, a few milliseconds). */
  readonly unbranched: number;
  /** Below a branching, where a bound may still prune the node cheaply: only nodes the halves finish at once. */
  readonly branched: number;
}

export const HALVES_REACH: HalvesReach = { unbranched: MAX_HALVES_MEMBERS, branched: 20 };


// The first cap allows this share of the room between the bound and the allowance; each next one
// this many times more, the last the allowance itself.
const FIRST_GAP = 1 / 16;
const GAP_GROWTH = 4;

/**
 * The cap of a part's search after `searches` searches that found none: rising from just above
 * `bound` (a lower bound of every cover's cost, in doubles) to the allowance. The first cover under
 * a cap is the first overall, since every cover before it costs no more; and a search under a low
 * cap prunes and fixes members far more than one under the allowance.
 */
function capAfter(searches: number, bound: number, allowance: bigint): bigint {
  const cap = bound + (Number(allowance) - bound) * FIRST_GAP * GAP_GROWTH ** searches;
  return cap < Number(allowance) ? BigInt(Math.floor(cap)) : allowance;
}

/** The first cover costing at most `allowance`, under caps rising from the relaxation's bound (capAfter): for the parts, which no level raises. */
function firstCoverUnderRisingCaps(problem: CoverProblem, allowance: bigint, counter: NodeCounter, reach: HalvesReach): Cover | undefined {
  const root = new CoverState(problem).relaxation();
  if (root === undefined) return undefined;
  const bound = root === 'covered' ? 0 : root.estimate;
  for (let searches = 0; ; searches++) {
    const cap = capAfter(searches, bound, allowance);
    const found = firstCoverByBranchAndBound(problem, cap, counter, reach);
    if (found !== undefined || cap === allowance) return found;
  }
}

/** The first cover costing at most `cap`. `reach` is for tests, which take the halves out to reach the branching. */
export function firstCoverByBranchAndBound(problem: CoverProblem, cap: bigint, counter: NodeCounter, reach = HALVES_REACH): Cover | undefined {
  let best: Cover | undefined;
  let limit = cap;
  const state = new CoverState(problem);
  const record = (cover: Cover): void => {
    if (cover.cost > limit || !coverPrecedes(cover, best)) return;
    best = cover;
    // A cover as cheap may still come first in the order; a dearer one cannot.
    limit = cover.cost;
  };
  /** Whether the subtree can hold nothing cheaper than the best, and nothing before it at its cost. */
  const tieOnly = (lp: Relaxation): boolean =>
    best !== undefined && lp.exceeds(best.cost - 1n - state.cost) && !state.mayPrecede(best.chosen);
  /** `branched`: whether a member has been fixed by branching (not only by reduced costs) above this node. */
  const visit = (branched: boolean): void => {
    counter.tick();
    if (state.cost > limit) return;
    const lp = state.relaxation();
    if (lp === 'covered') return record({ chosen: state.chosen(), cost: state.cost });
    if (lp === undefined || lp.exceeds(limit - state.cost) || tieOnly(lp)) return;
    const rounded = state.roundedCover(lp);
    if (rounded !== undefined) {
      record(rounded);
      if (lp.exceeds(limit - state.cost) || tieOnly(lp)) return;
    }
    const forced = lp.fixings(limit - state.cost);
    if (forced.length > 0) {
      for (const [j, member] of forced) state.fix(j, member);
      visit(branched);
      for (const [j, member] of forced) state.release(j, member);
      return;
    }
    const parts = state.components(lp.cols);
    if (parts.length > 1) {
      const found = firstCoverByParts(state, parts, limit - state.cost, counter, reach);
      if (found !== undefined) record(found);
      return;
    }
    if (lp.cols.length <= (branched ? reach.branched : reach.unbranched)) {
      const found = firstCoverByHalves(problem, state.partial(), lp.cols, lp.duals, limit, counter);
      if (found !== undefined) record(found);
      return;
    }
    const j = lp.branch;
    const inFirst = (lp.x[lp.branchAt] as number) >= 0.5;
    for (const member of [inFirst, !inFirst]) {
      state.fix(j, member);
      visit(true);
      state.release(j, member);
      if (state.cost > limit) return;
    }
  };
  visit(false);
  return best;
}

/**
 * The first cover completing `state` when its free members fall into parts that share no short
 * row: each part is a covering program of its own (its rows' deficits, its members), the cheapest
 * completion is the union of each part's cheapest, and the first of those in the order of covers
 * is the union of each part's first (the first validator where two unions differ lies in one part,
 * and there the part's first cover has it). Each part may cost at most `allowance`; the sum is
 * checked by the caller.
 */
function firstCoverByParts(state: CoverState, parts: readonly Part[], allowance: bigint, counter: NodeCounter, reach: HalvesReach): Cover | undefined {
  const chosen = state.chosen();
  let cost = state.cost;
  for (const part of parts) {
    const found = firstCoverUnderRisingCaps(state.partProblem(part), allowance, counter, reach);
    if (found === undefined) return undefined;
    for (const i of found.chosen) chosen.push(part.cols[i] as number);
    cost += found.cost;
  }
  return { chosen: chosen.sort((a, b) => a - b), cost };
}

/** Short rows and the free members backing them that share no row with the rest. */
export interface Part {
  readonly rows: readonly number[];
  /** Member indices, ascending. */
  readonly cols: readonly number[];
}


export interface Relaxation {
  /** Whether the bound on the cost still to add exceeds `threshold`, for certain. */
  exceeds(threshold: bigint): boolean;
  /** The bound in floating point, for ordering only. */
  readonly estimate: number;
  /** An integer at most the cost still to add of any completion (the bound, rounded down with its doubt). */
  readonly floor: bigint;
  /** Row duals (by row of the problem; 0 on rows already met): the bound's multipliers. */
  readonly duals: Float64Array;
  /** The member to branch on (index into members), the position of its column, relaxed values by column. */
  readonly branch: number;
  readonly branchAt: number;
  readonly x: Float64Array;
  /** Free members backing some short row (others can only add cost), as member indices by column. */
  readonly cols: readonly number[];
  /** Members (index into members) whose value every cover costing at most `threshold` more shares. */
  fixings(threshold: bigint): [number, boolean][];
}

/** Members fixed in or out, the backing and cost of those in, and the relaxation of the rest. */
export class CoverState {
  /** 0 free, 1 in, 2 out. */
  private readonly status: Uint8Array;
  private readonly backing: bigint[];
  cost = 0n;

  constructor(private readonly problem: CoverProblem) {
    this.status = new Uint8Array(problem.members.length);
    this.backing = problem.services.map(() => 0n);
  }

  fix(j: number, member: boolean): void {
    this.status[j] = member ? 1 : 2;
    if (!member) return;
    this.cost += this.problem.cost[j] ?? 0n;
    this.problem.weight.forEach((row, r) => (this.backing[r] = (this.backing[r] ?? 0n) + (row[j] ?? 0n)));
  }

  release(j: number, member: boolean): void {
    this.status[j] = 0;
    if (!member) return;
    this.cost -= this.problem.cost[j] ?? 0n;
    this.problem.weight.forEach((row, r) => (this.backing[r] = (this.backing[r] ?? 0n) - (row[j] ?? 0n)));
  }

  /** Members in, ascending. */
  chosen(): number[] {
    const chosen: number[] = [];
    this.status.forEach((status, j) => {
      if (status === 1) chosen.push(j);
    });
    return chosen;
  }

  partial(): { chosen: number[]; cost: bigint; backing: bigint[] } {
    return { chosen: this.chosen(), cost: this.cost, backing: [...this.backing] };
  }

  /**
   * A cover completing this node from the relaxation: the members in, every free member the
   * relaxation uses at all, then each of those dropped (dearest first) if the rest still covers.
   * Undefined if that does not cover (rounding in the relaxation).
   */
  roundedCover(lp: Relaxation): Cover | undefined {
    const problem = this.problem;
    const picked = lp.cols.filter((_, c) => (lp.x[c] as number) > 1e-9);
    const backing = [...this.backing];
    for (const j of picked) problem.weight.forEach((row, r) => (backing[r] = (backing[r] ?? 0n) + (row[j] ?? 0n)));
    if (backing.some((b, r) => b < (problem.need[r] ?? 0n))) return undefined;
    let cost = this.cost;
    const chosen = this.chosen();
    picked.sort((a, b) => ((problem.costF[b] as number) - (problem.costF[a] as number)) || a - b);
    for (const j of picked) {
      const spare = problem.weight.every((row, r) => (backing[r] ?? 0n) - (row[j] ?? 0n) >= (problem.need[r] ?? 0n));
      if (spare) problem.weight.forEach((row, r) => (backing[r] = (backing[r] ?? 0n) - (row[j] ?? 0n)));
      else {
        cost += problem.cost[j] ?? 0n;
        chosen.push(j);
      }
    }
    return { chosen: chosen.sort((a, b) => a - b), cost };
  }

  /**
   * Whether some completion of this node may come before `best` (members, ascending) in the order
   * of covers at equal cost: scanning members in order, it may while it can agree with `best`, until
   * a member `best` lacks is in or free here; it cannot once a member of `best` is out here.
   */
  mayPrecede(best: readonly number[]): boolean {
    const inBest = new Set(best);
    for (let j = 0; j < this.status.length; j++) {
      const status = this.status[j] as number;
      if (inBest.has(j)) {
        if (status === 2) return false;
      } else if (status !== 2) {
        return true;
      }
    }
    return false;
  }

  /** The free members `cols` (backing some short row) grouped into parts that share no short row, in order of their first member. */
  components(cols: readonly number[]): Part[] {
    const { need, weightF } = this.problem;
    const k = need.length;
    const short = need.map((n, r) => (this.backing[r] ?? 0n) < n);
    const parent = Int32Array.from({ length: k }, (_, r) => r);
    const find = (r: number): number => {
      while (parent[r] !== r) r = parent[r] = parent[parent[r] as number] as number;
      return r;
    };
    // Each member joins the short rows it backs; the first of them names its part.
    const firstRow = cols.map(j => {
      let first = -1;
      for (let r = 0; r < k; r++) {
        if (!short[r] || !(((weightF[r] as Float64Array)[j] as number) > 0)) continue;
        if (first < 0) first = r;
        else parent[find(r)] = find(first);
      }
      return first;
    });
    const rows = short.flatMap((isShort, r) => (isShort ? [r] : []));
    const root = find(rows[0] as number);
    if (rows.every(r => find(r) === root)) return [{ rows, cols }];
    const parts = new Map<number, { rows: number[]; cols: number[] }>();
    cols.forEach((j, c) => {
      const part = find(firstRow[c] as number);
      if (!parts.has(part)) parts.set(part, { rows: [], cols: [] });
      parts.get(part)?.cols.push(j);
    });
    for (const r of rows) parts.get(find(r))?.rows.push(r);
    return [...parts.values()];
  }

  /** A part as a covering program of its own: its rows' deficits, its members' costs and backing. */
  partProblem(part: Part): CoverProblem {
    const problem = this.problem;
    const weight = part.rows.map(r => part.cols.map(j => problem.weight[r]?.[j] ?? 0n));
    const cost = part.cols.map(j => problem.cost[j] ?? 0n);
    return {
      services: part.rows.map(r => problem.services[r] as number),
      profit: 0n,
      members: part.cols.map(j => problem.members[j] as number),
      cost,
      costF: floats(cost.length, i => Number(cost[i])),
      weight,
      weightF: weight.map(row => floats(row.length, i => Number(row[i]))),
      need: part.rows.map(r => (problem.need[r] ?? 0n) - (this.backing[r] ?? 0n)),
    };
  }

  /** 'covered' when every row is met; undefined when the free members cannot meet them. */
  relaxation(): Relaxation | 'covered' | undefined {
    const problem = this.problem;
    const rows: number[] = [];
    problem.need.forEach((need, r) => {
      if ((this.backing[r] ?? 0n) < need) rows.push(r);
    });
    if (rows.length === 0) return 'covered';
    const cols: number[] = [];
    for (let j = 0; j < this.status.length; j++) {
      if (this.status[j] !== 0) continue;
      if (rows.some(r => ((problem.weightF[r] as Float64Array)[j] as number) > 0)) cols.push(j);
    }
    const k = rows.length;
    const n = cols.length;
    const deficit = rows.map(r => (problem.need[r] ?? 0n) - (this.backing[r] ?? 0n));
    const demand = floats(k, i => Number(deficit[i]));
    const matrix = new Float64Array(k * n);
    for (let i = 0; i < k; i++) {
      const row = problem.weightF[rows[i] as number] as Float64Array;
      let total = 0;
      for (let c = 0; c < n; c++) total += matrix[i * n + c] = row[cols[c] as number] as number;
      // All useful free members together must meet every short row; exactly, when it is close.
      const d = demand[i] as number;
      if (total < d * (1 - 1e-9)) return undefined;
      if (total < d * (1 + 1e-9)) {
        const exactRow = problem.weight[rows[i] as number] ?? [];
        if (cols.reduce((sum, j) => sum + (exactRow[j] ?? 0n), 0n) < (deficit[i] ?? 0n)) return undefined;
      }
    }
    const lp: CoverLp = { rows: k, cols: n, cost: floats(n, c => problem.costF[cols[c] as number] as number), matrix, demand };
    const exact = (): ExactCoverLp => ({
      cost: cols.map(j => problem.cost[j] ?? 0n),
      matrix: rows.map(r => cols.map(j => problem.weight[r]?.[j] ?? 0n)),
      demand: deficit,
    });
    const solution = solveCoverLp(lp, new Uint8Array(n).fill(1));
    if (solution === undefined) return undefined;
    // Branch on the most fractional member; among equals, the one the relaxation takes most.
    let branchAt = 0;
    let spread = -1;
    for (let c = 0; c < n; c++) {
      const x = solution.x[c] as number;
      const distance = Math.min(x, 1 - x);
      if (distance > spread + 1e-12 || (distance >= spread - 1e-12 && x > (solution.x[branchAt] as number) + 1e-12)) {
        spread = distance;
        branchAt = c;
      }
    }
    const duals = new Float64Array(problem.need.length);
    rows.forEach((r, i) => (duals[r] = solution.duals[i] as number));
    const { value, doubt } = lagrangianBound(lp, solution.duals);
    return {
      exceeds: threshold => boundExceeds(lp, exact, solution.duals, threshold),
      estimate: value,
      floor: certainFloor(value, doubt),
      duals,
      branch: cols[branchAt] as number,
      branchAt,
      x: solution.x,
      cols,
      fixings: threshold => [...reducedCostFixings(lp, solution.duals, threshold)].map(([c, value]) => [cols[c] as number, value === 1]),
    };
  }
}

/** An integer at most the true bound, given the float `value` and its error bound `doubt`. */
function certainFloor(value: number, doubt: number): bigint {
  const low = value - 2 * doubt - 1;
  return Number.isFinite(low) && low > 0 ? BigInt(Math.floor(low)) : 0n;
}
