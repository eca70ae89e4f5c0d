// The cheapest valid attack on a restaking graph, exactly (the definitions are in attackModel.ts; the
// public entry is cheapestValidAttack in restakingGraph.ts).
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
// is a covering program (coverProblem.ts), and the answer is the first over A of (A, first cover of
// A). A cover of A' ⊇ A covers A and costs at least as much (each model's cost only grows with A),
// so the least cost of a cover only grows along the inclusion of service sets.
// - Outer search over A, best first: service sets wait in a queue keyed by the linear relaxation of
//   their covering program, which bounds the cost of every superset too. Each set comes from its
//   parent by adding a service later in a fixed order (most profit first), so each is made once.
//   A set taken off the queue makes its children if some set of its subtree can still be valid and
//   no dearer than the best found (serviceSetBounds.ts), and has its covers searched if it can be
//   profitable and come first, up to a level common to all sets (`levelFor`): a set with no cover
//   under the level goes back in the queue under the level plus one, a bound now proven. The search
//   ends when the queue is empty: every set left holds a bound above the best cost. Cheap attacks on
//   few services are met first, which is what lets large graphs prune.
// - Inner search over B for one A: the first cover costing at most the level, or what could still
//   come first (`allowance`), by branch and bound with the halves at its leaves
//   (coverBranchAndBound.ts, coverHalves.ts).
// Every comparison that decides the answer is on exact integers; floating point only ever prunes
// through a bound that is certified (boxLp.ts), or chooses which pairs of halves to check exactly.
import type { AttackModel } from './attackModel.js';
import { CoverState, firstCoverByBranchAndBound, type Relaxation } from './coverBranchAndBound.js';
import { BudgetExhausted, coverProblem, membershipOrder, NodeCounter, type CoverProblem } from './coverProblem.js';
import { MinQueue } from './minQueue.js';
import { subtreeMayBeat, subtreeMayProfit } from './serviceSetBounds.js';

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
  /** Nodes visited: service sets, branch-and-bound nodes, and subsets listed by the halves. */
  readonly nodes: number;
  /**
   * A cost no valid attack is below, proven by what the search had done when it stopped: the
   * answer's cost when exact; with a budget run out, the least bound of the service sets still
   * waiting (or of the one being searched), so that the best found is at most that far from proven.
   */
  readonly lowerBound: bigint | undefined;
}

export interface ExactSearchOptions {
  /** Nodes after which the search stops and reports `exact: false`; default unlimited. */
  readonly nodeBudget?: number;
}

export function cheapestAttackExact(model: AttackModel, options: ExactSearchOptions = {}): SearchOutcome {
  return new ExactSearch(model, new NodeCounter(options.nodeBudget ?? Infinity)).run();
}

/** A service set waiting in the queue: its services (ascending), where its children start in the order, and its bound. */
interface QueuedSet {
  readonly services: number[];
  /** Where its children start in the order; undefined once they are made. */
  readonly next: number | undefined;
  /** An integer at most the cost of any cover of these services: the relaxation's, or a cap searched in vain plus one. */
  readonly floor: bigint;
  /** Its covering program and relaxation, kept from its first search for the next. */
  readonly problem?: CoverProblem;
  readonly root?: Relaxation | 'covered';
}

// The level's first distance above the bound it starts from, as a share of that bound.
const FIRST_LEVEL = 1 / 128;

class ExactSearch {
  private best: FoundAttack | undefined;
  /** Services, most profit first (then input order): the order that makes each set once. */
  private readonly order: number[];
  private readonly queue = new MinQueue<QueuedSet>();
  /** The bound of the set being searched, while it is. */
  private current: bigint | undefined;
  /** Whether every one-service set has been queued: from then on the queue and the set at hand bound all that is left. */
  private rooted = false;
  /** Where the level started, its distance from there, and its value (see levelFor). */
  private level: { base: number; step: number; cap: bigint } | undefined;

  constructor(private readonly model: AttackModel, private readonly counter: NodeCounter) {
    const profit = (s: number): bigint => model.graph.profit[s] ?? 0n;
    this.order = Array.from({ length: model.services }, (_, s) => s).sort((a, b) =>
      profit(a) === profit(b) ? a - b : profit(a) > profit(b) ? -1 : 1,
    );
  }

  run(): SearchOutcome {
    try {
      this.bestFirst();
    } catch (error) {
      if (!(error instanceof BudgetExhausted)) throw error;
      return { attack: this.best, exact: false, nodes: this.counter.nodes, lowerBound: this.waitingBound() };
    }
    return { attack: this.best, exact: true, nodes: this.counter.nodes, lowerBound: this.best?.cost };
  }

  /** The least bound among the sets not yet searched to the end, capped at the best cost (0 if the first sets were not all made). */
  private waitingBound(): bigint | undefined {
    let least = this.rooted ? this.current : 0n;
    for (let set = this.queue.pop(); set !== undefined; set = this.queue.pop()) {
      if (least === undefined || set.floor < least) least = set.floor;
    }
    if (this.best === undefined) return least;
    return least === undefined || this.best.cost < least ? this.best.cost : least;
  }

