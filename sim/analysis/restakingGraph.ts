// Exact security analysis of a pooled restaking graph (the `pooled` contagion model), after
// Durvasula and Roughgarden, "Robust Restaking Networks" (ITCS 2025, arXiv 2407.21785).
//
// Model. Service s has profit from corruption π_s and threshold α_s ∈ (0, 1]; validator v has
// stake σ_v and backs the services it has an edge to, N(v); N(s) is the set backing s.
// - (A, B) is an attacking coalition when σ(B ∩ N(s)) ≥ α_s·σ(N(s)) for every s in A, and a valid
//   attack when moreover π(A) > σ(B): B can corrupt A and the loot beats the stake it forfeits.
// - G↓D is the graph after validators D are gone (thresholds are taken on the stake that remains).
//   After an attack (A, B) the stake of B is slashed and the services of A are corrupted, so the
//   next attack runs on G↓B without A: a service is looted once. (Corollary 1 of the paper merges
//   a cascade into one attack by adding the steps' profits, which presumes exactly this.)
// - A shock D with σ(D) ≤ ψ·σ(V) is followed by a cascade of valid attacks, each on what the shock
//   and the earlier attacks left. R_ψ(G) is the worst fraction of σ(V) lost, shock included.
//
// Sources: only the paper's abstract and introduction were retrievable from our stored copies;
// the definitions above and the constructions in the tests come from a detailed public summary
// of the paper (thogiti.github.io, "Unpacking Robust Restaking Networks", 2024) and were
// re-derived here. We measure R_ψ as σ(D ∪ B_1 ∪ … ∪ B_T)/σ(V), the stake actually lost: the
// summary writes ψ plus the cascade, which double-counts when σ(D) < ψ·σ(V) and contradicts the
// "R_ψ(G) = 1" of Theorem 2.
//
// Method. For a fixed coalition B the best services to attack are all those B can corrupt,
// A_max(B), since the threshold test is per service and profits are non-negative; so every
// question here is a search over validator subsets, each costing O(|S|):
// - isSecure, slackGamma: 2^|V'| coalitions, V' = validators backing something (a validator with
//   no edge only adds cost to a coalition). Fixing A instead and solving the cheapest cover of A
//   is a covering knapsack per A, and Σ_A 2^|N(A)| ≥ 2^|V'| anyway.
// - worstCaseLoss: by Corollary 1 a whole cascade after the shock D is itself one valid attack on
//   G↓D, and one attack is a cascade, so R_ψ(G)·σ(V) = max over D of σ(D) + max{σ(B) : (A_max(B), B)
//   valid on G↓D}: 3^|V| (shock, coalition) pairs, pruned by skipping coalitions no heavier than
//   the best found for that shock.
// All arithmetic is on integers: amounts are scaled once by a common denominator.
import { Rational } from './rational.js';

export type Amount = number | string | Rational;

export interface RestakingGraphInput {
  services: readonly { id: string; profit: Amount; threshold: Amount }[];
  validators: readonly { id: string; stake: Amount }[];
  /** `[serviceId, validatorId]`: the validator restakes for the service. */
  edges: readonly (readonly [string, string])[];
}

/** An attack (A, B): `services` corrupted by `validators`, with profit π(A) and cost σ(B). */
export interface Attack {
  services: string[];
  validators: string[];
  profit: Rational;
  cost: Rational;
}

export interface CascadeResult {
  /** Each step a valid attack on what the shock and the earlier steps left. */
  steps: Attack[];
  /** σ(shock ∪ B_1 ∪ … ∪ B_T), in stake units. */
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

/** Bad graph input, naming the offending field (e.g. `services[2].threshold`). */
export class InvalidRestakingGraphError extends Error {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InvalidRestakingGraphError';
  }
}

// Exhaustive search beyond these sizes takes minutes or more: refuse rather than hang.
const MAX_COALITION_VALIDATORS = 20;
const MAX_SHOCK_VALIDATORS = 13;
// Services are bits of a 32-bit mask.
const MAX_SERVICES = 30;

/** Validators as bit positions; amounts as integers over one shared denominator. */
interface Graph {
  serviceIds: string[];
  validatorIds: string[];
  profit: bigint[];
  thresholdNum: bigint[];
  thresholdDen: bigint[];
  stake: bigint[];
  backers: number[][];
  /** The shared denominator: an amount is its integer here over `scale`. */
  scale: bigint;
}

export function worstCaseLoss(graph: RestakingGraphInput, psi: Amount): number {
  return worstCaseLossExact(graph, psi).toNumber();
}

