// A service (AVS): creates its operator set, buys and pays its daily rewards, and runs a monitor
// that slashes its operators through its slasher address:
// - downtime: an outage longer than the grace period costs `downtime` of the allocation, and again
//   for every further grace period it lasts;
// - SLA breach: a monitoring window (one rewards period) in which an operator was available less
//   than slaAvailability of the time costs `slaBreach`;
// - equivocation: evidence of it costs `equivocation`.
// A service an attacker corrupted has been looted: it stops paying and slashing.
import { type Receipt, receiptOutcome } from '../chain/transaction.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import type { SecurityMarket, SlashReason } from '../markets/security/securityMarket.js';

export interface ServiceConfig {
  readonly index: number;
  readonly address: Address;
  readonly slasher: Address;
  /** STAKE base units paid per window. */
  readonly rewardsPerDay: bigint;
  /** π_s, STAKE base units. */
  readonly profitFromCorruption: bigint;
  readonly attackThreshold: number;
  /** Slash sizes as WADs of the allocation; downtimeGrace in seconds. */
  readonly slashing: {
    readonly slaBreach: bigint;
    readonly downtime: bigint;
    readonly downtimeGrace: number;
    readonly equivocation: bigint;
  };
  /** Availability per window below which an operator breaches the SLA (0 disables the check). */
  readonly slaAvailability: number;
  /** Seconds per monitoring and rewards window (a day). */
  readonly window: number;
}

export class ServiceAgent {
  readonly config: ServiceConfig;
  readonly #ctx: MarketContext;
  readonly #market: SecurityMarket;
  #registered = false;
  /** Operators down now, with the start of the outage. */
  readonly #downSince = new Map<Address, number>();
  /** Downtime seconds of each operator in the current window (ended outages only). */
  readonly #windowDowntime = new Map<Address, number>();
  #windowStart = 0;

  // For metrics.
  readonly slashesSent: Record<'downtime' | 'sla-breach' | 'equivocation', number> = { downtime: 0, 'sla-breach': 0, equivocation: 0 };
  rewardsPaid = 0n;

  constructor(ctx: MarketContext, market: SecurityMarket, config: ServiceConfig) {
    if (!(config.slaAvailability >= 0 && config.slaAvailability <= 1)) {
      throw new RangeError(`service ${config.address}: slaAvailability must be in [0, 1], got ${config.slaAvailability}`);
    }
    if (!(config.window > 0)) throw new RangeError(`service ${config.address}: window must be > 0, got ${config.window}`);
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
  }

  get corrupted(): boolean {
    return this.#market.isCorrupted(this.config.address);
  }

  start(): void {
    const { address, slasher, rewardsPerDay, profitFromCorruption, attackThreshold } = this.config;
    this.#market.registerService({ avs: address, slasher, rewardsPerDay, profitFromCorruption, attackThreshold }, (r) => {
      if (r.status !== 'success') throw new Error(`service ${address} could not register: ${receiptOutcome(r)}`);
      this.#registered = true;
    });
    this.#market.onHealth((op, up) => this.#onHealth(op, up));
    this.#market.onEquivocation((op, service) => {
      if (service === address) this.#slash(op, this.config.slashing.equivocation, 'equivocation');
    });
    this.#windowStart = this.#ctx.kernel.now();
    this.#ctx.kernel.schedule(this.config.window, () => this.#endWindow());
  }

  #isMember(operator: Address): boolean {
    return this.#market.membersOf(this.config.address).includes(operator);
  }

  #onHealth(operator: Address, up: boolean): void {
    if (!this.#registered || !this.#isMember(operator)) return;
    const now = this.#ctx.kernel.now();
    if (!up) {
      this.#downSince.set(operator, now);
      this.#scheduleGraceCheck(operator, now);
      return;
    }
    const since = this.#downSince.get(operator);
    if (since === undefined) return;
    this.#downSince.delete(operator);
    // Only the part of the outage inside this window counts toward this window.
    this.#windowDowntime.set(operator, (this.#windowDowntime.get(operator) ?? 0) + now - Math.max(since, this.#windowStart));
  }

  #scheduleGraceCheck(operator: Address, since: number): void {
    this.#ctx.kernel.schedule(this.config.slashing.downtimeGrace, () => {
      if (this.#downSince.get(operator) !== since) return;
      this.#slash(operator, this.config.slashing.downtime, 'downtime');
      this.#scheduleGraceCheck(operator, since);
    });
  }

  #endWindow(): void {
    const now = this.#ctx.kernel.now();
    this.#ctx.kernel.schedule(this.config.window, () => this.#endWindow());
    if (this.#registered && !this.corrupted) {
      this.#checkSla(now);
      this.#payRewards();
    }
    this.#windowDowntime.clear();
    this.#windowStart = now;
  }

  #checkSla(now: number): void {
    const length = now - this.#windowStart;
    for (const op of this.#market.membersOf(this.config.address)) {
      const since = this.#downSince.get(op);
      const down = (this.#windowDowntime.get(op) ?? 0) + (since === undefined ? 0 : now - Math.max(since, this.#windowStart));
      if (1 - down / length < this.config.slaAvailability) this.#slash(op, this.config.slashing.slaBreach, 'sla-breach');
    }
  }

  #payRewards(): void {
    const { address, rewardsPerDay } = this.config;
    if (rewardsPerDay === 0n) return;
    this.#market.fund(address, rewardsPerDay);
    this.#market.distributeRewards(address, rewardsPerDay, (r) => {
      if (r.status === 'success') this.rewardsPaid += r.value;
    });
  }

  #slash(operator: Address, wad: bigint, reason: SlashReason & keyof ServiceAgent['slashesSent']): void {
    if (wad === 0n || !this.#registered || this.corrupted) return;
    this.slashesSent[reason]++;
    this.#market.slash(this.config.address, operator, wad, reason);
  }
}

