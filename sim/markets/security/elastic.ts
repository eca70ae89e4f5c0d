// The `elastic` contagion model (Bar-Zur and Eyal, "Elastic Restaking Networks", arXiv 2503.00170):
// each allocation w_{v,s} ≤ σ_v but their sum may exceed σ_v. A slash of service s takes (its share
// of) w_{v,s} from σ_v, and every other allocation of v stretches to min(w_{v,t}, σ_v after).
//
// The ledger keeps each allocation as a fraction of the operator's stake (WAD = all of it), so
// deposits and withdrawals scale every allocation with σ_v, as elastic restaking intends. σ_v itself
// is not kept here: it is the operator's delegated stake in the contracts, read when needed. The
// contracts cannot hold allocations above the operator's magnitude, so each operator allocates its
// whole magnitude to one ledger operator set and a slash of x tokens here is executed there as a
// slash of x/σ_v of everything (see SecurityMarket): tokens only ever move through the contracts.
import { WAD } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';

export interface ElasticSlash {
  /** Tokens the slash takes from σ_v. */
  readonly tokens: bigint;
  /** Writes the stretched allocations; called once the tokens have left through the contracts. */
  readonly commit: () => void;
}

export class ElasticLedger {
  /** Allocation fractions (WAD = σ_v) per operator, per service, in allocation order. */
  readonly #fractions = new Map<Address, Map<Address, bigint>>();

  /** Sets the fractions an operator allocates; each is capped at WAD (w_{v,s} ≤ σ_v). */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>): void {
    const capped = new Map<Address, bigint>();
    for (const [service, f] of fractions) {
      if (f < 0n) throw new RangeError(`elastic allocation of ${operator} to ${service} is negative`);
      capped.set(service, f > WAD ? WAD : f);
    }
    this.#fractions.set(operator, capped);
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
    const taken = ceilDiv(allocation * wad, WAD);
    const tokens = taken > stake ? stake : taken;
    const after = stake - tokens;
    const stretched = new Map<Address, bigint>();
    for (const [t, ft] of fractions) {
      // w'_t = min(w_t, σ'); the slashed allocation keeps what the slash left of it.
      const wt = t === service ? allocation - tokens : (ft * stake) / WAD;
      const kept = wt < after ? wt : after;
      stretched.set(t, after === 0n ? 0n : (kept * WAD) / after);
    }
    return { tokens, commit: () => this.#fractions.set(operator, stretched) };
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
