// The attacker (Durvasula and Roughgarden's adversary, under every contagion model): it looks at the
// live restaking graph for a valid attack, a coalition of validators B that can corrupt services A
// with π(A) > cost(B, A), where cost is what B forfeits under the market's contagion model (the
// model's attackCost). Its reasoning is the exact search of sim/analysis (cheapestValidAttack): it
// strikes with the cheapest valid attack, waits for the slashes to land, and looks again on what is
// left, until no valid attack remains: a cascade. It looks right after an exogenous shock, and every
// checkInterval from its first look (the world sets it: after the shock when one is planned, else
// once the stake has settled).
//
// The shock (attacker.shock) means the same under every model: at `at`, a fraction ψ of the stake in
// restaking is lost, through the model's own slashing path:
// - validators: whole validators, largest first (by what the model can slash from them, ties in
//   registration order), as long as they fit in ψ of the stake: the big operators failing together,
//   as in Durvasula-Roughgarden;
// - pro-rata: every operator loses ψ of what the model can slash from it, so any ψ > 0 has an effect.
import type { Rational } from '../analysis/rational.js';
import { cheapestValidAttack, type Attack, type RestakingGraphInput } from '../analysis/restakingGraph.js';
import type { Receipt } from '../chain/transaction.js';
import { WAD } from '../contracts/math.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { SecurityMarket } from '../markets/security/securityMarket.js';
import { fractionToWad } from '../units.js';

export type ShockMode = 'validators' | 'pro-rata';
export type SearchMethod = 'exact' | 'greedy';

export interface AttackerConfig {
  /** Seconds between looks (0: only after the shock). */
  readonly checkInterval: number;
  /**
   * Seconds from the start before the first periodic look (default: checkInterval). Before the
   * stake has joined and become slashable every service looks free to corrupt; the world waits.
   */
  readonly firstLookAt?: number;
  readonly shock: { readonly at: number; readonly stakeFraction: number; readonly mode: ShockMode };
  /** The search: exact (the default) or the greedy heuristic, for comparisons. */
  readonly method?: SearchMethod;
}

/** The state of restaking just before the shock: what the shock's measures are taken against. */
export interface ShockRecord {
  readonly at: number;
  /** STAKE the strategy held for stakers just before the shock (delegated, queued or not yet delegated; base units). */
  readonly stake: bigint;
  /** The market's deposit counter then, so that stake deposited later is counted as exposed too. */
  readonly depositedBefore: bigint;
  /** STAKE attacks took from stakers before the shock (not the shock's doing; SecurityMarket.slashedByReason). */
  readonly attackTokensBefore: bigint;
  /** The model's certified slack γ* of the graph reached at shock time (null: nothing worth corrupting). */
  readonly gamma: Rational | null;
  /** STAKE attacks took from stakers, ever, when the cascade right after the shock ended (absent while it goes on). */
  readonly attackTokensAfterCascade?: bigint;
}

/** One look: the graph searched and the attack found on it, if any. */
export interface Search {
  readonly time: number;
  /** Looks in a row since the last one that found nothing (0: a fresh look). */
  readonly step: number;
  readonly afterShock: boolean;
  readonly graph: RestakingGraphInput;
  readonly attack: Attack | undefined;
}

export class AttackerAgent {
  readonly config: AttackerConfig;
  readonly #ctx: MarketContext;
  readonly #market: SecurityMarket;
  readonly #searchListeners: ((search: Search) => void)[] = [];
  #step = 0;
  /** Shocks and strikes sent and not yet landed: no look until they have. */
  #busy = 0;
  #sinceShock = false;
  /**
   * The last graph a search found no attack on, as JSON: the search is a pure function of the graph,
   * so a look at the same graph again (nothing staked, slashed or withdrawn since) needs no search.
   */
  #searchedInVain: string | undefined;

  // For metrics.
  /** Looks, and the searches they ran (a look at a graph already searched in vain runs none). */
  looks = 0;
  searches = 0;
  attacks = 0;
  cascades = 0;
  lastCascadeDepth = 0;
  maxCascadeDepth = 0;
  /** π of the services looted, base units. */
  profit = 0n;
  shockRecord: ShockRecord | undefined;

  constructor(ctx: MarketContext, market: SecurityMarket, config: AttackerConfig) {
    if (!(config.shock.stakeFraction >= 0 && config.shock.stakeFraction <= 1)) {
      throw new RangeError(`attacker: shock.stakeFraction must be in [0, 1], got ${config.shock.stakeFraction}`);
    }
    if (!(config.checkInterval >= 0)) throw new RangeError(`attacker: checkInterval must be >= 0, got ${config.checkInterval}`);
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
  }

