// One run of the market world: build the chain, tokens and the chosen market with its agents, wire
// metrics and invariants, run the kernel to the horizon, and hand back plain data.
import type { Host } from '../agents/outages.js';
import { runWithinBudget, type RunControl, type StoppedEarly } from '../engine/budget.js';
import type { KernelKind } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { InvariantChecker, type CheckerReport } from '../metrics/invariants.js';
import { Recorder } from '../metrics/recorder.js';
import type { SeriesTable } from '../metrics/outputs.js';
import { Funding } from './funding.js';
import { IntentWorld } from './intentWorld.js';
import { registerLeaseWorld } from './leaseMetrics.js';
import { LeaseWorld } from './leaseWorld.js';
import type { WorldParams } from './params.js';
import { PostedWorld } from './postedWorld.js';
import { SecurityWorld } from './securityWorld.js';
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

export function runMarketWorld(params: WorldParams, seed: string, options: WorldOptions = {}): WorldOutcome {
  const ctx = createWorldContext(params, seed, options.kernel ?? 'simjs');
  const { kernel, chain } = ctx;
  const funding = new Funding(ctx);
  const recorder = new Recorder();
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

  return {
    summary: recorder.summaryRecord(),
    series: recorder.table(),
    invariants: checker.report(),
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
  recorder.series('base_fee_gwei', () => chain.baseFee, { scale: GWEI, summaries: ['mean', 'max'] });
  recorder.series('mempool', () => chain.mempoolSize, { summaries: ['max'] });
  recorder.summary('tx_failed_out_of_gas', () => chain.counters()['rejected']!);
  recorder.summary('tx_failed_reverted', () => chain.counters()['reverts']!);
  recorder.summary('tx_failed_too_large', () => chain.counters()['oversized']!);
}
