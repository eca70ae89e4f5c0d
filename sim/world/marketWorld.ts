// One run of the market world: build the chain, tokens and the chosen market with its agents, wire
// metrics and invariants, run the kernel to the horizon, and hand back plain data.
import type { Host } from '../agents/outages.js';
import { runWithinBudget, type RunControl, type StoppedEarly } from '../engine/budget.js';
import type { KernelKind } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { counter, MetricCatalog, nonNegative, series, summary, type MetricDeclaration } from '../metrics/catalog.js';
import { InvariantChecker, type CheckerReport } from '../metrics/invariants.js';
import { Recorder } from '../metrics/recorder.js';
import type { SeriesTable } from '../metrics/outputs.js';
import { Funding } from './funding.js';
import { INTENT_METRICS, IntentWorld } from './intentWorld.js';
import { JOB_METRICS } from './jobs.js';
import { LEASE_METRICS, registerLeaseWorld } from './leaseMetrics.js';
import { LeaseWorld } from './leaseWorld.js';
import type { WorldParams } from './params.js';
import { postedMetrics, PostedWorld } from './postedWorld.js';
import { providerEconomicsMetrics } from './providerEconomics.js';
import { securityMetrics, SecurityWorld } from './securityWorld.js';
import { TRADE_METRICS } from './tradeMetrics.js';
import { createWorldContext, registerTokenConservation } from './worldContext.js';

export interface WorldOptions {
  /** 'check' (the CI command) checks invariants at every block whatever the scenario says. */
  readonly mode?: 'run' | 'check';
  readonly kernel?: KernelKind;
  /** The caller's wall-clock budget and progress (nothing under sim/ reads a clock). */
  readonly control?: RunControl;
}

export interface WorldOutcome {
  readonly summary: Record<string, number | null>;
  readonly series: SeriesTable;
  readonly invariants: CheckerReport;
  readonly counters: Record<string, number>;
  /** Where the run stood if its budget ended it before the horizon. */
  readonly stopped?: StoppedEarly;
}

/** The chain's series and the run's counters. */
const CHAIN_METRICS: readonly MetricDeclaration[] = [
  series('base_fee_gwei', 'chain', nonNegative('gwei'), ['mean', 'max'], 'base fee per unit of gas'),
  series('mempool', 'chain', nonNegative('transactions'), ['max'], 'transactions waiting in the mempool'),
  counter('events', 'chain', nonNegative('events'), 'events the kernel executed'),
  counter('blocks', 'chain', nonNegative('blocks'), 'blocks produced'),
  counter('transactions', 'chain', nonNegative('transactions'), 'transactions included in blocks'),
  counter('reverts', 'chain', nonNegative('transactions'), 'included transactions that reverted'),
  counter('rejected', 'chain', nonNegative('transactions'), 'transactions refused at submission'),
  counter('expired', 'chain', nonNegative('transactions'), 'transactions dropped from the mempool unincluded'),
  counter('gasUsed', 'chain', nonNegative('gas'), 'gas used by included transactions'),
  counter('mempoolSize', 'chain', nonNegative('transactions'), 'transactions left in the mempool at the end'),
  counter('oversized', 'chain', nonNegative('transactions'), 'transactions refused because they need more gas than a block holds'),
  // Defined in registerChain below.
  summary('tx_failed_out_of_gas', 'chain', nonNegative('transactions'), 'transactions dropped because the sender could not cover gas'),
  summary('tx_failed_reverted', 'chain', nonNegative('transactions'), 'transactions included and reverted'),
  summary('tx_failed_too_large', 'chain', nonNegative('transactions'), 'transactions dropped because they need more gas than a block holds'),
];

const INVARIANT_METRICS: readonly MetricDeclaration[] = [
  summary('invariant_violations', 'invariants', nonNegative('violations'), 'invariant checks that failed'),
];

