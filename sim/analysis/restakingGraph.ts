// Security analysis of a restaking graph: the cheapest valid attack under three attack-cost
// models, the cascade after a shock, and the pooled model's worst-case loss, slack and local
// condition, after Durvasula and Roughgarden, "Robust Restaking Networks" (ITCS 2025, arXiv
// 2407.21785).
//
// Model. Service s has profit from corruption π_s and threshold α_s ∈ (0, 1]; validator v has
// stake σ_v and backs the services it has an edge to, N(v); N(s) is the set backing s. What an
// attack burns depends on the graph's `attackCost` (definitions in attackModel.ts):
// - 'stake' (pooled, Durvasula-Roughgarden, the default): σ_v backs every service of N(v) in full;
//   B corrupts s when σ(B ∩ N(s)) ≥ α_s·σ(N(s)), and (A, B) burns σ(B).
// - 'allocated' (EigenLayer's unique stake): v backs s with its slice w_{v,s}, Σ_s w_{v,s} ≤ σ_v;
//   B corrupts s when Σ_{v∈B} w_{v,s} ≥ α_s·Σ_v w_{v,s}; (A, B) burns Σ_{v∈B} Σ_{s∈A} w_{v,s}.
// - 'elastic' (Bar-Zur and Eyal, "Elastic Restaking Networks", arXiv 2503.00170): allocations
//   w_{v,s} ≤ σ_v may add up to more than σ_v; corruption as under 'allocated'; (A, B) burns
//   Σ_{v∈B} min(σ_v, Σ_{s∈A} w_{v,s}): each slash takes its allocation from what is left of σ_v,
//   and what is left stretches over the other allocations, w_{v,t} ← min(w_{v,t}, σ_v left).
// (A, B) is a valid attack when B corrupts every service of A and π(A) > cost(A, B).
// - G↓D is the graph after validators D are gone (thresholds are taken on the stake that remains).
//   After an attack (A, B) the services of A are corrupted and out of the graph (a service is
//   looted once), and B has lost what the attack burns: all of σ(B) under 'stake', the slices on A
//   under 'allocated', the capped sum with the rest stretched under 'elastic'.
// - A shock D with σ(D) ≤ ψ·σ(V) is followed by a cascade of valid attacks, each on what the shock
//   and the earlier attacks left. R_ψ(G) is the worst fraction of σ(V) lost, shock included.
//
// Sources. Durvasula-Roughgarden: only the paper's abstract and introduction were retrievable from
// our stored copies; the definitions above and the constructions in the tests come from a detailed
// public summary of the paper (thogiti.github.io, "Unpacking Robust Restaking Networks", 2024) and
// were re-derived here. We measure R_ψ as σ(D ∪ B_1 ∪ … ∪ B_T)/σ(V), the stake actually lost: the
// summary writes ψ plus the cascade, which double-counts when σ(D) < ψ·σ(V) and contradicts the
// "R_ψ(G) = 1" of Theorem 2. Bar-Zur and Eyal: the stored copies give the abstract (allocations
// may add up to more than the stake, and "when allocations are lost, the remaining stake stretches
// to cover remaining allocations") and a reader's notes naming per-validator attack costs without
// their formulas; the 'elastic' cost above (each attacked service takes its allocation, capped by
// the stake) is what that stretching rule gives for one simultaneous attack, written down by us.
//
// Methods.
// - cheapestValidAttack: an exact search, best first over service sets and, for each, its cheapest
//   cover by branch and bound finished by meeting in the middle (attackSearch.ts), at any size; or
//   a greedy search that may miss (greedyAttack.ts). Checked against HiGHS, a mixed-integer solver,
//   on every test graph (attackMip.ts) and against enumeration.
// - cascade: the cheapest valid attack strikes, again and again, on what is left.
// - worstCaseLoss ('stake' only): by Corollary 1 a whole cascade after the shock D is itself one
//   valid attack on G↓D, and one attack is a cascade, so R_ψ(G)·σ(V) = max over (D, A, B) of
//   σ(D) + σ(B) with σ(D) ≤ ψ·σ(V), B corrupting A in G↓D and π(A) > σ(B): a branch and bound per A
//   over each validator's part (shocked, attacking, neither).
// - isSecure: no valid attack (the exact search).
// - slackGamma, findValidAttacks ('stake' only): for a fixed coalition B the best services to
//   attack are all those B can corrupt, A_max(B), so these enumerate validator subsets (up to 20
//   validators backing something).
// All arithmetic is on integers: amounts are scaled once by a common denominator.
import { Rational } from './rational.js';
import { attackModel, type AttackModel } from './attackModel.js';
import { cheapestAttackExact, precedes, type FoundAttack } from './attackSearch.js';
import { cheapestAttackGreedy } from './greedyAttack.js';
import {
  InvalidRestakingGraphError,
  parseAmount,
  type Amount,
  parseGraph,
  type RestakingGraph,
  type RestakingGraphInput,
} from './restakingInput.js';

