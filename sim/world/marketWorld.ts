// One run of the market world: build the chain, tokens and the chosen market with its agents, wire
// metrics and invariants, run the kernel to the horizon, and hand back plain data.
import type { Host } from '../agents/outages.js';
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
}

export interface WorldOutcome {
  readonly summary: Record<string, number>;
  readonly series: SeriesTable;
  readonly invariants: CheckerReport;
  readonly counters: Record<string, number>;
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
  kernel.run(params.duration);
  if (params.invariants.enabled || options.mode === 'check') checker.checkAll(chain.blockNumber, kernel.now());

  return {
    summary: recorder.summaryRecord(),
    series: recorder.table(),
    invariants: checker.report(),
    counters: { events: kernel.eventsProcessed, ...chain.counters(), ...security.counters() },
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

/** The chain's own series: the base fee and the mempool. */
function registerChain(recorder: Recorder, ctx: MarketContext): void {
  const { chain } = ctx;
  const GWEI = 1_000_000_000n;
  recorder.series('base_fee_gwei', () => chain.baseFee, { scale: GWEI, summaries: ['mean', 'max'] });
  recorder.series('mempool', () => chain.mempoolSize, { summaries: ['max'] });
}
