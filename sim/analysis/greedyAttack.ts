// A fast search for cheap valid attacks that can miss some: the `{ method: 'greedy' }` option of
// cheapestValidAttack. Every attack it reports is valid; it may report none when one exists, or a
// dearer one than the cheapest (test/analysis/attackSearch.test.ts and `npm run bench` measure how
// often against the exact search).
//
// Candidate coalitions, for each service s: its cover taken largest backing first, and smallest
// first; for each pair (s, t), s's cover extended to hold t; and the growing union of covers over
// services taken in decreasing π_s / need_s (most loot per unit of backing needed first). Every
// cover is pruned of the members (smallest first) its targets can do without. A candidate B is
// then offered the services it corrupts, C(B): all of them, each alone, and those whose profit
// beats what B burns on them alone; each offer (A, B minus the members backing nothing in A) that
// is valid is a candidate attack. The first by the exact search's order (attackSearch.ts: cost,
// then profit, then members) is reported.
import { attackCost, corrupts, profitOf, type AttackModel } from './attackModel.js';
import { precedes, type FoundAttack } from './attackSearch.js';

export function cheapestAttackGreedy(model: AttackModel): FoundAttack | undefined {
  const services = Array.from({ length: model.services }, (_, s) => s);
  const backers = services.map(s => validatorsOf(model, s));
  const weight = (s: number, v: number): bigint => model.weight[s]?.[v] ?? 0n;

  /** Adds backers of `s` to `base` (largest backing first, or smallest) until it holds `s`, then drops what `targets` can do without. */
  const extend = (base: ReadonlySet<number>, s: number, targets: readonly number[], largestFirst: boolean): Set<number> => {
    const chosen = new Set(base);
    const order = (backers[s] ?? []).filter(v => !chosen.has(v)).sort((a, b) => descending(weight(s, a), weight(s, b)) || a - b);
    if (!largestFirst) order.reverse();
    for (const v of order) {
      if (corrupts(model, s, [...chosen])) break;
      chosen.add(v);
    }
    const smallestFirst = [...chosen].sort((a, b) => descending(model.graph.stake[b] ?? 0n, model.graph.stake[a] ?? 0n) || b - a);
    for (const v of smallestFirst) {
      chosen.delete(v);
      const members = [...chosen];
      if (!targets.every(t => corrupts(model, t, members))) chosen.add(v);
    }
    return chosen;
  };

  const covers = services.map(s => extend(new Set(), s, [s], true));
  const candidates: Set<number>[] = [...covers, ...services.map(s => extend(new Set(), s, [s], false))];
  for (const s of services) {
    for (const t of services) if (s !== t) candidates.push(extend(covers[s] as Set<number>, t, [s, t], true));
  }
  // π_s / need_s compared by cross-multiplication; a service needing nothing comes first.
  const byLoot = [...services].sort((a, b) => {
    const left = (model.graph.profit[a] ?? 0n) * (model.need[b] ?? 0n);
    const right = (model.graph.profit[b] ?? 0n) * (model.need[a] ?? 0n);
    return left === right ? a - b : left > right ? -1 : 1;
  });
  let growing = new Set<number>();
  const targets: number[] = [];
  for (const s of byLoot) {
    targets.push(s);
    growing = extend(growing, s, targets, true);
    candidates.push(growing);
  }

  let best: FoundAttack | undefined;
  const offer = (attacked: number[], coalition: readonly number[]): void => {
    if (attacked.length === 0) return;
    const members = coalition.filter(v => attacked.some(s => weight(s, v) > 0n)).sort((a, b) => a - b);
    if (!attacked.every(s => corrupts(model, s, members))) return;
    const cost = attackCost(model, attacked, members);
    const profit = profitOf(model, attacked);
    if (profit <= cost) return;
    const found = { services: [...attacked].sort((a, b) => a - b), validators: members, profit, cost };
    if (best === undefined || precedes(found, best)) best = found;
  };
  for (const coalition of candidates) {
    const members = [...coalition];
    const corrupted = services.filter(s => corrupts(model, s, members));
    offer(corrupted, members);
    for (const s of corrupted) offer([s], members);
    offer(corrupted.filter(s => (model.graph.profit[s] ?? 0n) > attackCost(model, [s], members.filter(v => weight(s, v) > 0n))), members);
  }
  return best;
}

function validatorsOf(model: AttackModel, s: number): number[] {
  const row = model.weight[s] ?? [];
  const list: number[] = [];
  row.forEach((a, v) => {
    if (a > 0n) list.push(v);
  });
  return list;
}

function descending(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