export { InvalidRestakingGraphError, ATTACK_COST_MODELS } from './restakingInput.js';
export type { Amount, AttackCostModel, RestakingGraphInput } from './restakingInput.js';

/** An attack (A, B): `services` corrupted by `validators`, with profit π(A) and cost(A, B), in the input's units. */
export interface Attack {
  services: string[];
  validators: string[];
  profit: Rational;
  cost: Rational;
}

export interface AttackSearchOptions {
  /** 'exact' (default): the cheapest valid attack; 'greedy': fast, may miss or overpay. */
  method?: 'exact' | 'greedy';
  /** Exact search only: branch-and-bound nodes after which it stops (see `AttackSearchBudgetExceeded`). */
  nodeBudget?: number;
}

export interface AttackSearchResult {
  attack: Attack | undefined;
  /** True when `attack` is certainly the cheapest valid attack (or certainly none exists). */
  exact: boolean;
  method: 'exact' | 'greedy';
  /** Branch-and-bound nodes the exact search visited (0 for greedy). */
  nodes: number;
}

/** The exact search ran out of its node budget; `best` is the cheapest attack it had found. */
export class AttackSearchBudgetExceeded extends Error {
  constructor(readonly best: Attack | undefined, readonly nodes: number) {
    super(`attack search: node budget exhausted after ${nodes} nodes; the answer is not proven cheapest`);
    this.name = 'AttackSearchBudgetExceeded';
  }
}

export interface CascadeResult {
  /** Each step a valid attack on what the shock and the earlier steps left. */
  steps: Attack[];
  /** σ(shock) plus what every step burned, in stake units. */
  lostStake: Rational;
  /** lostStake / σ(V). */
  lostFraction: Rational;
}

export interface LocalCondition {
  /** T_v = Σ_{s ∈ N(v)} π_s / (α_s·σ(N(s))); null when v backs a profitable service with no stake. */
  validators: { id: string; T: Rational | null }[];
  /** min_v 1/T_v − 1: the slack the local condition certifies; null when no T_v is positive. */
  gammaStar: Rational | null;
}

// Exhaustive search beyond this size takes minutes or more: refuse rather than hang.
const MAX_COALITION_VALIDATORS = 20;
// Services are bits of a 32-bit mask in the enumerations.
const MAX_SERVICES = 30;

/**
 * The cheapest valid attack (A, B), or undefined when the graph is secure. Ties: more profit,
 * then the coalition holding the first validator (input order) on which two differ, then the
 * larger service set (the order is spelled out in attackSearch.ts). The exact search throws
 * AttackSearchBudgetExceeded if given a node budget it exhausts; it never answers inexactly.
 */
export function cheapestValidAttack(graph: RestakingGraphInput, options: AttackSearchOptions = {}): Attack | undefined {
  const result = attackSearch(graph, options);
  if (!result.exact && result.method === 'exact') throw new AttackSearchBudgetExceeded(result.attack, result.nodes);
  return result.attack;
}

