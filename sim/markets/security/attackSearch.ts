// Finding the attacks of the pooled model. On graphs of up to EXACT_SEARCH_MAX_VALIDATORS validators
// the cascade is the exact one of sim/analysis/restakingGraph.ts (every coalition enumerated: 2^n
// subsets per step). Beyond that size the exact search is too slow to run every simulated day
// (2^30 coalitions for the baseline's 30 operators), so a greedy search takes over:
//
// Greedy search. Candidate coalitions, for each service s: its cover taken largest stake first,
// its cover taken smallest first, and (when N(s) has at most 12 validators) its cheapest cover by
// enumeration; for each pair (s, t), s's cover extended to hold t; and the growing union of covers
// over services taken in decreasing π_s / (α_s·σ(N(s))) (most loot per unit of stake needed first).
// Every cover is pruned of the members (smallest first) it can do without. A candidate B attacks
// every service it holds the threshold of, A_max(B), and is a valid attack when π(A_max(B)) > σ(B).
// The cheapest valid candidate strikes (ties: more profit, then the earlier candidate). Every attack
// it reports is valid; it can miss attacks, or strike with a dearer one than the cheapest
// (test/markets/securityAttackSearch.test.ts measures both against the exact search).
import { cascade, type RestakingGraphInput } from '../../analysis/restakingGraph.js';
import { Rational } from '../../analysis/rational.js';
import type { Address } from '../../contracts/types.js';
import type { PooledGraph } from './pooled.js';

export const EXACT_SEARCH_MAX_VALIDATORS = 12;
/** Backers of one service up to which its cheapest cover is found by enumeration (2^12 subsets). */
const EXACT_COVER_MAX_BACKERS = 12;

export interface FoundAttack {
  readonly services: readonly Address[];
  readonly validators: readonly Address[];
  /** π(A) and σ(B) in token base units. */
  readonly profit: bigint;
  readonly cost: bigint;
}

export type SearchMethod = 'exact' | 'greedy';

export function searchMethodFor(graph: PooledGraph): SearchMethod {
  return graph.validators.length <= EXACT_SEARCH_MAX_VALIDATORS ? 'exact' : 'greedy';
}

/** The cascade of valid attacks on `graph`, each on what the earlier ones left. */
export function planCascade(graph: PooledGraph, method: SearchMethod = searchMethodFor(graph)): FoundAttack[] {
  if (method === 'exact') {
    return cascade(toGraphInput(graph), []).steps.map((step) => ({
      services: step.services,
      validators: step.validators,
      profit: integer(step.profit),
      cost: integer(step.cost),
    }));
  }
  const steps: FoundAttack[] = [];
  let current = graph;
  for (;;) {
    const attack = greedyCheapestAttack(current);
    if (attack === undefined) return steps;
    steps.push(attack);
    current = without(current, attack);
  }
}

/** The graph in the analysis module's input form (amounts as integer strings, thresholds as numbers). */
export function toGraphInput(graph: PooledGraph): RestakingGraphInput {
  return {
    services: graph.services.map((s) => ({ id: s.id, profit: s.profit.toString(), threshold: s.threshold })),
    validators: graph.validators.map((v) => ({ id: v.id, stake: v.stake.toString() })),
    edges: graph.edges,
  };
}

/** The graph after an attack: its validators slashed away and its services looted. */
export function without(graph: PooledGraph, attack: { services: readonly Address[]; validators: readonly Address[] }): PooledGraph {
  const gone = new Set(attack.validators);
  const looted = new Set(attack.services);
  return {
    services: graph.services.filter((s) => !looted.has(s.id)),
    validators: graph.validators.filter((v) => !gone.has(v.id)),
    edges: graph.edges.filter(([s, v]) => !looted.has(s) && !gone.has(v)),
  };
}