/** R_ψ(G) exactly: the worst fraction of all stake lost to a shock of at most ψ and its cascade. */
export function worstCaseLossExact(graph: RestakingGraphInput, psi: Amount): Rational {
  const g = parseGraph(graph);
  const shockBound = parseAmount(psi, 'psi');
  if (shockBound.sign() < 0 || Rational.ONE.lt(shockBound)) {
    throw new InvalidRestakingGraphError('psi', `must be in [0, 1], got ${shockBound}`);
  }
  const search = new CoalitionSearch(g, MAX_SHOCK_VALIDATORS);
  const total = search.total();
  let worst = 0n;
  for (const shock of subsetsOf(search.all)) {
    const shockStake = search.stakeOf(shock);
    if (shockStake * shockBound.den > shockBound.num * total) continue;
    const thresholds = search.thresholdsAfter(shock);
    let heaviest = 0n;
    for (const coalition of subsetsOf(search.all & ~shock)) {
      const cost = search.stakeOf(coalition);
      if (cost <= heaviest) continue;
      if (search.profitOf(coalition, thresholds, search.allServices) > cost) heaviest = cost;
    }
    if (shockStake + heaviest > worst) worst = shockStake + heaviest;
  }
  return Rational.of(worst, total);
}

/** True when no valid attack exists: every coalition able to corrupt services forfeits at least their profit. */
export function isSecure(graph: RestakingGraphInput): boolean {
  const g = parseGraph(graph);
  const search = new CoalitionSearch(g, MAX_COALITION_VALIDATORS, s => s.connected());
  const thresholds = search.thresholdsAfter(0);
  for (const coalition of subsetsOf(search.searched)) {
    if (search.profitOf(coalition, thresholds, search.allServices) > search.stakeOf(coalition)) return false;
  }
  return true;
}

/**
 * Every validator coalition B that can mount a valid attack, each with all the services it can
 * corrupt, A_max(B); cheapest first. Every valid attack (A, B) has A ⊆ A_max(B), so the list
 * covers them all.
 */
