// The posted-price world: providers' GPUs are sold at a price per GPU-hour that a keeper moves with
// utilization against a target (the EIP-1559 rule, or EIP-4844's exponential), and users buy when
// the price is within their willingness to pay. Builds every agent from the parameters, registers
// the market's metrics and invariants, and starts everything.
import { PostedBuyerAgent } from '../agents/postedBuyer.js';
import { PostedProviderAgent } from '../agents/postedProvider.js';
import { TimeAverage } from '../analysis/timeAverage.js';
import { PriceKeeperAgent } from '../agents/priceKeeper.js';
import type { MarketContext } from '../markets/context.js';
import { meanGpuCost } from '../agents/demand.js';
import { POSTED_PRICE_KEEPER, POSTED_PROTOCOL_FEES, PostedPriceMarket, type PostedModel } from '../markets/posted/postedPrice.js';
import { FRACTION, nonNegative, series, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import { JobLedger, startDemand } from './jobs.js';
import { PROTOCOL_FEES, PROVIDER_REVENUE, UTILIZATION } from './marketMetrics.js';
import type { WorldParams } from './params.js';
import { drawProviders, startFailureGroups } from './providerPool.js';
import { meanCostByModel, registerProviderEconomics } from './providerEconomics.js';
import { registerTradeMetrics } from './tradeMetrics.js';
import { USD_UNITS } from '../units.js';

/** The posted market's metrics: a price and a utilization per GPU model, beside the market's totals. */
export function postedMetrics(params: WorldParams): MetricDeclaration[] {
  const models = params.providers.gpuTypes.map((t) => t.name);
  return [
    UTILIZATION,
    ...models.flatMap((m) => [
      series(`posted_price_usd:${m}`, 'market', nonNegative('USD/GPU-h'), ['mean', 'min', 'max', 'last'], `posted price of a ${m} GPU-hour`),
      series(`utilization:${m}`, 'market', FRACTION, ['mean'], `share of the available ${m} GPUs that are busy`),
    ]),
    series('waiting_buyers', 'users', nonNegative('buyers'), ['mean', 'max'], 'buyers waiting for a GPU at the posted price'),
    PROVIDER_REVENUE,
    PROTOCOL_FEES,
    summary('purchases', 'market', nonNegative('purchases'), 'GPU purchases at the posted price'),
    summary('price_adjustments', 'market', nonNegative('adjustments'), 'times the keeper moved the price'),
    // Defined in #registerUtilizationError below.
    summary('utilization_error_rms', 'market', FRACTION, "root mean square of each price window's utilization minus the target"),
  ];
}

/**
 * One price per GPU model, each scaled by the model's cost: the scenario's prices are for the
 * average GPU (weighted by the models' shares). With every cost zero, each model takes them as
 * written.
 */
export function postedModelPrices(params: Pick<WorldParams, 'providers' | 'market'>): PostedModel[] {
  const posted = params.market.postedPrice;
  const types = params.providers.gpuTypes;
  const meanCost = meanGpuCost(types);
  const scale = (price: number, cost: number): number => (meanCost > 0 ? (price * cost) / meanCost : price);
  return types.map((t) => ({
    name: t.name,
    initialPrice: scale(posted.initialPrice, t.costPerGpuHour),
    minPrice: scale(posted.minPrice, t.costPerGpuHour),
    maxPrice: scale(posted.maxPrice, t.costPerGpuHour),
  }));
}

export class PostedWorld {
  readonly market: PostedPriceMarket;
  readonly providers: PostedProviderAgent[] = [];
  readonly jobs = new JobLedger();
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    const posted = params.market.postedPrice;
    this.market = new PostedPriceMarket(ctx, {
      gpuModels: postedModelPrices(params),
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
      const agent = new PostedProviderAgent(this.#ctx, this.market, {
        index: draw.index,
        address: draw.address,
        gpuModel: draw.type.name,
        gpus: providers.gpus,
        costPerGpuHour: draw.costPerGpuHour,
        mtbf: providers.failures.mtbf,
        mttr: providers.failures.mttr,
        exit: draw.exit,
      });
      this.#funding.fund(draw.address, { native: GAS_ALLOWANCE });
      agent.start();
      this.providers.push(agent);
    }
    startFailureGroups(this.#ctx, providers.failures, this.providers);

    this.#funding.fund(POSTED_PRICE_KEEPER, { native: GAS_ALLOWANCE });
    new PriceKeeperAgent(this.#ctx, this.market, POSTED_PRICE_KEEPER).start();

    const settings = { budgetCover: users.budget.depositCover };
    startDemand(this.#ctx, this.#params, this.jobs, this.#funding, (job, report) => {
      const buyer = new PostedBuyerAgent(this.#ctx, this.market, `buyer:${job.id}`, job, settings, report);
      return { user: buyer, usd: buyer.budget() };
    });
  }

  hosts(): readonly PostedProviderAgent[] {
    return this.providers;
  }

  register(recorder: Recorder, checker: InvariantChecker): void {
    const { market } = this;
    const { tokens } = this.#ctx;
    const models = this.#params.providers.gpuTypes.map((t) => t.name);
    this.jobs.register(recorder, checker);
    const busy = (): number => models.reduce((n, m) => n + market.busyGpus(m), 0);
    const totalGpus = this.#params.providers.count * this.#params.providers.gpus;
    recorder.series('utilization', () => busy() / totalGpus);
    for (const m of models) {
      recorder.series(`posted_price_usd:${m}`, () => market.priceUsd(m));
      recorder.series(`utilization:${m}`, () => {
        const available = market.availableGpus(m);
        return available === 0 ? 0 : market.busyGpus(m) / available;
      });
    }
    recorder.series('waiting_buyers', () => market.waitingCount);
    recorder.series('provider_revenue_usd', () => market.paid - market.fees, { scale: USD_UNITS });
    recorder.summary('protocol_fees_usd', () => market.fees, { scale: USD_UNITS });
    recorder.summary('purchases', () => market.purchases);
    recorder.summary('price_adjustments', () => market.adjustments);
    const accounts = this.providers.map((p) => p.account);
    registerTradeMetrics(recorder, market.trades, meanCostByModel(accounts));
    // Providers net the posted price less the protocol fee; the market's price of a model over the run is its time average.
    const kernel = this.#ctx.kernel;
    const posted = new Map(models.map((m) => [m, new TimeAverage(kernel.now(), market.priceUsd(m))]));
    market.onPriceAdjusted((update) => {
      for (const a of update.adjustments) posted.get(a.gpuModel)?.set(kernel.now(), market.priceUsd(a.gpuModel));
    });
    const feeShare = market.params.protocolFeeBps / 10_000;
    registerProviderEconomics(recorder, {
      providers: accounts,
      gpuModels: models,
      netPriceOf: (m) => posted.get(m)!.mean(kernel.now()) * (1 - feeShare),
    });
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
   * long, a large one overshoots window after window. null in a run without an adjustment.
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
    recorder.summary('utilization_error_rms', () => (windows === 0 ? null : Math.sqrt(squares / windows)));
  }
}
