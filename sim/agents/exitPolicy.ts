// When a provider leaves a market, and when it comes back, whatever the market. At every check it
// compares the price it expects to net per GPU-hour with its own cost: once the expected price has
// stayed below cost for `after` seconds it stops offering its capacity, finishes the work it has,
// and is then out (its machines cost nothing); once the expected price has stayed at or above cost
// for `returnAfter` seconds it offers its capacity again. A check with no evidence (no trade of its
// GPU model in the window) restarts both clocks: a provider neither leaves nor returns on silence.
//
// What "expected price" means is the market's (the agent supplies it): the posted price of its GPU
// model, or the recent clearing prices of its GPU model in the lease and intent markets, net of the
// protocol's take. How to stop and resume offering is the market's too (a flag, or a transaction).
import type { Kernel } from '../engine/kernel.js';

export interface ExitSettings {
  readonly enabled: boolean;
  /** Seconds the expected price must stay below cost before the provider leaves. */
  readonly after: number;
  /** Seconds the expected price must stay at or above cost before a provider that left comes back. */
  readonly returnAfter: number;
  /** Seconds between the provider's looks at the expected price. */
  readonly checkInterval: number;
  /** Lease and intent markets: the clearing prices of the last `window` seconds make the expected price. */
  readonly window: number;
}

/** Offering: takes new work. Draining: takes none, finishes what it has. Out: no work, no cost. */
export type Standing = 'offering' | 'draining' | 'out';

export interface ExitActions {
  /** USD per GPU-hour its machines cost while in service. */
  readonly costPerGpuHour: number;
  /** USD per GPU-hour the provider expects to net now, or undefined when the market shows no evidence. */
  expectedPrice(): number | undefined;
  /** Stops taking new work; calls `done(true)` once that is in force, `done(false)` if it failed. */
  stopOffering(done: (ok: boolean) => void): void;
  /** Takes new work again; calls `done(true)` once that is in force, `done(false)` if it failed. */
  resumeOffering(done: (ok: boolean) => void): void;
  /**
   * Kernel time by which the work it holds ends: undefined when it holds none, Infinity when only an
   * event will tell (the agent then calls `workChanged` when its work ends).
   */
  workEndsAt(): number | undefined;
}

export class ExitPolicy {
  readonly #kernel: Kernel;
  readonly #settings: ExitSettings;
  readonly #actions: ExitActions;
  readonly #onStanding: (standing: Standing) => void;
  #standing: Standing = 'offering';
  #belowSince: number | undefined;
  #aboveSince: number | undefined;
  /** A stop or resume is on its way (a transaction): no other decision until it lands. */
  #pending = false;
  /** It gave up its set-up and left the market: it never returns. */
  #gone = false;
  #drainCheckAt: number | undefined;

  // Counters the world reads for metrics.
  /** Times this provider stopped offering its capacity. */
  exits = 0;
  /** Times it came back after an exit. */
  entries = 0;

  constructor(kernel: Kernel, settings: ExitSettings, actions: ExitActions, onStanding: (standing: Standing) => void = () => {}) {
    if (settings.enabled && !(settings.checkInterval > 0 && Number.isFinite(settings.checkInterval))) {
      throw new RangeError(`exit policy: checkInterval must be a finite number of seconds > 0, got ${settings.checkInterval}`);
    }
    this.#kernel = kernel;
    this.#settings = settings;
    this.#actions = actions;
    this.#onStanding = onStanding;
  }

  get standing(): Standing {
    return this.#standing;
  }

  /** Whether it takes new work now. */
  get offering(): boolean {
    return this.#standing === 'offering';
  }

  start(): void {
    if (!this.#settings.enabled) return;
    const check = (): void => {
      this.#check();
      this.#kernel.schedule(this.#settings.checkInterval, check);
    };
    this.#kernel.schedule(this.#settings.checkInterval, check);
  }

  /** The provider's work may have ended (a lease closed, a job was cut short): a draining provider may now be out. */
  workChanged(): void {
    if (this.#standing !== 'draining') return;
    const end = this.#actions.workEndsAt();
    // Work that ends by now has ended: the provider is out.
    if (end === undefined || end <= this.#kernel.now()) return this.#setStanding('out');
    if (!Number.isFinite(end) || end === this.#drainCheckAt) return;
    this.#drainCheckAt = end;
    this.#kernel.schedule(end - this.#kernel.now(), () => {
      if (this.#drainCheckAt === end) this.#drainCheckAt = undefined;
      this.workChanged();
    });
  }

  /**
   * The provider could not join the market at all (its set-up transactions failed for good): it is
   * out from now on, costs nothing, and never returns. Not an exit of this policy (exits counts those).
   */
  leaveForGood(): void {
    this.#gone = true;
    this.#setStanding('out');
  }

  #check(): void {
    if (this.#gone) return;
    const now = this.#kernel.now();
    const price = this.#actions.expectedPrice();
    if (price === undefined) {
      this.#belowSince = undefined;
      this.#aboveSince = undefined;
    } else if (price < this.#actions.costPerGpuHour) {
      this.#belowSince ??= now;
      this.#aboveSince = undefined;
    } else {
      this.#aboveSince ??= now;
      this.#belowSince = undefined;
    }
    if (this.#pending) return;
    const { after, returnAfter } = this.#settings;
    if (this.#standing === 'offering' && this.#belowSince !== undefined && now - this.#belowSince >= after) this.#leave();
    else if (this.#standing !== 'offering' && this.#aboveSince !== undefined && now - this.#aboveSince >= returnAfter) this.#return();
  }

  #leave(): void {
    this.#pending = true;
    this.#actions.stopOffering((ok) => {
      this.#pending = false;
      if (!ok || this.#gone) return;
      this.exits++;
      this.#setStanding('draining');
      this.workChanged();
    });
  }

  #return(): void {
    this.#pending = true;
    this.#actions.resumeOffering((ok) => {
      this.#pending = false;
      if (!ok || this.#gone) return;
      this.entries++;
      this.#setStanding('offering');
    });
  }

  #setStanding(standing: Standing): void {
    if (standing === this.#standing) return;
    this.#standing = standing;
    this.#onStanding(standing);
  }
}
