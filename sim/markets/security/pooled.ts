// The `pooled` contagion model: the restaking graph of Durvasula and Roughgarden (validation spec §2).
// Validators are operators with their whole delegated stake σ_v, services carry a profit from
// corruption π_s and a threshold α_s, and an edge is a registration. Stake is fully reused: σ_v
// backs every service v is registered for. The ledger here records what the graph model decides and
// the contracts cannot express: which validators are lost (slashed in full after an attack or a
// shock) and which services are corrupted (looted once, then out of the graph). σ_v is read from the
// contracts, where a lost validator's stake is burned through the ledger operator set.
import type { Address } from '../../contracts/types.js';

export interface PooledService {
  readonly id: Address;
  /** π_s in token base units. */
  readonly profit: bigint;
  /** α_s in (0, 1]. */
  readonly threshold: number;
}

export interface PooledValidator {
  readonly id: Address;
  /** σ_v in token base units. */
  readonly stake: bigint;
}

/** The live graph: lost validators and corrupted services left out, edges between what remains. */
export interface PooledGraph {
  readonly services: readonly PooledService[];
  readonly validators: readonly PooledValidator[];
  /** [service, validator] */
  readonly edges: readonly (readonly [Address, Address])[];
}

export type LossCause = 'shock' | 'attack';

export class PooledLedger {
  readonly #services = new Map<Address, PooledService>();
  /** Registrations per service, in registration order. */
  readonly #backers = new Map<Address, Address[]>();
  readonly #validators: Address[] = [];
  readonly #lost = new Map<Address, LossCause>();
  readonly #corrupted = new Set<Address>();

  addService(service: PooledService): void {
    if (this.#services.has(service.id)) throw new Error(`pooled: service ${service.id} added twice`);
    this.#services.set(service.id, service);
    this.#backers.set(service.id, []);
  }

  addValidator(id: Address): void {
    if (!this.#validators.includes(id)) this.#validators.push(id);
  }

  addEdge(service: Address, validator: Address): void {
    const backers = this.#backers.get(service);
    if (backers === undefined) throw new Error(`pooled: unknown service ${service}`);
    if (!backers.includes(validator)) backers.push(validator);
  }

  isLost(validator: Address): boolean {
    return this.#lost.has(validator);
  }

  isCorrupted(service: Address): boolean {
    return this.#corrupted.has(service);
  }

  backs(validator: Address, service: Address): boolean {
    return !this.isLost(validator) && !this.isCorrupted(service) && (this.#backers.get(service)?.includes(validator) ?? false);
  }

  markLost(validator: Address, cause: LossCause): void {
    if (!this.#lost.has(validator)) this.#lost.set(validator, cause);
  }

  markCorrupted(service: Address): void {
    this.#corrupted.add(service);
  }

  get lostCount(): number {
    return this.#lost.size;
  }

  get corruptedCount(): number {
    return this.#corrupted.size;
  }

  /** The graph of what is left, with each validator's stake read through `stakeOf`. */
  graph(stakeOf: (validator: Address) => bigint): PooledGraph {
    const validators = this.#validators.filter((v) => !this.isLost(v)).map((id) => ({ id, stake: stakeOf(id) }));
    const services = [...this.#services.values()].filter((s) => !this.isCorrupted(s.id));
    const edges: (readonly [Address, Address])[] = [];
    for (const s of services) {
      for (const v of this.#backers.get(s.id) ?? []) if (!this.isLost(v)) edges.push([s.id, v]);
    }
    return { services, validators, edges };
  }
}
