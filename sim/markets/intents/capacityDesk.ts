// The capacity desk: where providers sell spare GPU time to solvers, the lab's own contract (UniswapX
// has no counterpart: there a filler sources output tokens from AMMs). A purchase reserves GPUs of one
// provider and mints the buyer that many GPU-seconds of the model's voucher token; the voucher is
// redeemed (burned) when the job starts on the reserved GPUs. Like the ported contracts it is pure:
// bigint amounts, times from the transaction context, every check before any write.
//
// A reservation holds its GPUs from purchase until it is redeemed or its redeem window lapses, then
// from redemption for gpuSeconds / gpus seconds (rounded up). An outage, reported by the provider,
// ends every reservation it holds at once: the SLA breach of the jobs on it. A provider may close its
// listing (no new purchase; the reservations it holds run to their end) and reopen it.
import { Revert } from '../../contracts/errors.js';
import type { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { capacityCost } from './pricing.js';

export interface CapacityListing {
  readonly provider: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Micro-USD per GPU-hour. */
  readonly pricePerGpuHour: bigint;
  readonly up: boolean;
  /** Open to new purchases. */
  readonly open: boolean;
}

export interface Reservation {
  readonly id: number;
  readonly provider: Address;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Vouchers minted for it, and burned when it is redeemed. */
  readonly gpuSeconds: bigint;
  /** Micro-USD the buyer paid the provider. */
  readonly cost: bigint;
  /** The one account that may redeem it (the intent's swapper). */
  readonly beneficiary: Address;
  readonly purchasedAt: number;
  /** Last timestamp at which it may be redeemed. */
  readonly redeemBy: number;
  /** Set when redeemed: the job's start and the end of the GPUs' hold. */
  startedAt?: number;
  endsAt?: number;
  /** Set when an outage of its provider ended it. */
  interruptedAt?: number;
}

interface ProviderState {
  listing: CapacityListing;
  /** Reservations that may still hold GPUs; ended ones are dropped when next looked at. */
  holds: Reservation[];
  /** Every reservation it sold, in purchase order. */
  readonly sold: Reservation[];
}

export interface Offer {
  readonly provider: Address;
  readonly pricePerGpuHour: bigint;
}

export class CapacityDesk {
  /** Mints and burns the vouchers. */
  readonly address: Address;
  readonly #usd: ERC20;
  readonly #vouchers: ReadonlyMap<string, ERC20>;
  readonly #redeemWindow: number;
  readonly #providers = new Map<Address, ProviderState>();
  /** Providers of each model, cheapest first (ties: listing order), for a short search. */
  readonly #byModel = new Map<string, ProviderState[]>();
  readonly #reservations = new Map<number, Reservation>();
  /** Vouchers minted and not yet burned, by model, as the reservations record them. */
  readonly #outstanding = new Map<string, bigint>();
  #nextId = 1;

  /** `vouchers` maps each GPU model to its voucher token, whose minter must be `address`. */
  constructor(address: Address, usd: ERC20, vouchers: ReadonlyMap<string, ERC20>, redeemWindow: number) {
    for (const [model, token] of vouchers) {
      if (token.minter !== address) throw new RangeError(`voucher of ${model} must be minted by the desk ${address}`);
    }
    this.address = address;
    this.#usd = usd;
    this.#vouchers = vouchers;
    this.#redeemWindow = redeemWindow;
  }

  // ---- views ----

  listing(provider: Address): CapacityListing | undefined {
    return this.#providers.get(provider)?.listing;
  }

  reservation(id: number): Reservation | undefined {
    return this.#reservations.get(id);
  }

  /** GPU-seconds bought and not yet redeemed: what the model's voucher supply must equal. */
  outstandingVouchers(gpuModel: string): bigint {
    return this.#outstanding.get(gpuModel) ?? 0n;
  }

  /** Every reservation ever made, in purchase order. */
  reservations(): IterableIterator<Reservation> {
    return this.#reservations.values();
  }

  // Views take a timestamp no earlier than the latest transaction's (a solver asks about the block it
  // aims for), so a hold that has ended by then is simply not counted.

  /** GPUs of `provider` that a new purchase could take at `timestamp` (0 while it is down or closed). */
  freeGpus(provider: Address, timestamp: number): number {
    const state = this.#providers.get(provider);
    if (state === undefined || !state.listing.up || !state.listing.open) return 0;
    return state.listing.gpus - this.#heldGpus(state, timestamp);
  }

  /** The first timestamp at which none of `provider`'s reservations holds GPUs any more, as far as known at `timestamp`; undefined if none holds at `timestamp`. */
  holdsUntil(provider: Address, timestamp: number): number | undefined {
    let until: number | undefined;
    for (const r of this.#providers.get(provider)?.holds ?? []) {
      if (!holdsAt(r, timestamp)) continue;
      const end = r.endsAt ?? r.redeemBy + 1;
      if (until === undefined || end > until) until = end;
    }
    return until;
  }

  /** GPU-seconds `provider`'s reservations held from the start up to `timestamp`. */
  heldGpuSeconds(provider: Address, timestamp: number): number {
    let held = 0;
    for (const r of this.#providers.get(provider)?.sold ?? []) {
      const end = Math.min(timestamp, r.interruptedAt ?? r.endsAt ?? r.redeemBy + 1);
      if (end > r.purchasedAt) held += r.gpus * (end - r.purchasedAt);
    }
    return held;
  }

  /** GPUs held by reservations at `timestamp`, over all providers that are up. */
  busyGpus(timestamp: number): number {
    let busy = 0;
    for (const state of this.#providers.values()) if (state.listing.up) busy += this.#heldGpus(state, timestamp);
    return busy;
  }

  /** GPUs listed by providers that are up and open. */
  availableGpus(): number {
    let total = 0;
    for (const state of this.#providers.values()) if (state.listing.up && state.listing.open) total += state.listing.gpus;
    return total;
  }

  /**
   * The cheapest provider of `gpuModel` with `gpus` free at `timestamp`, less the GPUs the asker has
   * already spoken for in purchases not yet on chain (`pending`, by provider).
   */
  cheapestOffer(gpuModel: string, gpus: number, timestamp: number, pending?: ReadonlyMap<Address, number>): Offer | undefined {
    for (const state of this.#byModel.get(gpuModel) ?? []) {
      const provider = state.listing.provider;
      if (this.freeGpus(provider, timestamp) - (pending?.get(provider) ?? 0) >= gpus) {
        return { provider: state.listing.provider, pricePerGpuHour: state.listing.pricePerGpuHour };
      }
    }
    return undefined;
  }

  /** What `gpuSeconds` GPU-seconds from `provider` cost, or a revert naming why they cannot be bought now. */
  quote(ctx: TxContext, provider: Address, gpuModel: string, gpus: number, gpuSeconds: bigint): bigint {
    const state = this.#providers.get(provider);
    if (state === undefined) throw new Revert('UnknownProvider', provider);
    const { listing } = state;
    if (listing.gpuModel !== gpuModel) throw new Revert('WrongGpuModel', listing.gpuModel, gpuModel);
    if (!listing.up) throw new Revert('ProviderUnavailable', provider);
    if (!listing.open) throw new Revert('ListingClosed', provider);
    if (!Number.isSafeInteger(gpus) || gpus <= 0 || gpuSeconds <= 0n) throw new Revert('InvalidReservation', gpus, gpuSeconds);
    const free = this.freeGpus(provider, ctx.timestamp);
    if (free < gpus) throw new Revert('InsufficientCapacity', free, gpus);
    return capacityCost(listing.pricePerGpuHour, gpuSeconds);
  }

  // ---- transactions ----

  /** A provider offers its GPUs (again, after a price change) at a price per GPU-hour. */
  list(ctx: TxContext, gpuModel: string, gpus: number, pricePerGpuHour: bigint): void {
    if (!this.#vouchers.has(gpuModel)) throw new Revert('UnknownGpuModel', gpuModel);
    if (!Number.isSafeInteger(gpus) || gpus <= 0 || pricePerGpuHour < 0n) throw new Revert('InvalidListing', gpus, pricePerGpuHour);
    const existing = this.#providers.get(ctx.sender);
    if (existing !== undefined && existing.listing.gpuModel !== gpuModel) throw new Revert('WrongGpuModel', existing.listing.gpuModel, gpuModel);
    const listing: CapacityListing = { provider: ctx.sender, gpuModel, gpus, pricePerGpuHour, up: existing?.listing.up ?? true, open: existing?.listing.open ?? true };
    if (existing !== undefined) {
      existing.listing = listing;
      this.#sortModel(gpuModel);
      return;
    }
    const state: ProviderState = { listing, holds: [], sold: [] };
    this.#providers.set(ctx.sender, state);
    const peers = this.#byModel.get(gpuModel) ?? [];
    peers.push(state);
    this.#byModel.set(gpuModel, peers);
    this.#sortModel(gpuModel);
  }

  /**
   * The buyer pays the provider for `gpuSeconds` on `gpus` GPUs and receives that many vouchers; only
   * `beneficiary` may redeem the reservation.
   */
  reserve(ctx: TxContext, provider: Address, gpuModel: string, gpus: number, gpuSeconds: bigint, beneficiary: Address): Reservation {
    const cost = this.quote(ctx, provider, gpuModel, gpus, gpuSeconds);
    const state = this.#providers.get(provider) as ProviderState;
    const balance = this.#usd.balanceOf(ctx.sender);
    if (balance < cost) throw new Revert('ERC20InsufficientBalance', ctx.sender, balance, cost);
    const voucher = this.#voucher(gpuModel);
    if (cost > 0n) this.#usd.transfer(ctx, provider, cost);
    voucher.mint({ ...ctx, sender: this.address }, ctx.sender, gpuSeconds);
    const reservation: Reservation = {
      id: this.#nextId++,
      provider,
      gpuModel,
      gpus,
      gpuSeconds,
      cost,
      beneficiary,
      purchasedAt: ctx.timestamp,
      redeemBy: ctx.timestamp + this.#redeemWindow,
    };
    this.#reservations.set(reservation.id, reservation);
    this.#outstanding.set(gpuModel, this.outstandingVouchers(gpuModel) + gpuSeconds);
    this.#prune(state, ctx.timestamp);
    state.holds.push(reservation);
    state.sold.push(reservation);
    return reservation;
  }

  /** The beneficiary starts its job: the reservation's vouchers are burned from its balance. */
  redeem(ctx: TxContext, id: number): Reservation {
    const r = this.#reservations.get(id);
    if (r === undefined) throw new Revert('UnknownReservation', id);
    if (ctx.sender !== r.beneficiary) throw new Revert('NotBeneficiary', ctx.sender);
    if (r.startedAt !== undefined) throw new Revert('AlreadyRedeemed', id);
    if (r.interruptedAt !== undefined || !(this.#providers.get(r.provider) as ProviderState).listing.up) {
      throw new Revert('ProviderUnavailable', r.provider);
    }
    if (ctx.timestamp > r.redeemBy) throw new Revert('ReservationExpired', r.redeemBy);
    const voucher = this.#voucher(r.gpuModel);
    const balance = voucher.balanceOf(ctx.sender);
    if (balance < r.gpuSeconds) throw new Revert('ERC20InsufficientBalance', ctx.sender, balance, r.gpuSeconds);
    voucher.burn({ ...ctx, sender: this.address }, ctx.sender, r.gpuSeconds);
    this.#outstanding.set(r.gpuModel, this.outstandingVouchers(r.gpuModel) - r.gpuSeconds);
    r.startedAt = ctx.timestamp;
    r.endsAt = ctx.timestamp + Number((r.gpuSeconds + BigInt(r.gpus) - 1n) / BigInt(r.gpus));
    return r;
  }

  /** A provider reports itself down (ending every reservation it holds) or back up. Returns the ended reservations. */
  setAvailability(ctx: TxContext, up: boolean): Reservation[] {
    const state = this.#providers.get(ctx.sender);
    if (state === undefined) throw new Revert('UnknownProvider', ctx.sender);
    if (state.listing.up === up) return [];
    const ended: Reservation[] = [];
    if (!up) {
      for (const r of state.holds) {
        if (!holdsAt(r, ctx.timestamp)) continue;
        r.interruptedAt = ctx.timestamp;
        ended.push(r);
      }
      state.holds = [];
    }
    state.listing = { ...state.listing, up };
    return ended;
  }

  /** A provider closes its listing (no new purchase; what it holds runs to its end) or reopens it. Returns whether anything changed. */
  setOpen(ctx: TxContext, open: boolean): boolean {
    const state = this.#providers.get(ctx.sender);
    if (state === undefined) throw new Revert('UnknownProvider', ctx.sender);
    if (state.listing.open === open) return false;
    state.listing = { ...state.listing, open };
    return true;
  }

  #heldGpus(state: ProviderState, timestamp: number): number {
    let held = 0;
    for (const r of state.holds) if (holdsAt(r, timestamp)) held += r.gpus;
    return held;
  }

  /** Drops holds that have ended; only transactions do it, as their timestamps never go back. */
  #prune(state: ProviderState, timestamp: number): void {
    state.holds = state.holds.filter((r) => holdsAt(r, timestamp));
  }

  #sortModel(gpuModel: string): void {
    // Array.prototype.sort is stable, so equal prices keep listing order.
    (this.#byModel.get(gpuModel) as ProviderState[]).sort((a, b) => compareBigint(a.listing.pricePerGpuHour, b.listing.pricePerGpuHour));
  }

  #voucher(gpuModel: string): ERC20 {
    const token = this.#vouchers.get(gpuModel);
    if (token === undefined) throw new Revert('UnknownGpuModel', gpuModel);
    return token;
  }
}

/** Whether a reservation keeps its GPUs at `timestamp`. */
function holdsAt(r: Reservation, timestamp: number): boolean {
  if (r.interruptedAt !== undefined) return false;
  if (r.endsAt !== undefined) return timestamp < r.endsAt;
  return timestamp <= r.redeemBy;
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
