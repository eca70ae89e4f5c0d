// The posted-price world: providers' GPUs are sold at a price per GPU-hour that a keeper moves with
// utilization against a target (the EIP-1559 rule, or EIP-4844's exponential), and users buy when
// the price is within their willingness to pay. Builds every agent from the parameters, registers
// the market's metrics and invariants, and starts everything.
import { Machine } from '../agents/machine.js';
import { PostedBuyerAgent } from '../agents/postedBuyer.js';
import { PriceKeeperAgent } from '../agents/priceKeeper.js';
import type { MarketContext } from '../markets/context.js';
import { POSTED_PRICE_KEEPER, POSTED_PROTOCOL_FEES, PostedPriceMarket } from '../markets/posted/postedPrice.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import { JobLedger, startDemand } from './jobs.js';
import type { WorldParams } from './params.js';
import { drawProviders, startFailureGroups } from './providerPool.js';
import { USD_UNITS } from '../units.js';

export class PostedWorld {
  readonly market: PostedPriceMarket;
  readonly machines: Machine[] = [];
  readonly jobs = new JobLedger();
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    const posted = params.market.postedPrice;
    const types = params.providers.gpuTypes;
    const meanCost = types.reduce((sum, t) => sum + t.share * t.costPerGpuHour, 0);
    this.market = new PostedPriceMarket(ctx, {
      // One price per GPU model, each scaled by the model's cost: the scenario's prices are for the average GPU.
      gpuModels: types.map((t) => ({
        name: t.name,
        initialPrice: (posted.initialPrice * t.costPerGpuHour) / meanCost,
        minPrice: (posted.minPrice * t.costPerGpuHour) / meanCost,
      })),
      targetUtilization: posted.targetUtilization,
      step: posted.step,
      adjustInterval: posted.adjustInterval,
      curve: posted.curve,
      queueWhenFull: posted.queueWhenFull,
      protocolFeeBps: posted.protocolFeeBps,
    });
  }

  start(): void {
    const { providers, users } = this.#params;
    for (const draw of drawProviders(this.#ctx, providers)) {
      const machine = new Machine();
      this.#funding.fund(draw.address, { native: GAS_ALLOWANCE });
      this.market.addSupplier({
        address: draw.address,
        gpuModel: draw.type.name,
        gpus: providers.gpus,
        costPerGpuHour: draw.costPerGpuHour,
        onAvailabilityChange: (listener) => machine.availability.watch(listener),
      });
      machine.start(this.#ctx.kernel, this.#ctx.rng.get(`provider-failures/${draw.index}`), providers.failures.mtbf, providers.failures.mttr);
      this.machines.push(machine);
    }
    startFailureGroups(this.#ctx, providers.failures, this.machines);

    this.#funding.fund(POSTED_PRICE_KEEPER, { native: GAS_ALLOWANCE });
    new PriceKeeperAgent(this.#ctx, this.market, POSTED_PRICE_KEEPER).start();

    const settings = { budgetCover: users.budget.depositCover };
    startDemand(this.#ctx, this.#params, this.jobs, this.#funding, (job) => {
      const buyer = new PostedBuyerAgent(this.#ctx, this.market, `buyer:${job.id}`, job, settings, this.jobs.record);
      return { user: buyer, usd: buyer.budget() };
    });
  }

  hosts(): readonly Machine[] {
    return this.machines;
  }

  register(recorder: Recorder, checker: InvariantChecker): void {
    const { market } = this;
    const { tokens } = this.#ctx;
    const models = this.#params.providers.gpuTypes.map((t) => t.name);
    this.jobs.register(recorder, checker);
    const busy = (): number => models.reduce((n, m) => n + market.busyGpus(m), 0);
    const totalGpus = this.#params.providers.count * this.#params.providers.gpus;
    recorder.series('utilization', () => busy() / totalGpus, { summaries: ['mean', 'max'] });
    for (const m of models) {
      recorder.series(`posted_price_usd:${m}`, () => market.priceUsd(m), { summaries: ['mean', 'min', 'max', 'last'] });
      recorder.series(`utilization:${m}`, () => {
        const available = market.availableGpus(m);
        return available === 0 ? 0 : market.busyGpus(m) / available;
      }, { summaries: ['mean'] });
    }
    recorder.series('waiting_buyers', () => market.waitingCount, { summaries: ['mean', 'max'] });
    recorder.series('provider_revenue_usd', () => market.paid - market.fees, { scale: USD_UNITS, summaries: ['last'] });
    recorder.summary('protocol_fees_usd', () => market.fees, { scale: USD_UNITS });
    recorder.summary('purchases', () => market.purchases);
    recorder.summary('price_adjustments', () => market.adjustments);
    this.#registerUtilizationError(recorder);

    checker.register('posted_fees_held', () => {
      const held = tokens.usd.balanceOf(POSTED_PROTOCOL_FEES);
      return held === market.fees ? null : { held, fees: market.fees };
    });
    checker.register('posted_busy_within_available', () => {
      for (const m of models) {
        if (market.busyGpus(m) > market.availableGpus(m)) return { model: m, busy: market.busyGpus(m), available: market.availableGpus(m) };
      }
      return null;
    });
  }

  /**
   * utilization_error_rms: the root mean square, over every price adjustment of every GPU model, of
   * the adjustment window's utilization (busy over available GPU-seconds, as the price rule measures
   * it) minus the target; a fraction of the GPUs, 0 when every window sat on target. It is what the
   * rule's step trades off: a small step leaves the price far from where demand meets the target for
   * long, a large one overshoots window after window. NaN before the first adjustment.
   */
  #registerUtilizationError(recorder: Recorder): void {
    const target = this.#params.market.postedPrice.targetUtilization;
    let squares = 0;
    let windows = 0;
    this.market.onPriceAdjusted((update) => {
      for (const a of update.adjustments) {
        if (a.utilization.available === 0n) continue;
        const error = Number(a.utilization.busy) / Number(a.utilization.available) - target;
        squares += error * error;
        windows += 1;
      }
    });
    recorder.summary('utilization_error_rms', () => (windows === 0 ? Number.NaN : Math.sqrt(squares / windows)));
  }
}
