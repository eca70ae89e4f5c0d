// Whether a subtree of the attack search's service sets can still hold an answer: every A' with
// chosen ⊆ A' ⊆ chosen ∪ rest (attackSearch.ts makes each set from its parent by adding a later
// service, so a set's subtree is its supersets by the services after it). Two tests, each sound:
// never false where some A' in the subtree holds a valid attack (and, for the second, one no dearer
// than the best found); test/analysis/serviceSetBounds.test.ts checks both against enumeration.
import { boundExceeds, solveCoverLp, type CoverLp } from './boxLp.js';
import { elasticShare, profitOf, validatorCost, type AttackModel } from './attackModel.js';
import { floats } from './coverProblem.js';

/**
 * Whether the linear relaxation of the whole attack program on chosen ⊆ A' ⊆ chosen ∪ rest admits
 * π(A') − cost ≥ 1: binary x_v (members of any of these services) and y_u (u ∈ rest) relaxed to
 * [0, 1], rows Σ_v a_{s,v}·x_v ≥ need_s for s ∈ chosen and Σ_v a_{u,v}·x_v − need_u·y_u ≥ 0 for
 * u ∈ rest, and min cost − Σ_u π_u·y_u, with cost a linear lower bound of the model's:
 *   'stake' Σ σ_v·x_v;
 *   'allocated' Σ c_v(chosen)·x_v + Σ_u need_u·y_u (a corrupted u adds its backing, at least need_u);
 *   'elastic' either Σ c_v(chosen)·x_v (cost only grows with A), or the shares of elasticShare,
 *     Σ ρ_v·W_v(chosen)·x_v + Σ_u (min_{v backing u} ρ_v)·need_u·y_u (a corrupted u adds ρ_v of
 *     each backer's slice, so at least that much of need_u): the first is tight on chosen, the
 *     second charges for the services added; both are tried.
 * If a relaxation cannot reach π(chosen) − 1, no A' in the subtree is valid.
 */
export function subtreeMayProfit(model: AttackModel, chosen: readonly number[], rest: readonly number[]): boolean {
  const services = [...chosen, ...rest];
  const members: number[] = [];
  for (let v = 0; v < model.validators; v++) if (services.some(s => (model.weight[s]?.[v] ?? 0n) > 0n)) members.push(v);
  const matrix = services.map((s, r) => {
    const row = members.map(v => model.weight[s]?.[v] ?? 0n);
    for (let i = 0; i < rest.length; i++) row.push(r === chosen.length + i ? -(model.need[s] ?? 0n) : 0n);
    return row;
  });
  const demand = services.map((s, r) => (r < chosen.length ? (model.need[s] ?? 0n) : 0n));
  // All members in cannot meet the chosen services? Then nothing below can.
  if (matrix.slice(0, chosen.length).some((row, r) => row.slice(0, members.length).reduce((a, b) => a + b, 0n) < (demand[r] ?? 0n))) return false;
  const profit = (u: number): bigint => model.graph.profit[u] ?? 0n;
  const costs: bigint[][] = [];
  if (model.costModel === 'stake') {
    costs.push([...members.map(v => model.graph.stake[v] ?? 0n), ...rest.map(u => -profit(u))]);
  } else if (model.costModel === 'allocated') {
    costs.push([...members.map(v => validatorCost(model, v, chosen)), ...rest.map(u => (model.need[u] ?? 0n) - profit(u))]);
  } else {
    costs.push([...members.map(v => validatorCost(model, v, chosen)), ...rest.map(u => -profit(u))]);
    const slices = (v: number): bigint => chosen.reduce((sum, s) => sum + (model.allocation[s]?.[v] ?? 0n), 0n);
    const leastShare = (u: number): bigint =>
      members.reduce((least, v) => ((model.weight[u]?.[v] ?? 0n) > 0n ? minBig(least, elasticShare(model, v, model.need[u] ?? 0n)) : least), model.need[u] ?? 0n);
    costs.push([...members.map(v => elasticShare(model, v, slices(v))), ...rest.map(u => leastShare(u) - profit(u))]);
  }
  const threshold = profitOf(model, chosen) - 1n;
  return costs.every(cost => !relaxationExceeds(cost, matrix, demand, members.length, threshold));
}

/** Whether min cost·x subject to matrix·x ≥ demand, x ∈ [0,1], certainly exceeds `threshold` (the first `members` columns start at 1). */
function relaxationExceeds(cost: bigint[], matrix: bigint[][], demand: bigint[], members: number, threshold: bigint): boolean {
  const lp: CoverLp = {
    rows: matrix.length,
    cols: cost.length,
    cost: floats(cost.length, j => Number(cost[j])),
    matrix: floats(matrix.length * cost.length, i => Number(matrix[Math.floor(i / cost.length)]?.[i % cost.length])),
    demand: floats(demand.length, r => Number(demand[r])),
  };
  const start = new Uint8Array(cost.length);
  start.fill(1, 0, members);
  const solution = solveCoverLp(lp, start);
  if (solution === undefined) return false;
  return boundExceeds(lp, () => ({ cost, matrix, demand }), solution.duals, threshold);
}

/**
 * Whether some A' with chosen ⊆ A' ⊆ chosen ∪ rest can still be a valid attack no dearer than the
 * best found, given `exceeds`, the bound of chosen's covers. cost(A', B) ≥ cost(chosen, B) under
 * every model, so the cheapest cover of `chosen` bounds every A' below; and each added service u
 * needs at least need_u of backing, which costs at least need_u (c_v(A') ≥ a_{u,v} under every
 * model): under 'allocated' these add up (the slices of distinct services are distinct), under
 * the others only the largest counts.
 */
export function subtreeMayBeat(
  model: AttackModel,
  rest: readonly number[],
  profitIn: bigint,
  exceeds: (threshold: bigint) => boolean,
  bestCost: bigint | undefined,
): boolean {
  if (bestCost !== undefined && exceeds(bestCost)) return false;
  if (model.costModel === 'allocated') {
    // Valid needs π(chosen) + Σ_{u added} π_u > cost ≥ L(chosen) + Σ_{u added} need_u.
    let gain = 0n;
    for (const u of rest) {
      const margin = (model.graph.profit[u] ?? 0n) - (model.need[u] ?? 0n);
      if (margin > 0n) gain += margin;
    }
    return !exceeds(profitIn + gain - 1n);
  }
  // Valid needs π(chosen ∪ U) > cost ≥ max(L(chosen), max_{u∈U} need_u): try each U made of the
  // services with need up to some level, which has the most profit for that level.
  if (!exceeds(profitIn - 1n)) return true;
  const levels = rest
    .map(u => ({ need: model.need[u] ?? 0n, profit: model.graph.profit[u] ?? 0n }))
    .sort((a, b) => (a.need === b.need ? 0 : a.need < b.need ? -1 : 1));
  let profit = profitIn;
  for (const level of levels) {
    profit += level.profit;
    if (level.need <= profit - 1n && !exceeds(profit - 1n)) return true;
  }
  return false;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