/** cheapestValidAttack with its certificate: whether the answer is proven, and the work done. */
export function attackSearch(graph: RestakingGraphInput, options: AttackSearchOptions = {}): AttackSearchResult {
  const g = parseGraph(graph);
  const method = options.method ?? 'exact';
  if (method !== 'exact' && method !== 'greedy') {
    throw new InvalidRestakingGraphError('method', `expected 'exact' or 'greedy', got ${JSON.stringify(method)}`);
  }
  const model = attackModel(g);
  if (method === 'greedy') {
    const found = cheapestAttackGreedy(model);
    return { attack: found && describe(g, found), exact: false, method, nodes: 0 };
  }
  const outcome = exactSearch(model, options);
  return { attack: outcome.attack && describe(g, outcome.attack), exact: outcome.exact, method, nodes: outcome.nodes };
}

function describe(g: RestakingGraph, found: FoundAttack): Attack {
  return {
    services: found.services.map(s => g.serviceIds[s] as string),
    validators: found.validators.map(v => g.validatorIds[v] as string),
    profit: Rational.of(found.profit, g.scale),
    cost: Rational.of(found.cost, g.scale),
  };
}

/**
 * The cascade that follows the loss of `shockSet` (whole validators). At each step the cheapest
 * valid attack on what is left strikes (cheapestValidAttack's order: the coalition that risks
 * least moves first); always striking with the most profitable attack instead would merge any
 * pooled cascade into one step, since by Corollary 1 the union of two successive attacks is a
 * valid attack with their summed net profit. Stops when no valid attack is left, after at most
 * |S| steps since every step corrupts a service. Under 'stake' the union of the steps is one valid
 * attack on the graph the shock left, so the loss never exceeds what worstCaseLoss allows.
 */
export function cascade(graph: RestakingGraphInput, shockSet: readonly string[], options: AttackSearchOptions = {}): CascadeResult {
  const g = parseGraph(graph);
  const shocked = new Set<number>();
  shockSet.forEach((id, i) => {
    const index = g.validatorIds.indexOf(id);
    if (index < 0) throw new InvalidRestakingGraphError(`shockSet[${i}]`, `unknown validator id ${JSON.stringify(id)}`);
    shocked.add(index);
  });
  const total = totalStake(g);
  let lost = [...shocked].reduce((sum, v) => sum + (g.stake[v] ?? 0n), 0n);
  let current = afterLoss(g, shocked);
  const steps: Attack[] = [];
  for (;;) {
    const model = attackModel(current);
    const found = options.method === 'greedy' ? cheapestAttackGreedy(model) : exactOrThrow(model, current, options);
    if (found === undefined) break;
    steps.push(describe(current, found));
    lost += found.cost;
    current = afterAttack(model, found);
  }
  return { steps, lostStake: Rational.of(lost, g.scale), lostFraction: Rational.of(lost, total) };
}

/**
 * The exact search; should a node budget run out, the better of what it found and the greedy
 * answer, so that a budgeted search never answers worse than the greedy one. (Started from the
 * greedy answer, the search took longer: the greedy search costs more than its answer saves.)
 */
function exactSearch(model: AttackModel, options: AttackSearchOptions): ReturnType<typeof cheapestAttackExact> {
  const outcome = cheapestAttackExact(model, options.nodeBudget === undefined ? {} : { nodeBudget: options.nodeBudget });
  if (outcome.exact) return outcome;
  const greedy = cheapestAttackGreedy(model);
  const better = greedy !== undefined && (outcome.attack === undefined || precedes(greedy, outcome.attack));
  return better ? { ...outcome, attack: greedy } : outcome;
}

function exactOrThrow(model: AttackModel, g: RestakingGraph, options: AttackSearchOptions): FoundAttack | undefined {
  const outcome = exactSearch(model, options);
  if (!outcome.exact) throw new AttackSearchBudgetExceeded(outcome.attack && describe(g, outcome.attack), outcome.nodes);
  return outcome.attack;
}

function totalStake(g: RestakingGraph): bigint {
  const total = g.stake.reduce((sum, x) => sum + x, 0n);
  if (total === 0n) throw new InvalidRestakingGraphError('validators', 'total stake is zero, so no fraction of it is defined');
  return total;
}

