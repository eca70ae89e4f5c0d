// The `elastic` contagion model (Bar-Zur and Eyal, "Elastic Restaking Networks", arXiv 2503.00170):
// each allocation w_{v,s} ≤ σ_v but their sum may exceed σ_v. A slash of service s takes (its share
// of) w_{v,s} from σ_v, and every other allocation of v stretches to min(w_{v,t}, σ_v after). An
// attack of B on A therefore burns Σ_{v∈B} min(σ_v, Σ_{s∈A} w_{v,s}): slashing A's allocations one
// after the other takes w_{v,s} each time until σ_v is gone, and the order does not matter.
//
// The ledger keeps each allocation as a fraction of the operator's stake (WAD = all of it), so
// deposits, withdrawals and pro-rata shocks (which take `wad` of σ_v and leave the fractions) scale
// every allocation with σ_v, as elastic restaking intends. σ_v itself is the operator's stake in the ledger set (ledgerSet.ts), where a slash of x
// tokens here is executed as a slash of x/σ_v of everything: tokens only move through the contracts.
import { Rational } from '../../analysis/rational.js';
import type { RestakingGraphInput } from '../../analysis/restakingGraph.js';
import { mulWadRoundUp, WAD } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';
import { fractionToWad, ratioToNumber } from '../../units.js';
import { liveGraph, type ContagionModel, type Done, type ModelHost, type ServiceTerms, type SlashReason } from './contagionModel.js';
import { LEDGER_KEEPER, LedgerBackedModel } from './ledgerSet.js';

export interface ElasticSlash {
  /** Tokens the slash takes from σ_v. */
  readonly tokens: bigint;
  /** Writes the stretched allocations; called once the tokens have left through the contracts. */
  readonly commit: () => void;
}

/** Allocation fractions (WAD = σ_v) per operator, per service, in allocation order. */
export class ElasticLedger {
  readonly #fractions = new Map<Address, Map<Address, bigint>>();
  #version = 0;

  /** Moves with every write of the fractions (an allocation, a slash's stretch). */
  get version(): number {
    return this.#version;
  }

  /** Sets the fractions an operator allocates; each is capped at WAD (w_{v,s} ≤ σ_v). */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>): void {
    const capped = new Map<Address, bigint>();
    for (const [service, f] of fractions) {
      if (f < 0n) throw new RangeError(`elastic allocation of ${operator} to ${service} is negative`);
      capped.set(service, f > WAD ? WAD : f);
    }
    this.#fractions.set(operator, capped);
    this.#version++;
  }

  fraction(operator: Address, service: Address): bigint {
    return this.#fractions.get(operator)?.get(service) ?? 0n;
  }

  /** Σ_s w_{v,s}/σ_v, as a WAD: the restaking degree (above WAD when allocations overlap). */
  degree(operator: Address): bigint {
    let sum = 0n;
    for (const f of this.#fractions.get(operator)?.values() ?? []) sum += f;
    return sum;
  }

  /** w_{v,s} in tokens for an operator whose stake is `stake`. */
  allocated(operator: Address, service: Address, stake: bigint): bigint {
    return (this.fraction(operator, service) * stake) / WAD;
  }

  /**
   * Plans a slash of `wad` of w_{v,s} (WAD takes the whole allocation, the paper's slash) from an
   * operator whose stake is `stake`: the tokens taken, and the stretched allocations to write once
   * they are gone. Rounded up, as the contracts round magnitude slashes, so a slash is never free.
   */
  slash(operator: Address, service: Address, wad: bigint, stake: bigint): ElasticSlash {
    const fractions = this.#fractions.get(operator);
    const f = fractions?.get(service) ?? 0n;
    if (fractions === undefined || f === 0n || stake === 0n) return { tokens: 0n, commit: () => {} };
    const allocation = (f * stake) / WAD;
    const taken = mulWadRoundUp(allocation, wad);
    const tokens = taken > stake ? stake : taken;
    const after = stake - tokens;
    const stretched = new Map<Address, bigint>();
    for (const [t, ft] of fractions) {
      // w'_t = min(w_t, σ'); the slashed allocation keeps what the slash left of it.
      const wt = t === service ? allocation - tokens : (ft * stake) / WAD;
      const kept = wt < after ? wt : after;
      stretched.set(t, after === 0n ? 0n : (kept * WAD) / after);
    }
    return {
      tokens,
      commit: () => {
        this.#fractions.set(operator, stretched);
        this.#version++;
      },
    };
  }
}

export class ElasticModel extends LedgerBackedModel implements ContagionModel {
  readonly name = 'elastic';
  readonly attackCost = 'elastic';
  readonly allocations = new ElasticLedger();

  override get stateVersion(): number {
    return this.allocations.version;
  }

