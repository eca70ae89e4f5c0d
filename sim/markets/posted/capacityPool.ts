// The GPUs behind the posted price, as the market contract records them: each provider's model, GPU
// count, declared cost and up/down state, the jobs running on it, and per model the running integrals of available and busy GPU-seconds from which each price
// adjustment reads its window's utilization. Pure like the ported contracts: times are block
// timestamps from the transaction context, and a write is only called after its checks passed.
//
// A job holds its GPUs from its purchase until it ends or its provider reports an outage. Busy
// GPU-seconds are known ahead: a purchase commits gpus · duration at once, an interruption takes
// back the part not run, and the integral up to a time is the commitment less the running jobs'
// parts still to come, so no event is needed when a job ends.
import type { Address } from '../../contracts/types.js';

export interface ProviderListing {
  readonly provider: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Micro-USD per GPU-hour it declares it costs to run: the order in which providers get jobs. */
  readonly costPerGpuHour: bigint;
  readonly up: boolean;
}

export interface PostedJob {
  readonly id: number;
  readonly buyer: Address;
  readonly provider: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Micro-USD per GPU-hour paid, the whole payment and the protocol's part of it. */
  readonly pricePerGpuHour: bigint;
  readonly cost: bigint;
  readonly fee: bigint;
  readonly startedAt: number;
  readonly endsAt: number;
  /** Set when an outage of its provider ended it. */
  interruptedAt?: number;
}

interface ProviderState {
  listing: ProviderListing;
  /** Jobs that may still hold GPUs: ended ones are dropped when a transaction next looks, interrupted ones at once. */
  jobs: PostedJob[];
}

interface ModelState {
  /** Providers of the model, lowest cost first (ties: listing order). */
  readonly providers: ProviderState[];
  upGpus: number;
  /** Available GPU-seconds up to `availableAt`. */
  availableIntegral: bigint;
  availableAt: number;
  /** Busy GPU-seconds of every job bought, run or still to run. */
  committed: bigint;
}

export class CapacityPool {
  readonly #providers = new Map<Address, ProviderState>();
  readonly #models = new Map<string, ModelState>();

  constructor(gpuModels: readonly string[], startedAt: number) {
    for (const model of gpuModels) {
      this.#models.set(model, { providers: [], upGpus: 0, availableIntegral: 0n, availableAt: startedAt, committed: 0n });
    }
  }

  // ---- views (at a timestamp no earlier than the latest transaction's) ----

  hasModel(gpuModel: string): boolean {
    return this.#models.has(gpuModel);
  }

  listing(provider: Address): ProviderListing | undefined {
    return this.#providers.get(provider)?.listing;
  }

  /** GPUs of `provider` no job holds at `timestamp` (0 while it is down). */
  freeGpus(provider: Address, timestamp: number): number {
    const state = this.#providers.get(provider);
    if (state === undefined || !state.listing.up) return 0;
    return state.listing.gpus - heldGpus(state, timestamp);
  }

  /** GPUs of a model listed by providers that are up. */
  availableGpus(gpuModel: string): number {
    return this.#model(gpuModel).upGpus;
  }

  /** GPUs of a model held by jobs at `timestamp`. */
  busyGpus(gpuModel: string, timestamp: number): number {
    let busy = 0;
    for (const state of this.#model(gpuModel).providers) busy += heldGpus(state, timestamp);
    return busy;
  }

  /**
   * The provider that takes a job: the lowest cost with `gpus` free at `timestamp`, less `pending`
   * GPUs per provider an asker expects others to take first.
   */
  assign(gpuModel: string, gpus: number, timestamp: number, pending?: ReadonlyMap<Address, number>): Address | undefined {
    for (const state of this.#model(gpuModel).providers) {
      const { provider } = state.listing;
      if (this.freeGpus(provider, timestamp) - (pending?.get(provider) ?? 0) >= gpus) return provider;
    }
    return undefined;
  }

  /** Available GPU-seconds of a model from the start up to `timestamp`. */
  availableIntegral(gpuModel: string, timestamp: number): bigint {
    const m = this.#model(gpuModel);
    return m.availableIntegral + BigInt(m.upGpus) * BigInt(timestamp - m.availableAt);
  }

  /** Busy GPU-seconds of a model from the start up to `timestamp`. */
  busyIntegral(gpuModel: string, timestamp: number): bigint {
    const m = this.#model(gpuModel);
    let toCome = 0n;
    for (const state of m.providers) {
      for (const job of state.jobs) {
        if (job.endsAt > timestamp) toCome += BigInt(job.gpus) * BigInt(job.endsAt - timestamp);
      }
    }
    return m.committed - toCome;
  }

  // ---- writes ----

  /** A new provider's listing, or a changed GPU count or cost of an existing one (same model). */
  list(listing: Omit<ProviderListing, 'up'>, timestamp: number): void {
    const m = this.#model(listing.gpuModel);
    this.#accrueAvailable(m, timestamp);
    const existing = this.#providers.get(listing.provider);
    if (existing !== undefined) {
      if (existing.listing.up) m.upGpus += listing.gpus - existing.listing.gpus;
      existing.listing = { ...listing, up: existing.listing.up };
    } else {
      const state: ProviderState = { listing: { ...listing, up: true }, jobs: [] };
      this.#providers.set(listing.provider, state);
      m.providers.push(state);
      m.upGpus += listing.gpus;
    }
    // Array.prototype.sort is stable: equal costs keep listing order.
    m.providers.sort((a, b) => (a.listing.costPerGpuHour < b.listing.costPerGpuHour ? -1 : a.listing.costPerGpuHour > b.listing.costPerGpuHour ? 1 : 0));
  }

  /** A provider goes down (ending the jobs it holds, which it returns) or comes back. */
  setAvailability(provider: Address, up: boolean, timestamp: number): PostedJob[] {
    const state = this.#providers.get(provider) as ProviderState;
    const m = this.#model(state.listing.gpuModel);
    if (state.listing.up === up) return [];
    this.#accrueAvailable(m, timestamp);
    m.upGpus += up ? state.listing.gpus : -state.listing.gpus;
    state.listing = { ...state.listing, up };
    if (up) return [];
    const ended: PostedJob[] = [];
    for (const job of state.jobs) {
      if (job.endsAt <= timestamp) continue;
      job.interruptedAt = timestamp;
      m.committed -= BigInt(job.gpus) * BigInt(job.endsAt - timestamp);
      ended.push(job);
    }
    state.jobs = [];
    return ended;
  }

  addJob(job: PostedJob): void {
    const state = this.#providers.get(job.provider) as ProviderState;
    state.jobs = state.jobs.filter((j) => j.endsAt > job.startedAt);
    state.jobs.push(job);
    this.#model(job.gpuModel).committed += BigInt(job.gpus) * BigInt(job.endsAt - job.startedAt);
  }

  #accrueAvailable(m: ModelState, timestamp: number): void {
    m.availableIntegral += BigInt(m.upGpus) * BigInt(timestamp - m.availableAt);
    m.availableAt = timestamp;
  }

  #model(gpuModel: string): ModelState {
    const m = this.#models.get(gpuModel);
    if (m === undefined) throw new RangeError(`no GPU model ${JSON.stringify(gpuModel)} in the posted-price market`);
    return m;
  }
}

function heldGpus(state: ProviderState, timestamp: number): number {
  let held = 0;
  for (const job of state.jobs) if (job.endsAt > timestamp) held += job.gpus;
  return held;
}
