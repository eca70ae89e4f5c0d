// The cheapest valid attack on a restaking graph, exactly, by branch and bound (the definitions are
// in attackModel.ts; the public entry is cheapestValidAttack in restakingGraph.ts).
//
// Order. Among valid attacks (A, B) the answer is the first by
//   1. least cost(A, B);
//   2. then most profit π(A);
//   3. then validators: at the first validator (in input order) that is in one coalition and not
//      the other, the coalition that has it comes first;
//   4. then services: the larger set first; at equal size, as for validators.
// Only validators that back some service of A count as members (any other adds cost and nothing
// else), so the answer's coalition is a minimal cover of its services.
//
// Method. Given A, every model's cost is linear in the members x_v ∈ {0,1}, so the cheapest B for A
// is a covering program: min Σ c_v(A)·x_v subject to Σ_v a_{s,v}·x_v ≥ need_s for s ∈ A.
// - Outer search over A: a depth-first choice of each service in or out, pruned when the services
//   already in cannot be covered for less than the best cost found, or when no completion can be
//   profitable (a bound of the model's cost against the most profit left; see `profitable`).
// - Inner search over B for one A: depth-first branch and bound on members, each node bounded by
//   the linear relaxation (boxLp.ts: a Lagrangian bound valid whatever the rounding, checked exactly
//   when close), branching on the most fractional member. A leaf is a cover; leaves found lower the
//   cost allowed to the rest of the search.
// - Phase 1 finds the least cost C and, at C, the most profit P, and every A reaching (C, P).
//   Phase 2 takes each such A's first cover of cost C in rule 3's order (a depth-first search over
//   validators in input order, members first, which meets covers in exactly that order), then
//   applies rules 3 and 4 across them.
// Every comparison that decides the answer is on exact integers; floating point only ever prunes
// through a bound that is certified (boxLp.ts).
import { boundExceeds, lagrangianBound, reducedCostFixings, solveCoverLp, type CoverLp, type ExactCoverLp } from './boxLp.js';
import { attackCost, corrupts, validatorCost, profitOf, type AttackModel } from './attackModel.js';

export interface FoundAttack {
  /** Service and validator indices, ascending (input order). */
  readonly services: number[];
  readonly validators: number[];
  readonly profit: bigint;
  readonly cost: bigint;
}

export interface SearchOutcome {
  readonly attack: FoundAttack | undefined;
  /** False when the node budget ran out: `attack` is then the best found, not necessarily the cheapest. */
  readonly exact: boolean;
  /** Branch-and-bound nodes visited, outer and inner. */
  readonly nodes: number;
}

export interface ExactSearchOptions {
  /** Nodes after which the search stops and reports `exact: false`; default unlimited. */
  readonly nodeBudget?: number;
  /**
   * A valid attack known in advance (the greedy one): the search starts with it as the best found,
   * which prunes from the first node, and an exhausted budget never answers worse than it.
   */
  readonly start?: FoundAttack;
}

/** One A's covering program over the validators that back some service of A. */
interface CoverProblem {
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

class BudgetExhausted extends Error {}

// Up to this many services every service set is bounded first and searched cheapest bound first.
const BEST_FIRST_SERVICES = 12;

export function cheapestAttackExact(model: AttackModel, options: ExactSearchOptions = {}): SearchOutcome {
  const search = new ExactSearch(model, options.nodeBudget ?? Infinity);
  if (options.start !== undefined) search.seed(options.start);
  return search.run();
}

class ExactSearch {
  private nodes = 0;
  private best: FoundAttack | undefined;

  constructor(private readonly model: AttackModel, private readonly budget: number) {}

  seed(start: FoundAttack): void {
    const { model } = this;
    const valid =
      start.services.length > 0 &&
      start.services.every(s => corrupts(model, s, start.validators)) &&
      attackCost(model, start.services, start.validators) === start.cost &&
      profitOf(model, start.services) === start.profit &&
      start.profit > start.cost &&
      start.validators.every(v => start.services.some(s => (model.weight[s]?.[v] ?? 0n) > 0n));
    if (!valid) throw new Error('attack search: the starting attack is not a valid attack (internal error)');
    this.best = start;
  }

  run(): SearchOutcome {
    let exact = true;
    try {
      if (this.model.services <= BEST_FIRST_SERVICES) this.bestFirst();
      else {
        // Services with more profit first: large profitable sets are met early.
        const order = Array.from({ length: this.model.services }, (_, s) => s).sort((a, b) => {
          const pa = this.model.graph.profit[a] ?? 0n;
          const pb = this.model.graph.profit[b] ?? 0n;
          return pa === pb ? a - b : pa > pb ? -1 : 1;
        });
        this.depthFirst(order, 0, []);
      }
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      exact = false;
    }
    return { attack: this.best, exact, nodes: this.nodes };
  }

