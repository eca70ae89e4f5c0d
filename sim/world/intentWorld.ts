// The intent-auction world: providers list their GPUs on the capacity desk, users post Dutch-decaying
// compute intents, and solvers race to fill them by buying capacity and executing the ported
// UniswapX reactor. Builds every agent from the parameters, registers the market's metrics and
// invariants, and starts everything.
import { CapacityProviderAgent } from '../agents/capacityProvider.js';
import { IntentUserAgent } from '../agents/intentUser.js';
import { SolverAgent } from '../agents/solver.js';
import type { MarketContext } from '../markets/context.js';
import { IntentAuctionMarket } from '../markets/intents/intentAuction.js';
import { nonNegative, series, signed, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import { JobLedger, startDemand } from './jobs.js';
import { PROVIDER_REVENUE, PROVIDERS_UP, UTILIZATION } from './marketMetrics.js';
import type { WorldParams } from './params.js';
import { drawProviders, startFailureGroups } from './providerPool.js';
import { meanCostByModel, registerProviderEconomics } from './providerEconomics.js';
import { registerTradeMetrics } from './tradeMetrics.js';
import { USD_UNITS, usdToMicro } from '../units.js';

/** Solvers fill with urgent tips, thousands of times a month: their gas float is larger. */
const SOLVER_GAS_ALLOWANCE = 1_000n * 10n ** 18n;

export const INTENT_METRICS: readonly MetricDeclaration[] = [
  UTILIZATION,
  PROVIDERS_UP,
  series('open_intents', 'market', nonNegative('intents'), ['mean', 'max'], 'intents posted and neither filled nor expired'),
  PROVIDER_REVENUE,
  summary('intents_posted', 'market', nonNegative('intents'), 'intents users posted'),
  summary('intents_filled', 'market', nonNegative('intents'), 'intents a solver filled'),
  summary('intents_expired', 'market', nonNegative('intents'), 'intents that passed their deadline unfilled'),
  summary('fill_reverts', 'market', nonNegative('fills'), 'fill transactions that reverted (another solver was first)'),
  summary('solver_profit_usd', 'market', signed('USD'), "solvers' revenue less what they paid for capacity"),
];

export class IntentWorld {
  readonly market: IntentAuctionMarket;
  readonly providers: CapacityProviderAgent[] = [];
  readonly solvers: SolverAgent[] = [];
  readonly jobs = new JobLedger();
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    this.market = new IntentAuctionMarket(ctx, { ...params.market.intentAuction, gpuModels: params.providers.gpuTypes.map((t) => t.name) });
  }

  start(): void {
    const { providers, solvers } = this.#params;
    for (const draw of drawProviders(this.#ctx, providers)) {
      const agent = new CapacityProviderAgent(this.#ctx, this.market, {
        index: draw.index,
        address: draw.address,
        gpuModel: draw.type.name,
        gpus: providers.gpus,
        costPerGpuHour: draw.costPerGpuHour,
        markup: providers.bidding.markup,
        mtbf: providers.failures.mtbf,
        mttr: providers.failures.mttr,
        exit: draw.exit,
      });
      this.#funding.fund(agent.config.address, { native: GAS_ALLOWANCE });
      this.providers.push(agent);
      agent.start();
    }
    startFailureGroups(this.#ctx, providers.failures, this.providers);

    // Solvers differ in cost and speed (drawn once), so that every race has a winner.
    const setup = this.#ctx.rng.get('solvers/setup');
    for (let index = 0; index < solvers.count; index++) {
      const solver = new SolverAgent(this.#ctx, this.market, {
        index,
        address: `solver:${index}`,
        costPerGpuHour: solvers.costPerGpuHour * setup.lognormalWithMean(1, solvers.costCv),
        margin: solvers.margin,
        latency: setup.exponential(1 / solvers.latency),
      });
      this.#funding.fund(solver.config.address, { usd: usdToMicro(solvers.capital), native: SOLVER_GAS_ALLOWANCE });
      this.solvers.push(solver);
      solver.start();
    }

    startDemand(this.#ctx, this.#params, this.jobs, this.#funding, (job, report) => {
      const user = new IntentUserAgent(this.#ctx, this.market, `user:${job.id}`, job, report);
      // Twice the budget: enough to post the rest of the job again after an interruption.
      return { user, usd: user.budget() * 2n };
    });
  }

  hosts(): readonly CapacityProviderAgent[] {
    return this.providers;
  }

  register(recorder: Recorder, checker: InvariantChecker): void {
    const { market } = this;
    const { chain } = this.#ctx;
    const totalGpus = this.#params.providers.count * this.#params.providers.gpus;
    this.jobs.register(recorder, checker);
    recorder.series('utilization', () => market.desk.busyGpus(chain.timestamp) / totalGpus);
    recorder.series('providers_up', () => market.desk.availableGpus() / totalGpus);
    recorder.series('open_intents', () => market.openCount);
    recorder.series('provider_revenue_usd', () => market.capacityPaid, { scale: USD_UNITS });
    recorder.summary('intents_posted', () => market.posted);
    recorder.summary('intents_filled', () => market.filled);
    recorder.summary('intents_expired', () => market.expired);
    recorder.summary('fill_reverts', () => market.fillReverts);
    recorder.summary('solver_profit_usd', () => this.solvers.reduce((p, s) => p + s.profit, 0n), { scale: USD_UNITS });
    // Users' prices are the clearing prices; providers weigh what solvers paid them (no fee on the desk).
    const accounts = this.providers.map((p) => p.account);
    registerTradeMetrics(recorder, market.trades, meanCostByModel(accounts));
    registerProviderEconomics(recorder, {
      providers: accounts,
      gpuModels: this.#params.providers.gpuTypes.map((t) => t.name),
      netPriceOf: (m) => market.capacityTrades.meanSince(m, 0),
    });

    for (const [model, voucher] of market.vouchers()) {
      checker.register(`vouchers_backed:${model}`, () =>
        voucher.totalSupply === market.desk.outstandingVouchers(model)
          ? null
          : { supply: voucher.totalSupply, outstanding: market.desk.outstandingVouchers(model) },
      );
    }
    checker.register('solver_books_balance', () => {
      for (const s of this.solvers) {
        const expected = usdToMicro(this.#params.solvers.capital) + s.revenue - s.capacitySpent;
        const held = this.#ctx.tokens.usd.balanceOf(s.config.address);
        if (held !== expected) return { solver: s.config.address, held, expected };
      }
      return null;
    });
    checker.register('providers_paid_for_capacity', () => {
      let held = 0n;
      for (const p of this.providers) held += this.#ctx.tokens.usd.balanceOf(p.config.address);
      return held === market.capacityPaid ? null : { providersHold: held, capacityPaid: market.capacityPaid };
    });
  }
}