/** The graph with validators `gone` lost whole: no stake and no edges left. */
function afterLoss(g: RestakingGraph, gone: ReadonlySet<number>): RestakingGraph {
  return {
    ...g,
    stake: g.stake.map((x, v) => (gone.has(v) ? 0n : x)),
    backers: g.backers.map(list => list.filter(v => !gone.has(v))),
    allocation: g.allocation.map((list, s) => list.filter((_, i) => !gone.has(g.backers[s]?.[i] ?? -1))),
  };
}

/** The graph after attack `found`: its services out, its coalition charged as the model says. */
function afterAttack(model: AttackModel, found: FoundAttack): RestakingGraph {
  const g = model.graph;
  const looted = new Set(found.services);
  const members = new Set(found.validators);
  const keep = (s: number): boolean => !looted.has(s);
  if (g.costModel === 'stake') {
    const gone = afterLoss(g, members);
    return dropServices(gone, keep);
  }
  const stake = [...g.stake];
  for (const v of members) {
    let burned = 0n;
    for (const s of found.services) burned += model.allocation[s]?.[v] ?? 0n;
    const left = (stake[v] ?? 0n) - burned;
    stake[v] = left > 0n ? left : 0n;
  }
  // Unique stake keeps the other slices whole (they never exceeded what is left); elastic ones
  // stretch over what is left: w ← min(w, σ left).
  const allocation = g.allocation.map((list, s) =>
    list.map((w, i) => {
      const v = g.backers[s]?.[i] ?? -1;
      const left = stake[v] ?? 0n;
      return members.has(v) && w > left ? left : w;
    }),
  );
  return dropServices({ ...g, stake, allocation }, keep);
}

function dropServices(g: RestakingGraph, keep: (s: number) => boolean): RestakingGraph {
  const kept = g.serviceIds.map((_, s) => s).filter(keep);
  return {
    ...g,
    serviceIds: kept.map(s => g.serviceIds[s] as string),
    profit: kept.map(s => g.profit[s] ?? 0n),
    thresholdNum: kept.map(s => g.thresholdNum[s] ?? 1n),
    thresholdDen: kept.map(s => g.thresholdDen[s] ?? 1n),
    backers: kept.map(s => g.backers[s] ?? []),
    allocation: kept.map(s => g.allocation[s] ?? []),
  };
}

/** True when no valid attack exists (the exact search, under the graph's cost model). */
export function isSecure(graph: RestakingGraphInput): boolean {
  return cheapestValidAttack(graph) === undefined;
}

export function worstCaseLoss(graph: RestakingGraphInput, psi: Amount): number {
  return worstCaseLossExact(graph, psi).toNumber();
}

/** R_ψ(G) exactly ('stake' model): the worst fraction of all stake lost to a shock of at most ψ and its cascade. */
export function worstCaseLossExact(graph: RestakingGraphInput, psi: Amount): Rational {
  const g = parseGraph(graph);
  pooledOnly(g, 'worstCaseLoss');
  const shockBound = parseAmount(psi, 'psi');
  if (shockBound.sign() < 0 || Rational.ONE.lt(shockBound)) {
    throw new InvalidRestakingGraphError('psi', `must be in [0, 1], got ${shockBound}`);
  }
  const total = totalStake(g);
  // σ(D) ≤ ψ·σ(V) in integers.
  const shockCap = (shockBound.num * total) / shockBound.den;
  return Rational.of(new WorstCase(g, shockCap).run(), total);
}

function pooledOnly(g: RestakingGraph, what: string): void {
  if (g.costModel !== 'stake') {
    throw new InvalidRestakingGraphError('attackCost', `${what} is defined for the pooled model ('stake') only, got ${JSON.stringify(g.costModel)}`);
  }
}

/**
 * max σ(D) + σ(B) over σ(D) ≤ shockCap, B disjoint from D corrupting A in G↓D, π(A) > σ(B), and
 * A = ∅ (no attack: the heaviest shock alone). Per A, a depth-first search gives each validator,
 * largest first, a part: attacking, shocked or neither. Being shocked or attacking both raise a
 * service's corruption test: B corrupts s in G↓D when
 *     den_s·σ(B ∩ N(s)) + num_s·σ(D ∩ N(s)) ≥ num_s·σ(N(s))   (α_s = num_s/den_s),
 * so only the two capacities bind, and a node is bounded by what they and the free stake allow.
 */