export function findValidAttacks(graph: RestakingGraphInput): Attack[] {
  const g = parseGraph(graph);
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
 * The cascade that follows the loss of `shockSet`. At each step the cheapest valid attack on the
 * remaining graph strikes (least stake at risk, then most profit, then the smallest bitmask of
 * validators in input order): the coalition that risks least moves first. Always striking with
 * the most profitable attack instead would merge any cascade into one step, since by Corollary 1
 * the union of two successive attacks is a valid attack with their summed net profit. Stops when
 * no valid attack is left, after at most |S| steps since every step corrupts a service. The
 * union of the steps is one valid attack on the graph the shock left, so the loss never exceeds
 * what worstCaseLoss allows for a shock of that size.
 */
export function cascade(graph: RestakingGraphInput, shockSet: readonly string[]): CascadeResult {
  const g = parseGraph(graph);
  const search = new CoalitionSearch(g, MAX_COALITION_VALIDATORS, s => s.connected());
  let removed = 0;
  shockSet.forEach((id, i) => {
    const index = g.validatorIds.indexOf(id);
    if (index < 0) throw new InvalidRestakingGraphError(`shockSet[${i}]`, `unknown validator id ${JSON.stringify(id)}`);
    removed |= 1 << index;
  });
  let alive = search.allServices;
  const steps: Attack[] = [];
  for (;;) {
    const thresholds = search.thresholdsAfter(removed);
    let best: { coalition: number; corrupted: number; profit: bigint; cost: bigint } | undefined;
    for (const coalition of subsetsOf(search.searched & ~removed)) {
      const cost = search.stakeOf(coalition);
      if (best && cost > best.cost) continue;
      const corrupted = search.corruptible(coalition, thresholds, alive);
      const profit = search.profitOfServices(corrupted);
      if (profit <= cost) continue;
      const better = !best || cost < best.cost || profit > best.profit || (profit === best.profit && coalition < best.coalition);
      if (better) best = { coalition, corrupted, profit, cost };
    }
    if (!best) break;
    steps.push(search.describe(best.corrupted, best.coalition));
    removed |= best.coalition;
    alive &= ~best.corrupted;
  }
  const lost = search.stakeOf(removed);
  return { steps, lostStake: Rational.of(lost, search.scale()), lostFraction: Rational.of(lost, search.total()) };
}

/**
 * The largest γ with (1 + γ)·π(A) ≤ σ(B) for every attacking coalition (A, B); negative when the
 * graph is insecure, null when no coalition can corrupt anything profitable (γ unbounded).
 */
export function slackGamma(graph: RestakingGraphInput): Rational | null {
  const g = parseGraph(graph);
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
 * The EigenLayer local condition (Claim 1 and Corollary 2 of the paper): (1 + γ)·T_v ≤ 1 for every
 * v implies γ-slack. A profitable service backed by no stake can be corrupted for free, so it
 * caps the certified slack at −1 even when no validator sees it.
 */
export function localCondition(graph: RestakingGraphInput): LocalCondition {
  const g = parseGraph(graph);
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

/** Subset sums and threshold tests over validator bitmasks. */
class CoalitionSearch {
  readonly all: number;
  readonly allServices: number;
  /** The validators the coalition searches range over. */
  readonly searched: number;
  private readonly subsetStake: bigint[];
  private readonly backerMask: number[];

  constructor(private readonly g: Graph, limit: number, restrict?: (s: CoalitionSearch) => number) {
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

function parseAmount(value: unknown, field: string): Rational {
  if (value instanceof Rational) return value;
  try {
    if (typeof value === 'number') return Rational.fromNumber(value);
    if (typeof value === 'string') return Rational.fromDecimalString(value);
  } catch (error) {
    throw new InvalidRestakingGraphError(field, (error as Error).message);
  }
  throw new InvalidRestakingGraphError(field, `expected a number or a decimal string, got ${typeof value}`);
}

function parseId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRestakingGraphError(field, 'expected a non-empty string id');
  }
  return value;
}

function parseList<T>(value: unknown, field: string): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidRestakingGraphError(field, 'expected an array');
  return value as readonly T[];
}

function parseGraph(input: RestakingGraphInput): Graph {
  if (typeof input !== 'object' || input === null) throw new InvalidRestakingGraphError('graph', 'expected an object');
  const services = parseList<RestakingGraphInput['services'][number]>(input.services, 'services');
  const validators = parseList<RestakingGraphInput['validators'][number]>(input.validators, 'validators');
  const edges = parseList<RestakingGraphInput['edges'][number]>(input.edges, 'edges');

  const serviceIndex = new Map<string, number>();
  const profits: Rational[] = [];
  const thresholds: Rational[] = [];
  services.forEach((service, i) => {
    const id = parseId(service?.id, `services[${i}].id`);
    if (serviceIndex.has(id)) throw new InvalidRestakingGraphError(`services[${i}].id`, `duplicate id ${JSON.stringify(id)}`);
    serviceIndex.set(id, i);
    const profit = parseAmount(service.profit, `services[${i}].profit`);
    if (profit.sign() < 0) throw new InvalidRestakingGraphError(`services[${i}].profit`, `must be ≥ 0, got ${profit}`);
    const threshold = parseAmount(service.threshold, `services[${i}].threshold`);
    if (threshold.sign() <= 0 || Rational.ONE.lt(threshold)) {
      throw new InvalidRestakingGraphError(`services[${i}].threshold`, `must be in (0, 1], got ${threshold}`);
    }
    profits.push(profit);
    thresholds.push(threshold);
  });

  const validatorIndex = new Map<string, number>();
  const stakes: Rational[] = [];
  validators.forEach((validator, i) => {
    const id = parseId(validator?.id, `validators[${i}].id`);
    if (validatorIndex.has(id)) throw new InvalidRestakingGraphError(`validators[${i}].id`, `duplicate id ${JSON.stringify(id)}`);
    validatorIndex.set(id, i);
    const stake = parseAmount(validator.stake, `validators[${i}].stake`);
    if (stake.sign() < 0) throw new InvalidRestakingGraphError(`validators[${i}].stake`, `must be ≥ 0, got ${stake}`);
    stakes.push(stake);
  });

  const backers: number[][] = services.map(() => []);
  const seen = new Set<string>();
  edges.forEach((edge, i) => {
    if (!Array.isArray(edge) || edge.length !== 2) {
      throw new InvalidRestakingGraphError(`edges[${i}]`, 'expected a [serviceId, validatorId] pair');
    }
    const s = serviceIndex.get(edge[0]);
    if (s === undefined) throw new InvalidRestakingGraphError(`edges[${i}][0]`, `unknown service id ${JSON.stringify(edge[0])}`);
    const v = validatorIndex.get(edge[1]);
    if (v === undefined) throw new InvalidRestakingGraphError(`edges[${i}][1]`, `unknown validator id ${JSON.stringify(edge[1])}`);
    const key = `${s}:${v}`;
    if (seen.has(key)) throw new InvalidRestakingGraphError(`edges[${i}]`, `duplicate edge ${JSON.stringify(edge)}`);
    seen.add(key);
    backers[s]?.push(v);
  });

  // Profits and stakes are compared with each other, so they share one denominator.
  const scale = [...profits, ...stakes].reduce((l, r) => lcm(l, r.den), 1n);
  return {
    serviceIds: [...serviceIndex.keys()],
    validatorIds: [...validatorIndex.keys()],
    profit: profits.map(p => (p.num * scale) / p.den),
    thresholdNum: thresholds.map(t => t.num),
    thresholdDen: thresholds.map(t => t.den),
    stake: stakes.map(x => (x.num * scale) / x.den),
    backers,
    scale,
  };
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