  private tick(): void {
    if (++this.nodes > this.budget) throw new BudgetExhausted();
  }

  // ---- outer search over A -------------------------------------------------------------------

  private bestFirst(): void {
    const candidates: { problem: CoverProblem; root: Relaxation | 'covered'; estimate: number }[] = [];
    for (let mask = 1; mask < 2 ** this.model.services; mask++) {
      this.tick();
      const services = [...Array(this.model.services).keys()].filter(s => mask & (1 << s));
      const problem = coverProblem(this.model, services);
      if (problem.profit === 0n) continue;
      const root = new CoverState(problem).relaxation();
      if (root === undefined) continue; // A cannot be covered at all
      if (root !== 'covered' && root.exceeds(problem.profit - 1n)) continue; // never profitable
      candidates.push({ problem, root, estimate: root === 'covered' ? 0 : root.estimate });
    }
    candidates.sort((a, b) => a.estimate - b.estimate);
    for (const { problem, root } of candidates) {
      const best = this.best;
      if (best !== undefined && root !== 'covered' && root.exceeds(best.cost)) continue;
      this.cheapestCover(problem);
    }
  }

  private depthFirst(order: number[], index: number, chosen: number[]): void {
    this.tick();
    const rest = order.slice(index);
    if (rest.length > 0 && !this.mayProfit(chosen, rest)) return;
    if (chosen.length > 0 && !this.promising(chosen, rest)) return;
    if (index === order.length) {
      if (chosen.length > 0) this.cheapestCover(coverProblem(this.model, [...chosen].sort((a, b) => a - b)));
      return;
    }
    const s = order[index] as number;
    this.depthFirst(order, index + 1, [...chosen, s]);
    this.depthFirst(order, index + 1, chosen);
  }

  /**
   * Whether the linear relaxation of the whole attack program on chosen ⊆ A' ⊆ chosen ∪ rest admits
   * π(A') − cost ≥ 1: binary x_v (members of any of these services) and y_u (u ∈ rest) relaxed to
   * [0, 1], rows Σ_v a_{s,v}·x_v ≥ need_s for s ∈ chosen and Σ_v a_{u,v}·x_v − need_u·y_u ≥ 0 for
   * u ∈ rest, and min cost − Σ_u π_u·y_u, with cost a linear lower bound of the model's:
   *   'stake' Σ σ_v·x_v; 'allocated' Σ c_v(chosen)·x_v + Σ_u need_u·y_u (a corrupted u adds its
   *   backing, at least need_u); 'elastic' Σ c_v(chosen)·x_v (cost only grows with A).
   * If even the relaxation cannot reach π(chosen) − 1, no A' in the subtree is valid.
   */
  private mayProfit(chosen: number[], rest: number[]): boolean {
    const model = this.model;
    const services = [...chosen, ...rest];
    const members: number[] = [];
    for (let v = 0; v < model.validators; v++) if (services.some(s => (model.weight[s]?.[v] ?? 0n) > 0n)) members.push(v);
    const n = members.length + rest.length;
    const k = services.length;
    const cost: bigint[] = members.map(v => (model.costModel === 'stake' ? (model.graph.stake[v] ?? 0n) : validatorCost(model, v, chosen)));
    for (const u of rest) {
      const need = model.costModel === 'allocated' ? (model.need[u] ?? 0n) : 0n;
      cost.push(need - (model.graph.profit[u] ?? 0n));
    }
    const matrix = services.map((s, r) => {
      const row = members.map(v => model.weight[s]?.[v] ?? 0n);
      for (let i = 0; i < rest.length; i++) row.push(r === chosen.length + i ? -(model.need[s] ?? 0n) : 0n);
      return row;
    });
    const demand = services.map((s, r) => (r < chosen.length ? (model.need[s] ?? 0n) : 0n));
    const lp: CoverLp = {
      rows: k,
      cols: n,
      cost: Float64Array.from(cost, Number),
      matrix: Float64Array.from(matrix.flat(), Number),
      demand: Float64Array.from(demand, Number),
    };
    const start = new Uint8Array(n);
    start.fill(1, 0, members.length);
    const solution = solveCoverLp(lp, start);
    if (solution === undefined) {
      // All members in cannot meet the chosen services exactly? Then nothing below can.
      return !matrix.slice(0, chosen.length).some((row, r) => row.slice(0, members.length).reduce((a, b) => a + b, 0n) < (demand[r] ?? 0n));
    }
    const threshold = profitOf(model, chosen) - 1n;
    return !boundExceeds(lp, () => ({ cost, matrix, demand }), solution.duals, threshold);
  }

