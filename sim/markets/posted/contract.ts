// The posted-price market contract, the lab's own (there is no original to port): one price per GPU
// model in micro-USD per GPU-hour, moved by the price rule once per adjustment interval from the
// utilization the contract saw over the window; purchases at that price, assigned to the free
// provider with the lowest declared cost, paid in USD to the provider less the protocol's fee.
//
// Providers commit their GPUs at whatever price the rule posts, as on networks where the protocol
// sets the price: one whose cost is above the price still serves, at a loss its margin shows.
// Letting providers refuse single jobs would count their idle GPUs as unsold capacity and drive the
// price down further, to no sale at all. What a provider may do is leave: close its listing, which
// takes its GPUs out of the books the price is set from (sim/markets/posted/capacityPool.ts), and
// reopen it later. When to leave is the provider's policy (sim/agents/exitPolicy.ts).
//
// Anyone may poke the price once the interval has passed since the last adjustment, as anyone may
// update a price oracle: the keeper does it, paying gas and waiting for block space like everyone.
// A late poke measures the longer window it closes, so no GPU-second goes unmeasured. Like the
// ported contracts it is pure (bigint amounts, times from the transaction context) and every check
// runs before the first write.
import { Revert } from '../../contracts/errors.js';
import type { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { capacityCost } from '../intents/pricing.js';
import { CapacityPool, type PostedJob } from './capacityPool.js';
import { PriceRule, type PriceCurve, type Utilization } from './priceRule.js';

const BPS = 10_000n;

export interface PostedModelPrice {
  readonly gpuModel: string;
  /** Micro-USD per GPU-hour. */
  readonly initialPrice: bigint;
  readonly minPrice: bigint;
  readonly maxPrice: bigint;
}

export interface PostedPriceContractParams {
  readonly address: Address;
  readonly usd: ERC20;
  readonly feeRecipient: Address;
  /** The protocol's share of each payment, in basis points (rounded down: the provider's favour). */
  readonly protocolFeeBps: number;
  readonly models: readonly PostedModelPrice[];
  readonly curve: PriceCurve;
  readonly targetUtilization: number;
  readonly step: number;
  /** Whole seconds between adjustments, at least. */
  readonly adjustInterval: number;
  /** Timestamp of deployment: the first window opens here. */
  readonly deployedAt: number;
}

export interface PriceAdjustment {
  readonly gpuModel: string;
  /** The window's utilization in GPU-seconds. */
  readonly utilization: Utilization;
  readonly before: bigint;
  readonly after: bigint;
}

export interface PriceUpdate {
  readonly windowStart: number;
  readonly timestamp: number;
  readonly adjustments: readonly PriceAdjustment[];
}

interface Window {
  busy: bigint;
  available: bigint;
}

export class PostedPriceContract {
  readonly address: Address;
  readonly pool: CapacityPool;
  readonly adjustInterval: number;
  readonly protocolFeeBps: bigint;
  readonly feeRecipient: Address;
  readonly #usd: ERC20;
  readonly #rules = new Map<string, PriceRule>();
  /** Each model's integrals at the last adjustment: where the next window starts. */
  readonly #windowStart = new Map<string, Window>();
  #lastAdjustedAt: number;
  #nextJobId = 1;

  constructor(params: PostedPriceContractParams) {
    if (!Number.isSafeInteger(params.adjustInterval) || params.adjustInterval <= 0) {
      throw new RangeError(`posted price: adjustInterval must be a whole number of seconds > 0, got ${params.adjustInterval}`);
    }
    if (!Number.isInteger(params.protocolFeeBps) || params.protocolFeeBps < 0 || params.protocolFeeBps > 10_000) {
      throw new RangeError(`posted price: protocolFeeBps must be a whole number in [0, 10000], got ${params.protocolFeeBps}`);
    }
    if (params.models.length === 0) throw new RangeError('posted price: at least one GPU model is needed');
    this.address = params.address;
    this.adjustInterval = params.adjustInterval;
    this.protocolFeeBps = BigInt(params.protocolFeeBps);
    this.feeRecipient = params.feeRecipient;
    this.#usd = params.usd;
    this.#lastAdjustedAt = params.deployedAt;
    this.pool = new CapacityPool(params.models.map((m) => m.gpuModel), params.deployedAt);
    for (const m of params.models) {
      const { curve, targetUtilization, step } = params;
      this.#rules.set(m.gpuModel, new PriceRule({ curve, targetUtilization, step, initialPrice: m.initialPrice, minPrice: m.minPrice, maxPrice: m.maxPrice }));
      this.#windowStart.set(m.gpuModel, { busy: 0n, available: 0n });
    }
  }

  // ---- views ----

  /** Micro-USD per GPU-hour a purchase of the model pays now. */
  price(gpuModel: string): bigint {
    return this.#rule(gpuModel).price;
  }

  rule(gpuModel: string): PriceRule {
    return this.#rule(gpuModel);
  }

  gpuModels(): IterableIterator<string> {
    return this.#rules.keys();
  }

  get lastAdjustedAt(): number {
    return this.#lastAdjustedAt;
  }

  /** The first timestamp at which a poke succeeds. */
  get nextAdjustmentAt(): number {
    return this.#lastAdjustedAt + this.adjustInterval;
  }

  /** Micro-USD for `gpus` GPUs over `seconds` at `price` per GPU-hour, rounded up (the seller's favour). */
  cost(price: bigint, gpus: number, seconds: number): bigint {
    return capacityCost(price, BigInt(gpus) * BigInt(seconds));
  }

  /** The protocol's part of a payment. */
  fee(cost: bigint): bigint {
    return (cost * this.protocolFeeBps) / BPS;
  }

  // ---- transactions ----

  /** A provider offers its GPUs of a model, declaring its cost in micro-USD per GPU-hour. */
  list(ctx: TxContext, gpuModel: string, gpus: number, costPerGpuHour: bigint): void {
    if (!this.pool.hasModel(gpuModel)) throw new Revert('UnknownGpuModel', gpuModel);
    if (!Number.isSafeInteger(gpus) || gpus <= 0 || costPerGpuHour < 0n) throw new Revert('InvalidListing', gpus, costPerGpuHour);
    const existing = this.pool.listing(ctx.sender);
    if (existing !== undefined && existing.gpuModel !== gpuModel) throw new Revert('WrongGpuModel', existing.gpuModel, gpuModel);
    // Fewer GPUs than its jobs hold would leave more GPUs busy than listed.
    const held = existing === undefined || !existing.up ? 0 : this.pool.heldGpus(ctx.sender, ctx.timestamp);
    if (gpus < held) throw new Revert('GpusInUse', held, gpus);
    this.pool.list({ provider: ctx.sender, gpuModel, gpus, costPerGpuHour }, ctx.timestamp);
  }

  /** A provider reports itself down (ending the jobs it runs, which are returned) or back up. */
  setAvailability(ctx: TxContext, up: boolean): PostedJob[] {
    if (this.pool.listing(ctx.sender) === undefined) throw new Revert('UnknownProvider', ctx.sender);
    return this.pool.setAvailability(ctx.sender, up, ctx.timestamp);
  }

  /**
   * A provider closes its listing (it takes no new job, and its GPUs leave the books from now; its
   * running jobs run to their end) or reopens it. Returns whether anything changed.
   */
  setOpen(ctx: TxContext, open: boolean): boolean {
    if (this.pool.listing(ctx.sender) === undefined) throw new Revert('UnknownProvider', ctx.sender);
    return this.pool.setOpen(ctx.sender, open, ctx.timestamp);
  }

  /**
   * Buys `gpus` GPUs of a model for `seconds` at the posted price, if it is at most `maxPrice` (the
   * buyer's limit, as a fee cap): the payment goes to the assigned provider less the protocol fee,
   * pulled with the allowance the buyer gave this contract.
   */
  buy(ctx: TxContext, gpuModel: string, gpus: number, seconds: number, maxPrice: bigint): PostedJob {
    if (!this.pool.hasModel(gpuModel)) throw new Revert('UnknownGpuModel', gpuModel);
    if (!Number.isSafeInteger(gpus) || gpus <= 0 || !Number.isSafeInteger(seconds) || seconds <= 0) throw new Revert('InvalidJob', gpus, seconds);
    const price = this.price(gpuModel);
    if (price > maxPrice) throw new Revert('PriceAboveLimit', price, maxPrice);
    const provider = this.pool.assign(gpuModel, gpus, ctx.timestamp);
    if (provider === undefined) throw new Revert('NoCapacity', gpuModel, gpus);
    const cost = this.cost(price, gpus, seconds);
    const fee = this.fee(cost);
    const allowance = this.#usd.allowance(ctx.sender, this.address);
    if (allowance < cost) throw new Revert('ERC20InsufficientAllowance', this.address, allowance, cost);
    const balance = this.#usd.balanceOf(ctx.sender);
    if (balance < cost) throw new Revert('ERC20InsufficientBalance', ctx.sender, balance, cost);

    const pull = { ...ctx, sender: this.address };
    if (cost > fee) this.#usd.transferFrom(pull, ctx.sender, provider, cost - fee);
    if (fee > 0n) this.#usd.transferFrom(pull, ctx.sender, this.feeRecipient, fee);
    const job: PostedJob = {
      id: this.#nextJobId++,
      buyer: ctx.sender,
      provider,
      gpuModel,
      gpus,
      pricePerGpuHour: price,
      cost,
      fee,
      startedAt: ctx.timestamp,
      endsAt: ctx.timestamp + seconds,
    };
    this.pool.addJob(job);
    return job;
  }

  /** Closes the window since the last adjustment and moves every model's price by its utilization. */
  poke(ctx: TxContext): PriceUpdate {
    if (ctx.timestamp < this.nextAdjustmentAt) throw new Revert('PriceUpdateTooEarly', this.nextAdjustmentAt);
    const adjustments: PriceAdjustment[] = [];
    for (const [gpuModel, rule] of this.#rules) {
      const start = this.#windowStart.get(gpuModel) as Window;
      const busy = this.pool.busyIntegral(gpuModel, ctx.timestamp);
      const available = this.pool.availableIntegral(gpuModel, ctx.timestamp);
      const utilization = { busy: busy - start.busy, available: available - start.available };
      const before = rule.price;
      adjustments.push({ gpuModel, utilization, before, after: rule.adjust(utilization) });
      start.busy = busy;
      start.available = available;
    }
    const update = { windowStart: this.#lastAdjustedAt, timestamp: ctx.timestamp, adjustments };
    this.#lastAdjustedAt = ctx.timestamp;
    return update;
  }

  #rule(gpuModel: string): PriceRule {
    const rule = this.#rules.get(gpuModel);
    if (rule === undefined) throw new RangeError(`no GPU model ${JSON.stringify(gpuModel)} in the posted-price market`);
    return rule;
  }
}
