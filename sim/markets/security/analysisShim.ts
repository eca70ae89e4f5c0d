// TEMPORARY: the interface of sim/analysis/restakingGraph.ts's `cheapestValidAttack`, which the
// attack-search branch is building (issue 12, item 1), with a plain exact search behind it so that
// this branch runs until that lands. When it does, this file goes and its importers take
// `cheapestValidAttack` and `RestakingGraphInput` from sim/analysis instead.
//
// The search here: for every set of services A with π(A) > 0, the cheapest coalition B covering A
// under the cost model, by depth-first branch and bound over validators (bound: for each service
// still short of its threshold, the deficit times the cheapest cost per unit of coverage left).
// The cheapest valid attack is the least cost over A with π(A) > cost; ties: more profit, then
// the earlier A in bitmask order.
import { Rational } from '../../analysis/rational.js';
import type { RestakingGraphInput } from '../../analysis/restakingGraph.js';

export type { AttackCostModel } from '../../analysis/restakingGraph.js';
/** main's RestakingGraphInput now carries allocations and the cost model. */
export type AttackGraphInput = RestakingGraphInput;

export interface FoundAttack {
  services: string[];
  validators: string[];
  profit: Rational;
  cost: Rational;
}

export function cheapestValidAttack(graph: AttackGraphInput, _options: { method?: 'exact' | 'greedy' } = {}): FoundAttack | undefined {
  const model = graph.attackCost ?? 'stake';
  const stake = graph.validators.map((v) => BigInt(v.stake as string));
  const vIndex = new Map(graph.validators.map((v, i) => [v.id, i]));
  const sIndex = new Map(graph.services.map((s, i) => [s.id, i]));
  const profit = graph.services.map((s) => BigInt(s.profit as string));
  const alpha = graph.services.map((s) => Rational.fromNumber(Number(s.threshold)));
  // w[s][v]
  const w = graph.services.map(() => new Array<bigint>(stake.length).fill(0n));
  const given = new Map((graph.allocations ?? []).map((a) => [`${a.service}\u0000${a.validator}`, BigInt(a.amount as string)]));
  for (const [s, v] of graph.edges) {
    const vi = vIndex.get(v)!;
    w[sIndex.get(s)!]![vi] = given.get(`${s}\u0000${v}`) ?? stake[vi]!;
  }
  const total = w.map((row) => row.reduce((a, b) => a + b, 0n));
  let best: { cost: bigint; profit: bigint; a: number; b: number[] } | undefined;
  for (let a = 1; a < 1 << graph.services.length; a++) {
    const inA = graph.services.map((_, s) => (a & (1 << s)) !== 0);
    const loot = profit.reduce((sum, p, s) => (inA[s] ? sum + p : sum), 0n);
    if (loot === 0n) continue;
    const cost = stake.map((sigma, v) => {
      if (model === 'stake') return sigma;
      const slices = w.reduce((sum, row, s) => (inA[s] ? sum + row[v]! : sum), 0n);
      return model === 'allocated' ? slices : slices < sigma ? slices : sigma;
    });
    // Need on s, scaled by α's denominator: Σ_{v∈B} w·den ≥ num·W_s.
    const need = graph.services.map((_, s) => (inA[s] ? alpha[s]!.num * total[s]! : 0n));
    const scale = alpha.map((r) => r.den);
    const limit = best === undefined ? loot - 1n : (best.cost < loot - 1n ? best.cost : loot - 1n);
    const cover = minCover(cost, w, scale, need, limit);
    if (cover === undefined) continue;
    if (best === undefined || cover.cost < best.cost || (cover.cost === best.cost && loot > best.profit)) {
      best = { cost: cover.cost, profit: loot, a, b: cover.members };
    }
  }
  if (best === undefined) return undefined;
  const chosen = best;
  return {
    services: graph.services.filter((_, s) => chosen.a & (1 << s)).map((s) => s.id),
    validators: chosen.b.map((v) => graph.validators[v]!.id),
    profit: Rational.of(chosen.profit),
    cost: Rational.of(chosen.cost),
  };
}

/** The cheapest set of validators meeting every need, at cost ≤ limit; undefined when none is. */
function minCover(cost: bigint[], w: bigint[][], scale: bigint[], need: bigint[], limit: bigint): { cost: bigint; members: number[] } | undefined {
  const services = need.map((n, s) => (n > 0n ? s : -1)).filter((s) => s >= 0);
  const useful = cost.map((_, v) => v).filter((v) => services.some((s) => w[s]![v]! > 0n));
  // Most coverage per unit of cost first, so that good covers are found early.
  const value = (v: number): number => services.reduce((sum, s) => sum + Number(w[s]![v]!) / Number(need[s]! / scale[s]! + 1n), 0) / (Number(cost[v]!) + 1);
  useful.sort((x, y) => value(y) - value(x) || x - y);
  const held = services.map(() => 0n);
  const left = services.map((s) => useful.reduce((sum, v) => sum + w[s]![v]! * scale[s]!, 0n));
  // Per service, the least cost per unit of coverage among the validators from position i on
  // (suffix minima), shaded down a little so that float rounding never overstates the bound.
  const cheapestFrom = services.map((s) => {
    const suffix = new Array<number>(useful.length + 1).fill(Infinity);
    for (let i = useful.length - 1; i >= 0; i--) {
      const v = useful[i]!;
      const cover = Number(w[s]![v]! * scale[s]!);
      suffix[i] = Math.min(suffix[i + 1]!, cover > 0 ? Number(cost[v]!) / cover : Infinity);
    }
    return suffix;
  });
  let bestCost = limit + 1n;
  let bestSet: number[] | undefined;
  const chosen: number[] = [];
  const visit = (i: number, spent: bigint): void => {
    if (spent >= bestCost) return;
    let short = false;
    let bound = 0;
    for (let k = 0; k < services.length; k++) {
      const deficit = need[services[k]!]! - held[k]!;
      if (deficit <= 0n) continue;
      short = true;
      if (left[k]! < deficit) return;
      // The deficit costs at least deficit × the cheapest cost per unit of coverage still available.
      bound = Math.max(bound, Number(deficit) * cheapestFrom[k]![i]! * (1 - 1e-9));
    }
    if (!short) {
      bestCost = spent;
      bestSet = [...chosen];
      return;
    }
    if (Number(spent) + bound >= Number(bestCost) || i >= useful.length) return;
    const v = useful[i]!;
    services.forEach((s, k) => (left[k]! -= w[s]![v]! * scale[s]!));
    services.forEach((s, k) => (held[k]! += w[s]![v]! * scale[s]!));
    chosen.push(v);
    visit(i + 1, spent + cost[v]!);
    chosen.pop();
    services.forEach((s, k) => (held[k]! -= w[s]![v]! * scale[s]!));
    visit(i + 1, spent);
    services.forEach((s, k) => (left[k]! += w[s]![v]! * scale[s]!));
  };
  visit(0, 0n);
  return bestSet === undefined ? undefined : { cost: bestCost, members: bestSet.sort((x, y) => x - y) };
}

