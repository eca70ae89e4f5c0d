// A user with one job who buys it through the intent auction. It approves Permit2 once, then signs
// an intent for the job: with probability exclusiveShare it first asks the solvers for quotes and
// names the lowest as exclusive filler at that price; otherwise the price rises from
// startPriceFactor to endPriceFactor times its willingness to pay over the decay window. When a
// solver fills, it redeems the vouchers to start the job. An intent unfilled at its deadline leaves
// the job unserved (an SLA breach); a job cut short by an outage posts a new intent for the rest.
import type { Receipt } from '../chain/transaction.js';
import { ZERO_ADDRESS, type Address } from '../contracts/types.js';
import type { ExclusiveDutchOrder } from '../contracts/intents/ExclusiveDutchOrderReactor.js';
import { FixedPointMathLib } from '../contracts/math.js';
import type { RandomStream } from '../engine/random.js';
import type { MarketContext } from '../markets/context.js';
import { REACTOR, USD_TOKEN, voucherToken, type Fill, type IntentAuctionMarket } from '../markets/intents/intentAuction.js';
import type { Reservation } from '../markets/intents/capacityDesk.js';
import { microForGpuSecondsToUsdPerGpuHour, SECONDS_PER_HOUR, usdPerGpuHourToMicro } from '../units.js';
import { JobLifecycle, type Job, type JobReport } from './job.js';

const HOUR = BigInt(SECONDS_PER_HOUR);

export class IntentUserAgent {
  readonly address: Address;
  readonly job: Job;
  readonly #ctx: MarketContext;
  readonly #market: IntentAuctionMarket;
  readonly #life: JobLifecycle;
  /** One draw per intent: does it go through an RFQ? Shared by all users, drawn in posting order. */
  readonly #rfq: RandomStream;
  #nonce = 0n;

  constructor(ctx: MarketContext, market: IntentAuctionMarket, address: Address, job: Job, report: (r: JobReport) => void) {
    this.#life = new JobLifecycle(ctx.kernel, job, report);
    this.#ctx = ctx;
    this.#market = market;
    this.address = address;
    this.job = job;
    this.#rfq = ctx.rng.get('intent-rfq');
  }

  /**
   * The whole job at its end price: what the first intent may cost. A job cut short by an outage
   * posts the rest at most at this price again, and fails if the user cannot cover it.
   */
  budget(): bigint {
    return this.#amountAt(this.#market.params.endPriceFactor, this.#gpuSeconds(this.job.duration));
  }

  start(): void {
    this.#market.approvePermit2(this.address, (r) => {
      if (r.status !== 'success') return this.#life.finish('failed');
      this.#post();
    });
  }

  #post(): void {
    const { job } = this;
    const params = this.#market.params;
    const gpuSeconds = this.#gpuSeconds(this.#life.remaining);
    const endAmount = this.#amountAt(params.endPriceFactor, gpuSeconds);
    if (this.#ctx.tokens.usd.balanceOf(this.address) < endAmount) {
      this.#life.finish(this.#life.giveUpOutcome);
      return;
    }
    const rfq = this.#rfq.bernoulli(params.exclusiveShare)
      ? this.#market.requestQuote({ gpuModel: job.gpuModel, gpus: job.gpus, gpuSeconds, maxInput: endAmount })
      : undefined;
    const postedAt = Math.ceil(this.#market.clock.now());
    const decayStartTime = postedAt + (rfq === undefined ? 0 : Math.ceil(params.exclusivityWindow));
    const decayEndTime = decayStartTime + Math.ceil(params.decayWindow);
    const lastChance = decayEndTime + Math.ceil(params.deadline);
    // A job that never started keeps to its latency SLA, but the decay always runs its course (the
    // reactor needs deadline >= decayEndTime).
    const slaEnd = Math.floor(this.#market.clock.timestampAt(this.#life.giveUpAt));
    const deadline = this.#life.started ? lastChance : Math.max(decayEndTime, Math.min(lastChance, slaEnd));
    const order: ExclusiveDutchOrder = {
      info: { reactor: REACTOR, swapper: this.address, nonce: this.#nonce++, deadline: BigInt(deadline) },
      decayStartTime: BigInt(decayStartTime),
      decayEndTime: BigInt(decayEndTime),
      exclusiveFiller: rfq?.solver ?? ZERO_ADDRESS,
      exclusivityOverrideBps: BigInt(params.overrideBps),
      input: {
        token: USD_TOKEN,
        startAmount: rfq?.amount ?? this.#amountAt(params.startPriceFactor, gpuSeconds),
        endAmount,
      },
      outputs: [{ token: voucherToken(job.gpuModel), startAmount: gpuSeconds, endAmount: gpuSeconds, recipient: this.address }],
    };
    this.#market.postIntent(order, job.gpuModel, job.gpus, {
      onFilled: (fill) => this.#onFilled(fill),
      onExpired: () => this.#life.finish(this.#life.giveUpOutcome),
    });
  }

  #onFilled(fill: Fill): void {
    this.#life.paid(microForGpuSecondsToUsdPerGpuHour(fill.input, fill.intent.gpuSeconds));
    this.#market.redeem(this.address, fill.reservation.id, (r, interrupted) => this.#onJobEnded(r, interrupted), (r) => this.#onRedeemed(r));
  }

  #onRedeemed(r: Receipt<Reservation>): void {
    if (r.status === 'success') return this.#life.running();
    // The provider went down between the fill and the start: the compute bought is lost.
    this.#life.purchaseLost();
    this.#post();
  }

  #onJobEnded(r: Reservation, interrupted: boolean): void {
    if (interrupted && this.#life.interrupted((r.interruptedAt as number) - (r.startedAt as number))) this.#post();
    else this.#life.finish('completed');
  }

  #gpuSeconds(seconds: number): bigint {
    return BigInt(this.job.gpus) * BigInt(Math.ceil(seconds));
  }

  /** factor · willingness to pay for `gpuSeconds`, in micro-USD rounded down (the user's favour). */
  #amountAt(factor: number, gpuSeconds: bigint): bigint {
    return FixedPointMathLib.mulDivDown(usdPerGpuHourToMicro(factor * this.job.wtpPerGpuHour), gpuSeconds, HOUR);
  }
}