class WorstCase {
  private readonly order: number[];
  private best = 0n;

  constructor(private readonly g: RestakingGraph, private readonly shockCap: bigint) {
    this.order = g.stake.map((_, v) => v).sort((a, b) => {
      const x = g.stake[a] ?? 0n;
      const y = g.stake[b] ?? 0n;
      return x === y ? a - b : x > y ? -1 : 1;
    });
  }

  run(): bigint {
    const m = this.g.serviceIds.length;
    if (m > MAX_SERVICES) throw new InvalidRestakingGraphError('services', `worstCaseLoss enumerates service sets: at most ${MAX_SERVICES} services, got ${m}`);
    // A = ∅ first: it is the floor every attack must beat.
    this.search([], -1n);
    const sets: { services: number[]; profit: bigint }[] = [];
    for (let mask = 1; mask < 2 ** m; mask++) {
      const services = [...Array(m).keys()].filter(s => mask & (1 << s));
      sets.push({ services, profit: services.reduce((sum, s) => sum + (this.g.profit[s] ?? 0n), 0n) });
    }
    // The richest sets allow the heaviest coalitions: try them first.
    sets.sort((a, b) => (a.profit === b.profit ? 0 : a.profit > b.profit ? -1 : 1));
    for (const { services, profit } of sets) this.search(services, profit - 1n);
    return this.best;
  }

  /** Best over one A; `attackCap` is the most B may weigh (−1: no attack). */
  private search(services: number[], attackCap: bigint): void {
    const g = this.g;
    const free = this.order.reduce((sum, v) => sum + (g.stake[v] ?? 0n), 0n);
    const attackRoom = attackCap < 0n ? 0n : attackCap;
    if (this.capped(0n, 0n, free, attackRoom) <= this.best) return;
    const members = services.map(s => new Set(g.backers[s] ?? []));
    const required = services.map((s, i) => (g.thresholdNum[s] ?? 1n) * [...(members[i] ?? [])].reduce((sum, v) => sum + (g.stake[v] ?? 0n), 0n));
    const held = services.map(() => 0n);
    // Backing of each service still free, at the attacking weight den_s: what held can still gain.
    const reachable = services.map((s, i) => (g.thresholdDen[s] ?? 1n) * [...(members[i] ?? [])].reduce((sum, v) => sum + (g.stake[v] ?? 0n), 0n));
    const visit = (depth: number, shocked: bigint, attacking: bigint, freeLeft: bigint): void => {
      if (this.capped(shocked, attacking, freeLeft, attackRoom) <= this.best) return;
      for (let i = 0; i < services.length; i++) if ((held[i] ?? 0n) + (reachable[i] ?? 0n) < (required[i] ?? 0n)) return;
      if (depth === this.order.length) {
        if (services.length > 0 && attacking > attackCap) return;
        if (shocked + attacking > this.best) this.best = shocked + attacking;
        return;
      }
      const v = this.order[depth] as number;
      const stake = g.stake[v] ?? 0n;
      const shift = (attack: bigint, shock: bigint, sign: 1n | -1n): void => {
        services.forEach((s, i) => {
          if (!members[i]?.has(v)) return;
          held[i] = (held[i] ?? 0n) + sign * stake * ((g.thresholdDen[s] ?? 1n) * attack + (g.thresholdNum[s] ?? 1n) * shock);
          reachable[i] = (reachable[i] ?? 0n) - sign * stake * (g.thresholdDen[s] ?? 1n);
        });
      };
      if (services.length > 0 && attacking + stake <= attackCap) {
        shift(1n, 0n, 1n);
        visit(depth + 1, shocked, attacking + stake, freeLeft - stake);
        shift(1n, 0n, -1n);
      }
      if (shocked + stake <= this.shockCap) {
        shift(0n, 1n, 1n);
        visit(depth + 1, shocked + stake, attacking, freeLeft - stake);
        shift(0n, 1n, -1n);
      }
      shift(0n, 0n, 1n);
      visit(depth + 1, shocked, attacking, freeLeft - stake);
      shift(0n, 0n, -1n);
    };
    visit(0, 0n, 0n, free);
  }

