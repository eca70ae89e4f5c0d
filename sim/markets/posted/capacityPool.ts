// The GPUs behind the posted price, as the market contract records them: each provider's model, GPU
// count, declared cost, up/down state and whether it is open to new jobs, the jobs running on it,
// and per model the running integrals of available and busy GPU-seconds from which each price
// adjustment reads its window's utilization. Pure like the ported contracts: times are block
// timestamps from the transaction context, and a write is only called after its checks passed.
//
// A job holds its GPUs from its purchase until it ends or its provider reports an outage. Busy
// GPU-seconds are known ahead: a purchase commits gpus · duration at once, an interruption takes
// back the part not run, and the integral up to a time is the commitment less the running jobs'
// parts still to come, so no event is needed when a job ends.
//
// A provider that closes its listing takes no new job, and from that timestamp its GPUs leave the
// books the price is set from: neither available nor busy, so a provider that is leaving does not
// read as idle capacity. Its running jobs run to their end. Reopening puts it back, with what its
// jobs still have to run.
import type { Address } from '../../contracts/types.js';

export interface ProviderListing {
  readonly provider: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Micro-USD per GPU-hour it declares it costs to run: the order in which providers get jobs. */
  readonly costPerGpuHour: bigint;
  readonly up: boolean;
  /** Open to new jobs, and counted in the books the price is set from. */
  readonly open: boolean;
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
  /** Busy GPU-seconds of every job it sold, run or still to run (whether open or not). */
  committed: bigint;
}

interface ModelState {
  /** Providers of the model, lowest cost first (ties: listing order). */
  readonly providers: ProviderState[];
  /** GPUs of open providers that are up. */
  upGpus: number;
  /** Available GPU-seconds up to `availableAt`. */
  availableIntegral: bigint;
  availableAt: number;
  /** Busy GPU-seconds of every job bought, run or still to run, while its provider was open. */
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

  /** GPUs of `provider` a new job could take at `timestamp` (0 while it is down or closed). */
  freeGpus(provider: Address, timestamp: number): number {
    const state = this.#providers.get(provider);
    if (state === undefined || !state.listing.up || !state.listing.open) return 0;
    return state.listing.gpus - heldGpus(state, timestamp);
  }

  /** GPUs of a model listed by providers that are up and open. */
  availableGpus(gpuModel: string): number {
    return this.#model(gpuModel).upGpus;
  }

  /** GPUs of a model held by jobs at `timestamp` on open providers: the busy side of the books. */
  busyGpus(gpuModel: string, timestamp: number): number {
    let busy = 0;
    for (const state of this.#model(gpuModel).providers) if (state.listing.open) busy += heldGpus(state, timestamp);
    return busy;
  }

  /** GPUs of `provider` held by jobs at `timestamp`, open or not. */
  heldGpus(provider: Address, timestamp: number): number {
    const state = this.#providers.get(provider);
    return state === undefined ? 0 : heldGpus(state, timestamp);
  }

  /** The last timestamp at which one of `provider`'s jobs still holds GPUs (undefined when none does after `timestamp`). */
  heldUntil(provider: Address, timestamp: number): number | undefined {
    let until: number | undefined;
    for (const job of this.#providers.get(provider)?.jobs ?? []) {
      if (job.endsAt > timestamp && (until === undefined || job.endsAt > until)) until = job.endsAt;
    }
    return until;
  }

  /** GPU-seconds `provider`'s jobs held from the start up to `timestamp`, open or not. */
  busyIntegralOf(provider: Address, timestamp: number): bigint {
    const state = this.#providers.get(provider);
    return state === undefined ? 0n : state.committed - toCome([state], timestamp);
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

  /** Busy GPU-seconds of a model's open providers from the start up to `timestamp`. */
  busyIntegral(gpuModel: string, timestamp: number): bigint {
    const m = this.#model(gpuModel);
    return m.committed - toCome(m.providers.filter((state) => state.listing.open), timestamp);
  }

  // ---- writes ----

  /** A new provider's listing, or a changed GPU count or cost of an existing one (same model). */
  list(listing: Omit<ProviderListing, 'up' | 'open'>, timestamp: number): void {
    const m = this.#model(listing.gpuModel);
    this.#accrueAvailable(m, timestamp);
    const existing = this.#providers.get(listing.provider);
    if (existing !== undefined) {
      if (existing.listing.up && existing.listing.open) m.upGpus += listing.gpus - existing.listing.gpus;
      existing.listing = { ...listing, up: existing.listing.up, open: existing.listing.open };
    } else {
      const state: ProviderState = { listing: { ...listing, up: true, open: true }, jobs: [], committed: 0n };
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
    if (state.listing.open) m.upGpus += up ? state.listing.gpus : -state.listing.gpus;
    state.listing = { ...state.listing, up };
    if (up) return [];
    const ended: PostedJob[] = [];
    for (const job of state.jobs) {
      if (job.endsAt <= timestamp) continue;
      job.interruptedAt = timestamp;
      const unrun = BigInt(job.gpus) * BigInt(job.endsAt - timestamp);
      state.committed -= unrun;
      if (state.listing.open) m.committed -= unrun;
      ended.push(job);
    }
    state.jobs = [];
    return ended;
  }

  /**
   * A provider closes its listing (no new jobs; it leaves the books, with what its jobs still have to
   * run) or reopens it (back in the books, with the same). Returns whether anything changed.
   */
  setOpen(provider: Address, open: boolean, timestamp: number): boolean {
    const state = this.#providers.get(provider) as ProviderState;
    if (state.listing.open === open) return false;
    const m = this.#model(state.listing.gpuModel);
    this.#accrueAvailable(m, timestamp);
    const sign = open ? 1 : -1;
    if (state.listing.up) m.upGpus += sign * state.listing.gpus;
    m.committed += BigInt(sign) * toCome([state], timestamp);
    state.listing = { ...state.listing, open };
    return true;
  }

  addJob(job: PostedJob): void {
    const state = this.#providers.get(job.provider) as ProviderState;
    state.jobs = state.jobs.filter((j) => j.endsAt > job.startedAt);
    state.jobs.push(job);
    const gpuSeconds = BigInt(job.gpus) * BigInt(job.endsAt - job.startedAt);
    state.committed += gpuSeconds;
    // Jobs go to open providers only (freeGpus is 0 for a closed one).
    this.#model(job.gpuModel).committed += gpuSeconds;
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

/** GPU-seconds the providers' jobs still have to run after `timestamp`. */
function toCome(states: readonly ProviderState[], timestamp: number): bigint {
  let rest = 0n;
  for (const state of states) {
    for (const job of state.jobs) if (job.endsAt > timestamp) rest += BigInt(job.gpus) * BigInt(job.endsAt - timestamp);
  }
  return rest;
}

function heldGpus(state: ProviderState, timestamp: number): number {
  let held = 0;
  for (const job of state.jobs) if (job.endsAt > timestamp) held += job.gpus;
  return held;
}