/** Every metric a run of the market world with these parameters records: its chain, its market, prices and providers' books, users, security. */
export function worldMetrics(params: WorldParams): MetricCatalog {
  const market = { 'lease-auction': LEASE_METRICS, 'intent-auction': INTENT_METRICS, 'posted-price': postedMetrics(params) }[params.market.kind];
  const economics = [...TRADE_METRICS, ...providerEconomicsMetrics(params.providers.gpuTypes.map((t) => t.name))];
  return new MetricCatalog([...market, ...economics, ...JOB_METRICS, ...securityMetrics(params), ...CHAIN_METRICS, ...INVARIANT_METRICS]);
}

export function runMarketWorld(params: WorldParams, seed: string, options: WorldOptions = {}): WorldOutcome {
  const ctx = createWorldContext(params, seed, options.kernel ?? 'simjs');
  const { kernel, chain } = ctx;
  const funding = new Funding(ctx);
  const recorder = new Recorder(worldMetrics(params));
  const checker = new InvariantChecker({
    mode: options.mode ?? 'run',
    interval: Math.max(1, Math.round(params.invariants.interval / params.chain.blockTime)),
  });

  registerChain(recorder, ctx);
  registerTokenConservation(checker, ctx, funding);
  const world = buildMarket(ctx, params, funding);
  const security = new SecurityWorld(ctx, params, funding);

  recorder.sampleEverySeconds(kernel, params.metrics.sampleInterval);
  if (params.invariants.enabled || options.mode === 'check') checker.watch(chain);
  world.start();
  security.start(world.hosts());
  // Series are registered once the agents exist (a series per service, say), before the first sample.
  world.register(recorder, checker);
  security.register(recorder, checker);
  const stopped = runWithinBudget(kernel, params.duration, params.limits.maxEvents, options.control);
  // The last sample is the state the run ended in, whatever the sampling interval.
  recorder.sampleFinal(kernel.now());
  if (params.invariants.enabled || options.mode === 'check') checker.checkAll(chain.blockNumber, kernel.now());

  const invariants = checker.report();
  return {
    summary: { ...recorder.summaryRecord(), invariant_violations: invariants.violationCount },
    series: recorder.table(),
    invariants,
    counters: { events: kernel.eventsProcessed, ...chain.counters(), ...security.counters() },
    ...(stopped ? { stopped } : {}),
  };
}

/** One market with its agents: started once, and asked once to register what it records and checks. */
interface MarketWorld {
  start(): void;
  /** The providers, as machines operators can run their nodes on. */
  hosts(): readonly Host[];
  register(recorder: Recorder, checker: InvariantChecker): void;
}

function buildMarket(ctx: MarketContext, params: WorldParams, funding: Funding): MarketWorld {
  switch (params.market.kind) {
    case 'lease-auction': {
      const world = new LeaseWorld(ctx, params, funding);
      return {
        start: () => world.start(),
        hosts: () => world.providers,
        register: (recorder, checker) => registerLeaseWorld(recorder, checker, ctx, world, params),
      };
    }
    case 'intent-auction':
      return new IntentWorld(ctx, params, funding);
    case 'posted-price':
      return new PostedWorld(ctx, params, funding);
  }
}

/**
 * The chain's own series (the base fee and the mempool) and the model's failed transactions, by
 * kind. Each is a count of the model's transactions over the run (outside traffic is not counted):
 * - tx_failed_out_of_gas: dropped at inclusion because the sender could not cover gas × its fee cap;
 * - tx_failed_reverted: included, gas paid, and reverted by the contract (state unchanged);
 * - tx_failed_too_large: dropped because it needs more gas than a block holds.
 * Every such agent carries on (retries, gives up or leaves, as its policy says).
 */
function registerChain(recorder: Recorder, ctx: MarketContext): void {
  const { chain } = ctx;
  const GWEI = 1_000_000_000n;
  recorder.series('base_fee_gwei', () => chain.baseFee, { scale: GWEI });
  recorder.series('mempool', () => chain.mempoolSize);
  recorder.summary('tx_failed_out_of_gas', () => chain.counters()['rejected']!);
  recorder.summary('tx_failed_reverted', () => chain.counters()['reverts']!);
  recorder.summary('tx_failed_too_large', () => chain.counters()['oversized']!);
}