  /** The most shocked + attacking stake any completion can reach. */
  private capped(shocked: bigint, attacking: bigint, free: bigint, attackRoom: bigint): bigint {
    const room = this.shockCap - shocked + (attackRoom - attacking);
    return shocked + attacking + (free < room ? free : room);
  }
}

/**
 * Every validator coalition B that can mount a valid attack ('stake' model), each with all the
 * services it can corrupt, A_max(B); cheapest first. Every valid attack (A, B) has A ⊆ A_max(B),
 * so the list covers them all.
 */
export function findValidAttacks(graph: RestakingGraphInput): Attack[] {
  const g = parseGraph(graph);
  pooledOnly(g, 'findValidAttacks');
  const search = new CoalitionSearch(g, MAX_COALITION_VALIDATORS);
  const thresholds = search.thresholdsAfter(0);
  const attacks: { coalition: number; corrupted: number; profit: bigint; cost: bigint }[] = [];
  for (const coalition of subsetsOf(search.all)) {
    const cost = search.stakeOf(coalition);
    const corrupted = search.corruptible(coalition, thresholds, search.allServices);
    const profit = search.profitOfServices(corrupted);
    if (profit > cost) attacks.push({ coalition, corrupted, profit, cost });
  }
  attacks.sort((x, y) => (x.cost < y.cost ? -1 : x.cost > y.cost ? 1 : x.coalition - y.coalition));
  return attacks.map(a => search.describe(a.corrupted, a.coalition));
}

/**
 * The largest γ with (1 + γ)·π(A) ≤ σ(B) for every attacking coalition (A, B) ('stake' model);
 * negative when the graph is insecure, null when no coalition can corrupt anything profitable.
 */
export function slackGamma(graph: RestakingGraphInput): Rational | null {
  const g = parseGraph(graph);
  pooledOnly(g, 'slackGamma');
  const search = new CoalitionSearch(g, MAX_COALITION_VALIDATORS, s => s.connected());
  const thresholds = search.thresholdsAfter(0);
  // The smallest σ(B)/π(A_max(B)), kept as a fraction to compare by cross-multiplying.
  let bestCost = 0n;
  let bestProfit = 0n;
  for (const coalition of subsetsOf(search.searched)) {
    const profit = search.profitOf(coalition, thresholds, search.allServices);
    if (profit === 0n) continue;
    const cost = search.stakeOf(coalition);
    if (bestProfit === 0n || cost * bestProfit < bestCost * profit) {
      bestCost = cost;
      bestProfit = profit;
    }
  }
  return bestProfit === 0n ? null : Rational.of(bestCost, bestProfit).sub(Rational.ONE);
}

/**
 * The EigenLayer local condition (Claim 1 and Corollary 2 of the paper; 'stake' model): (1 + γ)·T_v
 * ≤ 1 for every v implies γ-slack. A profitable service backed by no stake can be corrupted for
 * free, so it caps the certified slack at −1 even when no validator sees it.
 */
export function localCondition(graph: RestakingGraphInput): LocalCondition {
  const g = parseGraph(graph);
  pooledOnly(g, 'localCondition');
  const backing = g.backers.map(list => list.reduce((sum, v) => sum + (g.stake[v] ?? 0n), 0n));
  const freeLoot = g.profit.some((p, s) => p > 0n && backing[s] === 0n);
  const T: (Rational | null)[] = g.validatorIds.map(() => Rational.ZERO);
  g.backers.forEach((list, s) => {
    const profit = g.profit[s] ?? 0n;
    if (profit === 0n) return;
    const stakeBacking = backing[s] ?? 0n;
    for (const v of list) {
      const current = T[v];
      if (current === null || current === undefined) continue;
      T[v] = stakeBacking === 0n
        ? null
        : current.add(Rational.of(profit * (g.thresholdDen[s] ?? 1n), (g.thresholdNum[s] ?? 1n) * stakeBacking));
    }
  });
  let gammaStar: Rational | null = freeLoot ? Rational.ONE.neg() : null;
  for (const t of T) {
    const candidate = t === null ? Rational.ONE.neg() : t.sign() > 0 ? Rational.ONE.div(t).sub(Rational.ONE) : null;
    if (candidate && (gammaStar === null || candidate.lt(gammaStar))) gammaStar = candidate;
  }
  return { validators: g.validatorIds.map((id, v) => ({ id, T: T[v] ?? null })), gammaStar };
}