export function greedyCheapestAttack(graph: PooledGraph): FoundAttack | undefined {
  const stake = new Map(graph.validators.map((v) => [v.id, v.stake]));
  const backers = new Map<Address, Address[]>(graph.services.map((s) => [s.id, []]));
  for (const [s, v] of graph.edges) backers.get(s)?.push(v);
  const services = graph.services.map((s) => {
    const alpha = Rational.fromNumber(s.threshold);
    const list = backers.get(s.id) ?? [];
    const backing = list.reduce((sum, v) => sum + (stake.get(v) ?? 0n), 0n);
    return { ...s, backers: list, backing, num: alpha.num, den: alpha.den };
  });
  type Service = (typeof services)[number];
  const holds = (coalition: ReadonlySet<Address>, s: Service): boolean => {
    let held = 0n;
    for (const v of s.backers) if (coalition.has(v)) held += stake.get(v) ?? 0n;
    return held * s.den >= s.num * s.backing;
  };
  /** Adds validators of `s` to `base` (largest stake first) until it holds `s`, then drops every member `targets` can do without. */
  const extend = (base: ReadonlySet<Address>, s: Service, targets: readonly Service[], largestFirst: boolean): Set<Address> => {
    const chosen = new Set(base);
    const order = s.backers.filter((v) => !chosen.has(v)).sort((a, b) => cmpDesc(stake.get(a) ?? 0n, stake.get(b) ?? 0n));
    if (!largestFirst) order.reverse();
    for (const v of order) {
      if (holds(chosen, s)) break;
      chosen.add(v);
    }
    const bySmallest = [...chosen].sort((a, b) => cmpDesc(stake.get(b) ?? 0n, stake.get(a) ?? 0n));
    for (const v of bySmallest) {
      chosen.delete(v);
      if (!targets.every((t) => holds(chosen, t))) chosen.add(v);
    }
    return chosen;
  };
  /** The cheapest subset of N(s) holding s, by enumeration when N(s) is small. */
  const cheapestCover = (s: Service): Set<Address> | undefined => {
    if (s.backers.length > EXACT_COVER_MAX_BACKERS) return undefined;
    let best: { mask: number; cost: bigint } | undefined;
    for (let mask = 0; mask < 1 << s.backers.length; mask++) {
      let held = 0n;
      for (let i = 0; i < s.backers.length; i++) if (mask & (1 << i)) held += stake.get(s.backers[i]!) ?? 0n;
      if (held * s.den < s.num * s.backing) continue;
      if (best === undefined || held < best.cost) best = { mask, cost: held };
    }
    return best === undefined ? undefined : new Set(s.backers.filter((_, i) => best!.mask & (1 << i)));
  };

  const covers = services.map((s) => extend(new Set(), s, [s], true));
  const candidates: Set<Address>[] = [...covers];
  services.forEach((s) => {
    candidates.push(extend(new Set(), s, [s], false));
    const exact = cheapestCover(s);
    if (exact !== undefined) candidates.push(exact);
  });
  services.forEach((s, i) => {
    services.forEach((t, j) => {
      if (i !== j) candidates.push(extend(covers[i]!, t, [s, t], true));
    });
  });
  // π_s / (α_s·σ(N(s))) compared by cross-multiplication; a service needing nothing comes first.
  const order = services.map((_, i) => i).sort((a, b) => {
    const sa = services[a]!;
    const sb = services[b]!;
    const left = sa.profit * sb.den * sb.num * sb.backing;
    const right = sb.profit * sa.den * sa.num * sa.backing;
    return left === right ? a - b : left > right ? -1 : 1;
  });
  let growing = new Set<Address>();
  const targets: Service[] = [];
  for (const i of order) {
    targets.push(services[i]!);
    growing = extend(growing, services[i]!, targets, true);
    candidates.push(growing);
  }

  let best: FoundAttack | undefined;
  for (const coalition of candidates) {
    let cost = 0n;
    for (const v of coalition) cost += stake.get(v) ?? 0n;
    if (best !== undefined && cost > best.cost) continue;
    const corrupted = services.filter((s) => holds(coalition, s));
    const profit = corrupted.reduce((sum, s) => sum + s.profit, 0n);
    if (profit <= cost) continue;
    if (best === undefined || cost < best.cost || profit > best.profit) {
      const members = graph.validators.filter((v) => coalition.has(v.id)).map((v) => v.id);
      best = { services: corrupted.map((s) => s.id), validators: members, profit, cost };
    }
  }
  return best;
}

function cmpDesc(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}

/** Amounts here are whole base units, so every Rational the analysis returns is an integer. */
function integer(r: Rational): bigint {
  if (r.den !== 1n) throw new Error(`expected a whole amount of base units, got ${r.num}/${r.den}`);
  return r.num;
}