  /**
   * Whether some A' with chosen ⊆ A' ⊆ chosen ∪ rest can still be a valid attack no dearer than the
   * best found. cost(A', B) ≥ cost(chosen, B) under every model, so the cheapest cover of `chosen`
   * bounds every A' below; and each added service u needs at least need_u of backing, which costs
   * at least need_u (c_v(A') ≥ a_{u,v} under every model): under 'allocated' these add up (the
   * slices of distinct services are distinct), under the others only the largest counts.
   */
  private promising(chosen: number[], rest: number[]): boolean {
    const problem = coverProblem(this.model, [...chosen].sort((a, b) => a - b));
    const relaxed = new CoverState(problem).relaxation();
    if (relaxed === undefined) return false; // chosen cannot be covered at all
    const exceeds = (t: bigint): boolean => (relaxed === 'covered' ? 0n > t : relaxed.exceeds(t));
    if (this.best !== undefined && exceeds(this.best.cost)) return false;
    const profitIn = problem.profit;
    if (this.model.costModel === 'allocated') {
      // Valid needs π(chosen) + Σ_{u added} π_u > cost ≥ L(chosen) + Σ_{u added} need_u.
      let gain = 0n;
      for (const u of rest) {
        const margin = (this.model.graph.profit[u] ?? 0n) - (this.model.need[u] ?? 0n);
        if (margin > 0n) gain += margin;
      }
      return !exceeds(profitIn + gain - 1n);
    }
    // Valid needs π(chosen ∪ U) > cost ≥ max(L(chosen), max_{u∈U} need_u): try each U made of the
    // services with need up to some level, which has the most profit for that level.
    if (!exceeds(profitIn - 1n)) return true;
    const levels = rest
      .map(u => ({ need: this.model.need[u] ?? 0n, profit: this.model.graph.profit[u] ?? 0n }))
      .sort((a, b) => (a.need === b.need ? 0 : a.need < b.need ? -1 : 1));
    let profit = profitIn;
    for (const level of levels) {
      profit += level.profit;
      if (level.need <= profit - 1n && !exceeds(profit - 1n)) return true;
    }
    return false;
  }

  // ---- inner search over B for one A ----------------------------------------------------------

  /** The most a cover of `problem` may cost and still come first, given the best found. */
  private allowance(problem: CoverProblem): bigint {
    const valid = problem.profit - 1n;
    if (this.best === undefined) return valid;
    const limit = problem.profit >= this.best.profit ? this.best.cost : this.best.cost - 1n;
    return limit < valid ? limit : valid;
  }

  private cheapestCover(problem: CoverProblem): void {
    let allowance = this.allowance(problem);
    if (allowance < 0n) return;
    const state = new CoverState(problem);
    const record = (members: number[], cost: bigint): void => {
      if (cost > allowance) return;
      const candidate: FoundAttack = { services: problem.services, validators: members, profit: problem.profit, cost };
      if (this.best === undefined || precedes(candidate, this.best)) this.best = candidate;
      // A cover as cheap may still come first in the order; a dearer one cannot.
      allowance = cost;
    };
    /** Whether the subtree can hold nothing cheaper than the best, only covers of equal cost and profit. */
    const tieOnly = (lp: Relaxation): boolean =>
      this.best !== undefined && this.best.profit === problem.profit && lp.exceeds(this.best.cost - 1n - state.cost);
    const visit = (): void => {
      this.tick();
      if (state.cost > allowance) return;
      const lp = state.relaxation();
      if (lp === 'covered') return record(state.chosenMembers(), state.cost);
      if (lp === undefined || lp.exceeds(allowance - state.cost)) return;
      if (tieOnly(lp) && !state.mayPrecede(this.best as FoundAttack)) return;
      const rounded = state.roundedCover(lp);
      if (rounded !== undefined && rounded.cost <= allowance) {
        record(rounded.members, rounded.cost);
        if (lp.exceeds(allowance - state.cost)) return;
        if (tieOnly(lp) && !state.mayPrecede(this.best as FoundAttack)) return;
      }
      const forced = lp.fixings(allowance - state.cost);
      if (forced.length > 0) {
        for (const [j, member] of forced) state.fix(j, member);
        visit();
        for (const [j, member] of forced) state.release(j, member);
        return;
      }
      const j = lp.branch;
      const first = lp.x[lp.branchAt]! >= 0.5;
      for (const member of [first, !first]) {
        state.fix(j, member);
        visit();
        state.release(j, member);
        if (state.cost > allowance) return;
      }
    };
    visit();
  }
}

/** The search's whole order (rules 1-4): true when `a` comes before `b`. */
export function precedes(a: FoundAttack, b: FoundAttack): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.profit !== b.profit) return a.profit > b.profit;
  return comesFirst(a, b);
}

/** Rules 3 and 4 of the order, between attacks of equal cost and profit. */
function comesFirst(a: FoundAttack, b: FoundAttack): boolean {
  const byValidators = membershipOrder(a.validators, b.validators);
  if (byValidators !== 0) return byValidators < 0;
  if (a.services.length !== b.services.length) return a.services.length > b.services.length;
  return membershipOrder(a.services, b.services) < 0;
}

