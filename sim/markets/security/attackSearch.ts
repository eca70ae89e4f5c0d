// Finding the attacks of the pooled model. On graphs of up to EXACT_SEARCH_MAX_VALIDATORS validators
// the cascade is the exact one of sim/analysis/restakingGraph.ts (every coalition enumerated: 2^n
// subsets per step). Beyond that size the exact search is too slow to run every simulated day
// (2^30 coalitions for the baseline's 30 operators), so a greedy search takes over:
//
// Greedy search. For each service s, a cheap cover of s: the validators of N(s) taken largest stake
// first until they hold α_s of its stake, then pruned of every member (smallest first) the cover
// can do without. Candidate coalitions are each cover, the union of each pair of covers, and the
// growing unions of covers taken in decreasing π_s / (α_s·σ(N(s))) (the services that pay most per
// unit of stake needed first). A candidate B attacks every service it holds the threshold of,
// A_max(B), and is a valid attack when π(A_max(B)) > σ(B). The cheapest valid candidate strikes
// (ties: more profit, then the earlier candidate). Every attack it reports is valid; it may miss
// attacks that the exact search finds (test/markets/securityAttackSearch.test.ts measures how often).
import { cascade, type RestakingGraphInput } from '../../analysis/restakingGraph.js';
import { Rational } from '../../analysis/rational.js';
import type { Address } from '../../contracts/types.js';
import type { PooledGraph } from './pooled.js';

export const EXACT_SEARCH_MAX_VALIDATORS = 12;

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
  const cover = (s: Service): Set<Address> => {
    const byStake = [...s.backers].sort((a, b) => cmpDesc(stake.get(a) ?? 0n, stake.get(b) ?? 0n));
    const chosen = new Set<Address>();
    for (const v of byStake) {
      if (holds(chosen, s)) break;
      chosen.add(v);
    }
    for (const v of [...chosen].reverse()) {
      chosen.delete(v);
      if (!holds(chosen, s)) chosen.add(v);
    }
    return chosen;
  };

  const covers = services.map(cover);
  const candidates: Set<Address>[] = [...covers];
  for (let i = 0; i < covers.length; i++) {
    for (let j = i + 1; j < covers.length; j++) candidates.push(new Set([...covers[i]!, ...covers[j]!]));
  }
  // π_s / (α_s·σ(N(s))) compared by cross-multiplication; a service needing nothing comes first.
  const order = services.map((_, i) => i).sort((a, b) => {
    const sa = services[a]!;
    const sb = services[b]!;
    const left = sa.profit * sb.den * sb.num * sb.backing;
    const right = sb.profit * sa.den * sa.num * sa.backing;
    return left === right ? a - b : left > right ? -1 : 1;
  });
  const growing = new Set<Address>();
  for (const i of order) {
    for (const v of covers[i]!) growing.add(v);
    candidates.push(new Set(growing));
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