  /** Called after every search, with what it searched and found (for validation and tests). */
  onSearch(listener: (search: Search) => void): void {
    this.#searchListeners.push(listener);
  }

  start(): void {
    const { checkInterval, shock } = this.config;
    if (shock.stakeFraction > 0) this.#ctx.kernel.schedule(shock.at, () => this.shock());
    if (checkInterval > 0) this.#ctx.kernel.schedule(this.config.firstLookAt ?? checkInterval, () => this.#check());
  }

  /** Records the state the shock hits, sends its slashes, and looks for attacks once they have landed. */
  shock(): void {
    const market = this.#market;
    const graph = market.attackGraph();
    this.shockRecord = {
      at: this.#ctx.kernel.now(),
      stake: market.stakeHeldForStakers(),
      depositedBefore: market.deposited,
      attackTokensBefore: market.slashedByReason.get('attack') ?? 0n,
      gamma: market.model.certifiedSlack(graph),
    };
    const { stakeFraction, mode } = this.config.shock;
    const wad = fractionToWad(stakeFraction);
    this.#busy++;
    const after = this.#afterAll(() => {
      this.#busy--;
      this.#sinceShock = true;
      this.#look();
    });
    if (mode === 'pro-rata') {
      for (const op of market.operators()) after.expect(market.slashAtRisk(op, wad, 'shock', after.done));
    } else {
      for (const op of shockedValidators(market, (market.stakeInRestaking() * wad) / WAD)) after.expect(market.slashAtRisk(op, WAD, 'shock', after.done));
    }
    after.seal();
  }

  #check(): void {
    this.#ctx.kernel.schedule(this.config.checkInterval, () => this.#check());
    this.#look();
  }

  /** Searches the live graph; strikes and looks again once the strike has landed, or ends the cascade. */
  #look(): void {
    if (this.#busy > 0) return;
    const graph = this.#market.attackGraph();
    const key = JSON.stringify(graph);
    this.looks++;
    let attack: Attack | undefined;
    if (key !== this.#searchedInVain) {
      this.searches++;
      attack = cheapestValidAttack(graph, { method: this.config.method ?? 'exact' });
      this.#searchedInVain = attack === undefined ? key : undefined;
    }
    const search: Search = { time: this.#ctx.kernel.now(), step: this.#step, afterShock: this.#sinceShock, graph, attack };
    for (const l of this.#searchListeners) l(search);
    if (attack === undefined) {
      if (this.#sinceShock && this.shockRecord !== undefined && this.shockRecord.attackTokensAfterCascade === undefined) {
        this.shockRecord = { ...this.shockRecord, attackTokensAfterCascade: this.#market.slashedByReason.get('attack') ?? 0n };
      }
      if (this.#step > 0) {
        this.cascades++;
        this.lastCascadeDepth = this.#step;
        this.maxCascadeDepth = Math.max(this.maxCascadeDepth, this.#step);
      }
      this.#step = 0;
      this.#sinceShock = false;
      return;
    }
    this.#busy++;
    this.#step++;
    this.attacks++;
    this.profit += attack.profit.num / attack.profit.den;
    const after = this.#afterAll(() => {
      this.#busy--;
      this.#look();
    });
    after.expect(this.#market.strike(attack.services, attack.validators, after.done));
    after.seal();
  }

  /** Runs `then` (as a new event) once every receipt expected has arrived. */
  #afterAll(then: () => void): { expect(n: number): void; done(r: Receipt<unknown>): void; seal(): void } {
    let pending = 0;
    let sealed = false;
    const fire = (): void => {
      if (sealed && pending === 0) this.#ctx.kernel.schedule(0, then);
    };
    return {
      expect: (n) => (pending += n),
      done: () => {
        pending--;
        fire();
      },
      seal: () => {
        sealed = true;
        fire();
      },
    };
  }
}

/** The validators a validators-mode shock takes: largest at risk first (ties in registration order) while they fit in `budget`. */
export function shockedValidators(market: SecurityMarket, budget: bigint): Address[] {
  const byRisk = market.operators().map((id, i) => ({ id, i, risk: market.model.atRisk(id) }));
  byRisk.sort((a, b) => (a.risk === b.risk ? a.i - b.i : a.risk > b.risk ? -1 : 1));
  const hit: Address[] = [];
  let used = 0n;
  for (const v of byRisk) {
    if (v.risk === 0n || used + v.risk > budget) continue;
    hit.push(v.id);
    used += v.risk;
  }
  return hit;
}
