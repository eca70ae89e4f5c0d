// An operator: registers with the DelegationManager, joins `setsPerOperator` services' operator sets,
// and allocates its stake across them by policy. It runs the services' nodes on `providersEach`
// providers of the lease market, so it is down only when all of them are; the world tells it about
// those providers' outages through setProviderUp. Rarely it equivocates (a Poisson event), and the
// service it signed for sees the evidence.
import { type Receipt, receiptOutcome } from '../chain/transaction.js';
import type { Address } from '../contracts/types.js';
import type { RandomStream } from '../engine/random.js';
import type { MarketContext } from '../markets/context.js';
import type { SecurityMarket } from '../markets/security/securityMarket.js';
import { fractionToWadDown, stakeToTokens } from '../units.js';

export type AllocationPolicy = 'even' | 'reward-weighted' | 'concentrated';

export interface OperatorConfig {
  readonly index: number;
  readonly address: Address;
  readonly commissionBps: number;
  /** Blocks before an allocation increase becomes slashable. */
  readonly allocationDelayBlocks: number;
  readonly allocation: {
    readonly policy: AllocationPolicy;
    readonly setsPerOperator: number;
    /** Share of the operator's magnitude allocated in total, in (0, 1]. */
    readonly totalFraction: number;
  };
  readonly providersEach: number;
  /** Mean equivocations per year (0: never). */
  readonly equivocationsPerYear: number;
}

const SECONDS_PER_YEAR = 365 * 86_400;
/** Blocks between looks for services when none has registered yet. */
const RETRY_BLOCKS = 10;

export class OperatorAgent {
  readonly config: OperatorConfig;
  readonly #ctx: MarketContext;
  readonly #market: SecurityMarket;
  readonly #sets: RandomStream;
  readonly #misbehaviour: RandomStream;
  readonly #services: Address[] = [];
  readonly #providersDown = new Set<number>();
  #downSince = NaN;

  // For metrics.
  downtimeSeconds = 0;
  outages = 0;
  equivocations = 0;
  allocated = false;

  constructor(ctx: MarketContext, market: SecurityMarket, config: OperatorConfig) {
    if (!(config.allocation.totalFraction > 0 && config.allocation.totalFraction <= 1)) {
      throw new RangeError(`operator ${config.address}: allocation.totalFraction must be in (0, 1], got ${config.allocation.totalFraction}`);
    }
    this.#ctx = ctx;
    this.#market = market;
    this.config = config;
    this.#sets = ctx.rng.get(`operator-sets/${config.index}`);
    this.#misbehaviour = ctx.rng.get(`operator-equivocation/${config.index}`);
  }

  get up(): boolean {
    return this.#providersDown.size < this.config.providersEach;
  }

  /** The services this operator registered with. */
  get services(): readonly Address[] {
    return this.#services;
  }

  start(): void {
    const { address, commissionBps, allocationDelayBlocks } = this.config;
    this.#market.registerOperator(address, commissionBps, allocationDelayBlocks, (r) => {
      if (r.status !== 'success') throw new Error(`operator ${address} could not register: ${receiptOutcome(r)}`);
      this.#joinServices();
    });
    this.#scheduleEquivocation();
  }

  /** One of this operator's providers (slot 0 … providersEach − 1) went down or came back. */
  setProviderUp(slot: number, up: boolean): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.config.providersEach) {
      throw new RangeError(`operator ${this.config.address}: provider slot ${slot} outside 0..${this.config.providersEach - 1}`);
    }
    const wasUp = this.up;
    if (up) this.#providersDown.delete(slot);
    else this.#providersDown.add(slot);
    if (wasUp === this.up) return;
    const now = this.#ctx.kernel.now();
    if (!this.up) {
      this.outages++;
      this.#downSince = now;
    } else {
      this.downtimeSeconds += now - this.#downSince;
    }
    this.#market.reportHealth(this.config.address, this.up);
  }

  #joinServices(): void {
    const all = this.#market.services();
    if (all.length === 0) {
      this.#ctx.kernel.schedule(RETRY_BLOCKS * this.#ctx.chain.blockTime, () => this.#joinServices());
      return;
    }
    // A partial Fisher-Yates shuffle: k distinct services, uniformly.
    const pool = [...all];
    const k = Math.min(this.config.allocation.setsPerOperator, pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.#sets.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const chosen = pool.slice(0, k);
    let pending = chosen.length;
    for (const service of chosen) {
      this.#market.registerForService(this.config.address, service, (r) => {
        if (r.status === 'success') this.#services.push(service);
        if (--pending === 0) this.#allocate();
      });
    }
  }

  #allocate(): void {
    if (this.#services.length === 0) return;
    const fractions = allocationFractions(this.config.allocation, this.#services, (s) => this.#rewardPerStake(s));
    this.#market.allocate(this.config.address, fractions, (r) => {
      if (r.status !== 'success') throw new Error(`operator ${this.config.address} could not allocate: ${receiptOutcome(r)}`);
      this.allocated = true;
    });
  }

  /** STAKE a service pays per day per STAKE already securing it (one STAKE added to avoid 0/0). */
  #rewardPerStake(service: Address): number {
    const terms = this.#market.service(service);
    if (terms === undefined) return 0;
    return stakeToTokens(terms.rewardsPerDay) / (1 + stakeToTokens(this.#market.serviceStake(service)));
  }

  #scheduleEquivocation(): void {
    const rate = this.config.equivocationsPerYear / SECONDS_PER_YEAR;
    if (!(rate > 0)) return;
    this.#ctx.kernel.schedule(this.#misbehaviour.exponential(rate), () => {
      if (this.#services.length > 0) {
        const service = this.#services[Math.floor(this.#misbehaviour.next() * this.#services.length)]!;
        this.equivocations++;
        this.#market.reportEquivocation(this.config.address, service);
      }
      this.#scheduleEquivocation();
    });
  }
}

/**
 * Fractions of the operator's stake (WAD = all) per service, summing to at most totalFraction:
 * even slices, slices in proportion to reward per unit of stake, or all on the best-paying service.
 */
export function allocationFractions(
  allocation: OperatorConfig['allocation'],
  services: readonly Address[],
  rewardPerStake: (service: Address) => number,
): Map<Address, bigint> {
  const total = fractionToWadDown(allocation.totalFraction);
  const fractions = new Map<Address, bigint>();
  if (services.length === 0) return fractions;
  switch (allocation.policy) {
    case 'even':
      for (const s of services) fractions.set(s, total / BigInt(services.length));
      return fractions;
    case 'reward-weighted': {
      const weights = services.map((s) => BigInt(Math.round(rewardPerStake(s) * 1e9)));
      const sum = weights.reduce((a, b) => a + b, 0n);
      services.forEach((s, i) => fractions.set(s, sum === 0n ? total / BigInt(services.length) : (total * weights[i]!) / sum));
      return fractions;
    }
    case 'concentrated': {
      let best = services[0]!;
      for (const s of services) if (rewardPerStake(s) > rewardPerStake(best)) best = s;
      for (const s of services) fractions.set(s, s === best ? total : 0n);
      return fractions;
    }
  }
}