  constructor(host: ModelHost) {
    if (!(host.restakingDegree >= 1)) throw new RangeError(`security: restakingDegree must be >= 1, got ${host.restakingDegree}`);
    super(host);
  }

  /** The whole magnitude to the ledger set, and the fractions scaled to sum to restakingDegree (each capped at all of the stake). */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>, done: Done<void>): void {
    let total = 0n;
    for (const f of fractions.values()) total += f;
    const degree = fractionToWad(this.host.restakingDegree);
    const scaled = new Map<Address, bigint>();
    for (const [s, f] of fractions) scaled.set(s, total === 0n ? 0n : (f * degree) / total);
    this.ledger.allocateAll(operator, (r) => {
      if (r.status === 'success') this.allocations.allocate(operator, scaled);
      done(r);
    });
  }

  slash(terms: ServiceTerms, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): void {
    if (!this.host.membersOf(terms.avs).includes(operator)) return;
    this.ledger.slash(terms.slasher, operator, terms.avs, reason, (stake) => this.allocations.slash(operator, terms.avs, wad, stake), done);
  }

  /** Each allocation of B to a service of A is slashed in full, in turn, from what the earlier slashes left. */
  strike(services: readonly Address[], validators: readonly Address[], done: Done<bigint>): number {
    let sent = 0;
    for (const v of validators) {
      for (const s of services) {
        if (this.allocations.fraction(v, s) === 0n) continue;
        this.ledger.slash(LEDGER_KEEPER, v, s, 'attack', (stake) => this.allocations.slash(v, s, WAD, stake), done);
        sent++;
      }
    }
    return sent;
  }

  allocatedStake(operator: Address, service: Address): bigint {
    return this.host.membersOf(service).includes(operator) ? this.allocations.allocated(operator, service, this.ledger.stake(operator)) : 0n;
  }

  plannedFraction(operator: Address, service: Address): number {
    return ratioToNumber(this.allocations.fraction(operator, service), WAD);
  }

  attackGraph(): RestakingGraphInput {
    // What an attack reaches: σ_v and the allocations over the slashable stake, queued withdrawals included.
    const slashable = (v: Address): bigint => this.ledger.slashable(v);
    const allocation = (v: Address, s: Address): bigint => (this.host.membersOf(s).includes(v) ? this.allocations.allocated(v, s, slashable(v)) : 0n);
    return liveGraph(this.host, this.attackCost, slashable, allocation);
  }

  /**
   * A slack every attack on an elastic graph certifies, derived here (the paper states its own
   * conditions; this is the analogue of EigenLayer's local condition). With W_v = Σ_t w_{v,t} and
   * r_v = min(1, σ_v/W_v), the attack cost of v on A is min(σ_v, Σ_{s∈A} w_{v,s}) ≥ r_v·Σ_{s∈A} w_{v,s}
   * (both terms of the min are, since Σ_{s∈A} w_{v,s} ≤ W_v). So an attacking coalition costs at least
   * Σ_{s∈A} r_min(s)·α_s·W_s, r_min(s) the least r_v over s's backers and W_s its allocated stake,
   * and γ* = min_s r_min(s)·α_s·W_s / π_s − 1 over services worth corrupting (−1 if one has no stake).
   */
  certifiedSlack(graph: RestakingGraphInput): Rational | null {
    const stake = new Map(graph.validators.map((v) => [v.id, BigInt(v.stake as string)]));
    const allocations = (graph.allocations ?? []).map((a) => ({ service: a.service, validator: a.validator, amount: BigInt(a.amount as string) }));
    const perValidator = new Map<string, bigint>();
    for (const a of allocations) perValidator.set(a.validator, (perValidator.get(a.validator) ?? 0n) + a.amount);
    const ratio = (v: string): Rational => {
      const total = perValidator.get(v) ?? 0n;
      const sigma = stake.get(v) ?? 0n;
      return total === 0n || sigma >= total ? Rational.ONE : Rational.of(sigma, total);
    };
    let gamma: Rational | null = null;
    for (const service of graph.services) {
      const profit = BigInt(service.profit as string);
      if (profit === 0n) continue;
      let backing = 0n;
      let rMin = Rational.ONE;
      for (const a of allocations) {
        if (a.service !== service.id || a.amount === 0n) continue;
        backing += a.amount;
        rMin = Rational.min(rMin, ratio(a.validator));
      }
      const candidate = backing === 0n
        ? Rational.ONE.neg()
        : rMin.mul(Rational.fromNumber(Number(service.threshold))).mul(Rational.of(backing, profit)).sub(Rational.ONE);
      if (gamma === null || candidate.lt(gamma)) gamma = candidate;
    }
    return gamma;
  }
}