  // ---- outer search over A -------------------------------------------------------------------

  private bestFirst(): void {
    if (this.order.length === 0 || !subtreeMayProfit(this.model, [], this.order)) return;
    this.order.forEach((s, i) => this.offer([s], i + 1));
    this.rooted = true;
    for (let set = this.queue.pop(); set !== undefined; set = this.queue.pop()) {
      if (this.best !== undefined && set.floor > this.best.cost) continue;
      this.current = set.floor;
      this.counter.tick();
      const problem = set.problem ?? coverProblem(this.model, set.services);
      const root = set.root ?? new CoverState(problem).relaxation();
      if (root === undefined) continue;
      const exceeds = (t: bigint): boolean => (root === 'covered' ? 0n > t : root.exceeds(t));
      if (this.best !== undefined && exceeds(this.best.cost)) continue;
      if (set.next !== undefined) this.expand(set.services, set.next, problem.profit, exceeds);
      this.searchCovers(set, problem, root, exceeds);
    }
    this.current = undefined;
  }

  /** Queues the children of a set: it with one service more, from `next` on in the order. */
  private expand(chosen: number[], next: number, profit: bigint, exceeds: (threshold: bigint) => boolean): void {
    const rest = this.order.slice(next);
    if (rest.length === 0 || !subtreeMayBeat(this.model, rest, profit, exceeds, this.best?.cost) || !subtreeMayProfit(this.model, chosen, rest)) return;
    rest.forEach((u, i) => this.offer([...chosen, u].sort((a, b) => a - b), next + i + 1));
  }

  /** Queues a service set under its bound, unless no cover of it (or of any superset) can come first. */
  private offer(services: number[], next: number): void {
    this.counter.tick();
    const root = new CoverState(coverProblem(this.model, services)).relaxation();
    if (root === undefined) return; // these services cannot be covered at all, nor any superset
    const floor = root === 'covered' ? 0n : root.floor;
    if (this.best !== undefined && floor > this.best.cost) return;
    this.queue.push(root === 'covered' ? 0 : root.estimate, { services, next, floor });
  }

  /**
   * Searches A's covers under the level (see `levelFor`) or the allowance, whichever is lower: A's
   * first cover, if one costs at most that cap, is its first that could come first overall; if none
   * does and the cap was below the allowance, A goes back in the queue under the cap plus one, a
   * bound now proven, to be searched again once the level has risen past it.
   */
  private searchCovers(set: QueuedSet, problem: CoverProblem, root: Relaxation | 'covered', exceeds: (threshold: bigint) => boolean): void {
    const allowance = this.allowance(problem);
    if (allowance < set.floor || allowance < 0n || exceeds(allowance)) return;
    const level = this.levelFor(set.floor, root === 'covered' ? 0 : root.estimate);
    const cap = level < allowance ? level : allowance;
    const cover = firstCoverByBranchAndBound(problem, cap, this.counter);
    if (cover === undefined) {
      if (cap < allowance) {
        this.queue.push(Number(cap + 1n), { services: set.services, next: undefined, floor: cap + 1n, problem, root });
      }
      return;
    }
    const found: FoundAttack = {
      services: problem.services,
      validators: cover.chosen.map(j => problem.members[j] as number),
      profit: problem.profit,
      cost: cover.cost,
    };
    if (this.best === undefined || precedes(found, this.best)) this.best = found;
  }

  /**
   * The level covers are searched up to. It starts a little above the bound of the set searched
   * first (FIRST_LEVEL of that bound) and doubles its distance from there whenever a set comes off
   * the queue with a floor above it, that is when every set below it has been searched up to it
   * (it starts again from a set whose floor lies beyond the next doubling: the sets left are then
   * all far dearer than those searched so far). The first cover under a cap is the first overall,
   * since every cover before it costs no more; and a search under a cap close to the bound prunes
   * and fixes members far more than one under the allowance. So each set is searched about as far
   * above its bound as the answer lies, at most twice as far, and the answer is met after about
   * log2(its distance from the bound / FIRST_LEVEL) rises of the level.
   */
  private levelFor(floor: bigint, bound: number): bigint {
    const level = this.level;
    if (level === undefined || Number(floor) > level.base + 2 * level.step) {
      this.level = { base: bound, step: Math.max(1, bound * FIRST_LEVEL), cap: BigInt(Math.floor(bound)) };
    }
    const current = this.level as { base: number; step: number; cap: bigint };
    while (current.cap < floor) {
      current.cap = BigInt(Math.floor(current.base + current.step));
      current.step *= 2;
    }
    return current.cap;
  }

  /** The most a cover of `problem` may cost and still come first, given the best found. */
  private allowance(problem: CoverProblem): bigint {
    const valid = problem.profit - 1n;
    if (this.best === undefined) return valid;
    const limit = problem.profit >= this.best.profit ? this.best.cost : this.best.cost - 1n;
    return limit < valid ? limit : valid;
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