class CoalitionSearch {
  readonly all: number;
  readonly allServices: number;
  /** The validators the coalition searches range over. */
  readonly searched: number;
  private readonly subsetStake: bigint[];
  private readonly backerMask: number[];

  constructor(private readonly g: RestakingGraph, limit: number, restrict?: (s: CoalitionSearch) => number) {
    const n = g.validatorIds.length;
    this.all = n === 0 ? 0 : 2 ** n - 1;
    this.allServices = g.serviceIds.length === 0 ? 0 : 2 ** g.serviceIds.length - 1;
    this.backerMask = g.backers.map(list => list.reduce((mask, v) => mask | (1 << v), 0));
    this.searched = restrict ? restrict(this) : this.all;
    if (n > limit || g.serviceIds.length > MAX_SERVICES) {
      throw new InvalidRestakingGraphError(
        n > limit ? 'validators' : 'services',
        `exact analysis enumerates subsets: at most ${limit} validators and ${MAX_SERVICES} services, got ${n} and ${g.serviceIds.length}`,
      );
    }
    this.subsetStake = new Array<bigint>(2 ** n).fill(0n);
    for (let mask = 1; mask <= this.all; mask++) {
      const low = mask & -mask;
      this.subsetStake[mask] = (this.subsetStake[mask ^ low] ?? 0n) + (g.stake[31 - Math.clz32(low)] ?? 0n);
    }
  }

  /** Validators with at least one edge. */
  connected(): number {
    return this.backerMask.reduce((mask, backers) => mask | backers, 0);
  }

  stakeOf(mask: number): bigint {
    return this.subsetStake[mask] ?? 0n;
  }

  total(): bigint {
    const total = this.stakeOf(this.all);
    if (total === 0n) throw new InvalidRestakingGraphError('validators', 'total stake is zero, so no fraction of it is defined');
    return total;
  }

  scale(): bigint {
    return this.g.scale;
  }

  /** α_s·σ(N(s) \ removed) per service, as numerator over α's denominator. */
  thresholdsAfter(removed: number): bigint[] {
    return this.backerMask.map((mask, s) => (this.g.thresholdNum[s] ?? 1n) * this.stakeOf(mask & ~removed));
  }

  /** The services among `alive` that `coalition` holds at least the threshold share of. */
  corruptible(coalition: number, thresholds: bigint[], alive: number): number {
    let corrupted = 0;
    for (let s = 0; s < this.backerMask.length; s++) {
      if (!(alive & (1 << s))) continue;
      const held = this.stakeOf(coalition & (this.backerMask[s] ?? 0)) * (this.g.thresholdDen[s] ?? 1n);
      if (held >= (thresholds[s] ?? 0n)) corrupted |= 1 << s;
    }
    return corrupted;
  }

  profitOfServices(services: number): bigint {
    let profit = 0n;
    for (let s = 0; s < this.g.profit.length; s++) if (services & (1 << s)) profit += this.g.profit[s] ?? 0n;
    return profit;
  }

  profitOf(coalition: number, thresholds: bigint[], alive: number): bigint {
    return this.profitOfServices(this.corruptible(coalition, thresholds, alive));
  }

  describe(services: number, coalition: number): Attack {
    const scale = this.scale();
    return {
      services: this.g.serviceIds.filter((_, s) => services & (1 << s)),
      validators: this.g.validatorIds.filter((_, v) => coalition & (1 << v)),
      profit: Rational.of(this.profitOfServices(services), scale),
      cost: Rational.of(this.stakeOf(coalition), scale),
    };
  }
}

/** All submasks of `mask`, largest first, ending with 0. */
function* subsetsOf(mask: number): Generator<number> {
  for (let sub = mask; ; sub = (sub - 1) & mask) {
    yield sub;
    if (sub === 0) return;
  }
}
