// The attacker of the pooled model (Durvasula and Roughgarden): every checkInterval it looks at the
// restaking graph for a valid attack, a coalition of validators B that can corrupt services A with
// π(A) > σ(B), and runs the whole cascade: each attack loots its services and loses its validators'
// stake, and the next attack runs on what is left. An optional shock removes a share ψ of all stake
// first, at a given time. The search is exact on small graphs and greedy beyond (see
// markets/security/attackSearch.ts).
//
// The shock hits the largest validators that fit in ψ·σ(V), largest first (ties in registration
// order): the big operators failing together, which is where shocks hurt most on even graphs.
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { SecurityMarket } from '../markets/security.js';
import { planCascade, type SearchMethod } from '../markets/security/attackSearch.js';
import type { PooledGraph } from '../markets/security/pooled.js';

export interface AttackerConfig {
  /** Seconds between searches (0: only after the shock). */
  readonly checkInterval: number;
  readonly shock: { readonly at: number; readonly stakeFraction: number };
  /** Forces the search method; by default exact on small graphs, greedy beyond. */
  readonly method?: SearchMethod;
}

export class AttackerAgent {
  readonly config: AttackerConfig;
  readonly #ctx: MarketContext;
  readonly #market: SecurityMarket;

  // For metrics.
  attacks = 0;
  cascades = 0;
  lastCascadeDepth = 0;
  maxCascadeDepth = 0;
  /** STAKE (base units) of validators lost to attacks, and to the shock, as the graph valued them. */
  attackLostStake = 0n;
  shockLostStake = 0n;
  /** π of the services looted. */
  profit = 0n;
  /** σ(V) when the first search or the shock ran: the denominator of the lost fraction. */
  initialStake = 0n;

  constructor(ctx: MarketContext, market: SecurityMarket, config: AttackerConfig) {
    if (market.params.contagion !== 'pooled') throw new RangeError(`the attacker acts on the pooled model, not '${market.params.contagion}'`);
    if (!(config.shock.stakeFraction >= 0 && config.shock.stakeFraction <= 1)) {
      throw new RangeError(`attacker: shock.stakeFraction must be in [0, 1], got ${config.shock.stakeFraction}`);
    }
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
  }

  /** (shock + attacks) / σ(V) at the first look: R_ψ as this run realised it. */
  lostFraction(): number {
    if (this.initialStake === 0n) return 0;
    return Number(((this.shockLostStake + this.attackLostStake) * 1_000_000n) / this.initialStake) / 1_000_000;
  }

  start(): void {
    const { checkInterval, shock } = this.config;
    if (shock.stakeFraction > 0) this.#ctx.kernel.schedule(shock.at, () => this.shock());
    if (checkInterval > 0) this.#ctx.kernel.schedule(checkInterval, () => this.#check());
  }

  /** Removes the largest validators that fit in stakeFraction·σ(V), then runs the cascade. */
  shock(): void {
    const graph = this.#market.pooledGraph();
    const total = this.#noteInitialStake(graph);
    if (total === 0n) return;
    const budget = (total * BigInt(Math.round(this.config.shock.stakeFraction * 1e9))) / 1_000_000_000n;
    const byStake = graph.validators.map((v, i) => ({ ...v, i })).sort((a, b) => (a.stake === b.stake ? a.i - b.i : a.stake > b.stake ? -1 : 1));
    const hit: Address[] = [];
    let used = 0n;
    for (const v of byStake) {
      if (v.stake === 0n || used + v.stake > budget) continue;
      hit.push(v.id);
      used += v.stake;
    }
    this.shockLostStake += used;
    this.#market.loseValidators(hit, 'shock');
    this.runCascade();
  }

  /** Runs every valid attack the search finds, each on what the earlier ones left. */
  runCascade(): number {
    const graph = this.#market.pooledGraph();
    // Before any stake is slashable (allocations wait out their delay) there is nothing to attack.
    if (this.#noteInitialStake(graph) === 0n) return 0;
    const steps = planCascade(graph, this.config.method);
    for (const step of steps) {
      this.#market.corruptServices(step.services);
      this.#market.loseValidators(step.validators, 'attack');
      this.attacks++;
      this.attackLostStake += step.cost;
      this.profit += step.profit;
    }
    if (steps.length > 0) {
      this.cascades++;
      this.lastCascadeDepth = steps.length;
      if (steps.length > this.maxCascadeDepth) this.maxCascadeDepth = steps.length;
    }
    return steps.length;
  }

  #check(): void {
    this.runCascade();
    this.#ctx.kernel.schedule(this.config.checkInterval, () => this.#check());
  }

  #noteInitialStake(graph: PooledGraph): bigint {
    const total = graph.validators.reduce((sum, v) => sum + v.stake, 0n);
    if (this.initialStake === 0n) this.initialStake = total;
    return total;
  }
}
