// One run of the market world: build the chain, tokens and the chosen market with its agents, wire
// metrics and invariants, run the kernel to the horizon, and hand back plain data.
import type { Host } from '../agents/outages.js';
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
  /** Told the simulated time reached, PROGRESS_STEPS times over the run (for a progress line). */
  readonly onProgress?: (simulatedSeconds: number, horizonSeconds: number) => void;
}

/**
 * The run proceeds in this many slices of simulated time, telling onProgress after each. A slice
 * ends with the kernel's clock parked at its end and the next resumes exactly there (the Kernel
 * contract), so the results are those of one uninterrupted run: the golden outputs show it.
 */
export const PROGRESS_STEPS = 100;

export interface WorldOutcome {
  readonly summary: Record<string, number>;
  readonly series: SeriesTable;
  readonly invariants: CheckerReport;
  readonly counters: Record<string, number>;
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
  runInSlices(kernel, params.duration, options.onProgress);
  if (params.invariants.enabled || options.mode === 'check') checker.checkAll(chain.blockNumber, kernel.now());

  const invariants = checker.report();
  return {
    summary: { ...recorder.summaryRecord(), invariant_violations: invariants.violationCount },
    series: recorder.table(),
    invariants,
    counters: { events: kernel.eventsProcessed, ...chain.counters(), ...security.counters() },
  };
}

function runInSlices(kernel: MarketContext['kernel'], horizon: number, onProgress: WorldOptions['onProgress']): void {
  for (let step = 1; step <= PROGRESS_STEPS; step++) {
    const until = step === PROGRESS_STEPS ? horizon : (horizon * step) / PROGRESS_STEPS;
    kernel.run(until);
    if (kernel.now() < until) return; // an event stopped the run
    onProgress?.(until, horizon);
  }
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

/** The chain's own series: the base fee and the mempool. */
function registerChain(recorder: Recorder, ctx: MarketContext): void {
  const { chain } = ctx;
  const GWEI = 1_000_000_000n;
  recorder.series('base_fee_gwei', () => chain.baseFee, { scale: GWEI });
  recorder.series('mempool', () => chain.mempoolSize);
}
