// What a provider earns and what its machines cost, whatever market it sells through: the one
// definition of provider_margin_usd and provider_idle_cost_usd.
//
// A provider's GPUs cost it `costPerGpuHour` USD for every hour they are in service: up (not in an
// outage) and in the market (offering capacity, or finishing the work it holds before it leaves).
// Idle or busy makes no difference to the cost: power, hosting and depreciation run either way.
// Out of the market (after an exit policy took it out) or down, they cost nothing. Then, in USD,
//
//   revenue     = what buyers paid the provider for compute, net of the protocol's take or fee,
//                 received by the end of the run (lease escrow settles when the provider withdraws,
//                 so up to one withdraw interval of lease earnings is still in escrow; posted and
//                 intent purchases are paid in advance, so a job still running is paid in full);
//   cost        = costPerGpuHour × in-service GPU-hours;
//   idle cost   = costPerGpuHour × (in-service GPU-hours − busy GPU-hours), busy meaning held by a
//                 buyer's job (a lease, a reservation, a posted-price job) as the market records it,
//                 and never below 0 (an outage is on chain a block after it begins, so the market
//                 may count a job a few seconds longer than the machine was up);
//   margin      = revenue − cost.
//
// Every provider agent (lease, intent, posted) keeps the same books, a ProviderAccount, and the
// world sums them.
import type { Kernel } from '../engine/kernel.js';
import { ExitPolicy, type ExitActions, type ExitSettings } from './exitPolicy.js';
import { OutageCount } from './outages.js';

export interface ProviderBooks {
  readonly address: string;
  readonly gpuModel: string;
  /** USD per GPU-hour its GPUs cost while in service. */
  readonly costPerGpuHour: number;
  /** Micro-USD it was paid for compute so far, net of the protocol's take or fee. */
  revenueMicro(): bigint;
  /** GPU-seconds its GPUs were in service (up and in the market) so far. */
  inServiceGpuSeconds(): number;
  /** GPU-seconds of those that buyers' jobs held so far. */
  busyGpuSeconds(): number;
}

/** Totals in USD; see the header for each definition. */
export interface Margin {
  readonly revenueUsd: number;
  readonly costUsd: number;
  readonly idleCostUsd: number;
  readonly marginUsd: number;
}

const SECONDS_PER_HOUR = 3600;
const MICRO_PER_USD = 1_000_000;

/** The margin of a set of providers, summed over them. */
export function marginOf(books: readonly ProviderBooks[]): Margin {
  let revenueMicro = 0n;
  let costUsd = 0;
  let idleCostUsd = 0;
  for (const b of books) {
    const inService = b.inServiceGpuSeconds();
    const busy = b.busyGpuSeconds();
    revenueMicro += b.revenueMicro();
    costUsd += (b.costPerGpuHour * inService) / SECONDS_PER_HOUR;
    idleCostUsd += (b.costPerGpuHour * Math.max(0, inService - busy)) / SECONDS_PER_HOUR;
  }
  const revenueUsd = Number(revenueMicro) / MICRO_PER_USD;
  return { revenueUsd, costUsd, idleCostUsd, marginUsd: revenueUsd - costUsd };
}

/**
 * GPU-seconds in service: the provider's GPUs times the time they were up and in the market. The
 * agent reports each change; the meter integrates between them.
 */
export class ServiceMeter {
  readonly #kernel: Kernel;
  readonly #gpus: number;
  #up = true;
  #inMarket = true;
  #since: number;
  #accrued = 0;

  constructor(kernel: Kernel, gpus: number) {
    this.#kernel = kernel;
    this.#gpus = gpus;
    this.#since = kernel.now();
  }

  setUp(up: boolean): void {
    this.#accrue();
    this.#up = up;
  }

  setInMarket(inMarket: boolean): void {
    this.#accrue();
    this.#inMarket = inMarket;
  }

  /** GPU-seconds in service up to now. */
  gpuSeconds(): number {
    return this.#accrued + this.#rate() * (this.#kernel.now() - this.#since);
  }

  #accrue(): void {
    const now = this.#kernel.now();
    this.#accrued += this.#rate() * (now - this.#since);
    this.#since = now;
  }

  #rate(): number {
    return this.#up && this.#inMarket ? this.#gpus : 0;
  }
}

/** Who a provider is, as its account needs it. */
export interface ProviderIdentity {
  readonly address: string;
  readonly gpuModel: string;
  readonly gpus: number;
  /** USD per GPU-hour its GPUs cost while in service. */
  readonly costPerGpuHour: number;
  readonly exit: ExitSettings;
}

/** What the market tells an account: what the provider earned and sold, and how it leaves and returns. */
export interface AccountSources extends Omit<ExitActions, 'costPerGpuHour'> {
  revenueMicro(): bigint;
  busyGpuSeconds(): number;
}

/**
 * One provider's books in whatever market: its machine's availability, its exit policy, and the
 * GPU-seconds in service they add up to, beside what the market says it earned and sold.
 */
export class ProviderAccount implements ProviderBooks {
  readonly address: string;
  readonly gpuModel: string;
  readonly gpus: number;
  readonly costPerGpuHour: number;
  readonly availability = new OutageCount();
  readonly exitPolicy: ExitPolicy;
  readonly #meter: ServiceMeter;
  readonly #sources: AccountSources;
  /** Its set-up transactions (registration, listing) have landed. */
  #joined = false;

  constructor(kernel: Kernel, identity: ProviderIdentity, sources: AccountSources) {
    this.address = identity.address;
    this.gpuModel = identity.gpuModel;
    this.gpus = identity.gpus;
    this.costPerGpuHour = identity.costPerGpuHour;
    this.#sources = sources;
    const meter = new ServiceMeter(kernel, identity.gpus);
    this.#meter = meter;
    this.availability.watch((up) => meter.setUp(up));
    this.exitPolicy = new ExitPolicy(kernel, identity.exit, { ...sources, costPerGpuHour: identity.costPerGpuHour }, (standing) =>
      meter.setInMarket(standing !== 'out'),
    );
  }

  get up(): boolean {
    return this.availability.up;
  }

  /**
   * Taking new work: in the market (its set-up landed), up, and not leaving. A provider still
   * registering, or retrying its registration, offers nothing, though its machines already cost it
   * (they are racked and powered for the market; one that gives up is out and costs nothing).
   */
  get offering(): boolean {
    return this.#joined && this.up && this.exitPolicy.offering;
  }

  /** Its set-up has landed: from now on it offers its capacity while up and not leaving. */
  joined(): void {
    this.#joined = true;
  }

  revenueMicro(): bigint {
    return this.#sources.revenueMicro();
  }

  inServiceGpuSeconds(): number {
    return this.#meter.gpuSeconds();
  }

  busyGpuSeconds(): number {
    return this.#sources.busyGpuSeconds();
  }
}