/** Rule 4 alone, for attacks with the same coalition. */
function comesFirstByServices(a: FoundAttack, b: FoundAttack): boolean {
  if (a.services.length !== b.services.length) return a.services.length > b.services.length;
  return membershipOrder(a.services, b.services) < 0;
}

/** −1 when `a` has the first index (ascending) that only one of them has, 1 when `b` has it, 0 if equal. */
function membershipOrder(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  const inB = new Set(b);
  let first = Infinity;
  for (const i of a) if (!inB.has(i) && i < first) first = i;
  for (const i of b) if (!inA.has(i) && i < first) first = i;
  return first === Infinity ? 0 : inA.has(first) ? -1 : 1;
}

function coverProblem(model: AttackModel, services: number[]): CoverProblem {
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
    costF: Float64Array.from(cost, Number),
    weight,
    weightF: weight.map(row => Float64Array.from(row, Number)),
    need: services.map(s => model.need[s] ?? 0n),
  };
}

interface Relaxation {
  /** Whether the bound on the cost still to add exceeds `threshold`, for certain. */
  exceeds(threshold: bigint): boolean;
  /** The bound in floating point, for ordering only. */
  readonly estimate: number;
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
class CoverState {
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

  chosenMembers(): number[] {
    return this.problem.members.filter((_, j) => this.status[j] === 1);
  }

  /**
   * A cover completing this node from the relaxation: the members in, every free member the
   * relaxation uses at all, then each of those dropped (dearest first) if the rest still covers.
   * Undefined if that does not cover (rounding in the relaxation).
   */
  roundedCover(lp: Relaxation): { members: number[]; cost: bigint } | undefined {
    const problem = this.problem;
    const picked = lp.cols.filter((_, c) => (lp.x[c] as number) > 1e-9);
    const backing = [...this.backing];
    for (const j of picked) problem.weight.forEach((row, r) => (backing[r] = (backing[r] ?? 0n) + (row[j] ?? 0n)));
    if (backing.some((b, r) => b < (problem.need[r] ?? 0n))) return undefined;
    let cost = this.cost;
    const kept = new Set<number>();
    picked.sort((a, b) => ((problem.costF[b] as number) - (problem.costF[a] as number)) || a - b);
    for (const j of picked) {
      const spare = problem.weight.every((row, r) => (backing[r] ?? 0n) - (row[j] ?? 0n) >= (problem.need[r] ?? 0n));
      if (spare) problem.weight.forEach((row, r) => (backing[r] = (backing[r] ?? 0n) - (row[j] ?? 0n)));
      else {
        cost += problem.cost[j] ?? 0n;
        kept.add(j);
      }
    }
    const members = problem.members.filter((_, j) => this.status[j] === 1 || kept.has(j));
    return { members, cost };
  }

  /**
   * Whether some completion of this node may come before `best` among attacks of equal cost and
   * profit (rules 3 and 4): scanning validators in input order, it may while it can agree with
   * `best`, until a validator `best` lacks is in or free here (a member where `best` has none comes
   * first); it cannot once a validator of `best` is out here. If it can only equal `best`'s
   * coalition, rule 4 decides on the services.
   */
  mayPrecede(best: FoundAttack): boolean {
    const problem = this.problem;
    const inBest = new Set(best.validators);
    const position = new Map(problem.members.map((v, j) => [v, j]));
    const indices = [...new Set([...problem.members, ...best.validators])].sort((a, b) => a - b);
    for (const v of indices) {
      const j = position.get(v);
      const status = j === undefined ? 2 : (this.status[j] as number);
      if (inBest.has(v)) {
        if (status === 2) return false;
      } else if (status !== 2) {
        return true;
      }
    }
    const same: FoundAttack = { ...best, services: problem.services };
    return comesFirstByServices(same, best);
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
      if (rows.some(r => (problem.weightF[r] as Float64Array)[j] as number > 0)) cols.push(j);
    }
    const k = rows.length;
    const n = cols.length;
    const deficit = rows.map(r => (problem.need[r] ?? 0n) - (this.backing[r] ?? 0n));
    const demand = Float64Array.from(deficit, Number);
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
    const lp: CoverLp = { rows: k, cols: n, cost: Float64Array.from(cols, j => problem.costF[j] as number), matrix, demand };
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
    return {
      exceeds: threshold => boundExceeds(lp, exact, solution.duals, threshold),
      estimate: lagrangianBound(lp, solution.duals).value,
      branch: cols[branchAt] as number,
      branchAt,
      x: solution.x,
      cols,
      fixings: threshold => [...reducedCostFixings(lp, solution.duals, threshold)].map(([c, value]) => [cols[c] as number, value === 1]),
    };
  }
}
