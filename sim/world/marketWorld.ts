// One run of the market world: build the chain, tokens and the chosen market with its agents, wire
// metrics and invariants, run the kernel to the horizon, and hand back plain data.
import { Chain } from '../chain/chain.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import { createKernel, streams, type KernelKind } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { InvariantChecker, type CheckerReport } from '../metrics/invariants.js';
import { Recorder } from '../metrics/recorder.js';
import type { SeriesTable } from '../metrics/runResult.js';
import { Funding } from './funding.js';
import { registerLeaseWorld } from './leaseMetrics.js';
import type { Host } from '../agents/outages.js';
import { IntentWorld } from './intentWorld.js';
import { SecurityWorld } from './securityWorld.js';
import { LeaseWorld } from './leaseWorld.js';
import { PostedWorld } from './postedWorld.js';
import type { WorldParams } from './params.js';

const TREASURY = 'treasury';

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
  const kernel = createKernel(options.kernel ?? 'simjs');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const chain = new Chain(kernel, {
    blockTime: params.chain.blockTime,
    startBlock: params.chain.startBlock,
    gasLimit: params.chain.gasLimit,
    initialBaseFee: BigInt(params.chain.baseFee),
    elasticityMultiplier: params.chain.elasticity,
    baseFeeChangeDenominator: params.chain.changeDenominator,
    gasTable: params.chain.gas,
    nativeCurrency: native,
    backgroundGas: backgroundDemand(params.chain),
  });
  const ctx: MarketContext = { kernel, chain, rng: streams(seed), tokens: { usd, native }, treasury: TREASURY };
  const funding = new Funding(ctx);
  const recorder = new Recorder();
  const checker = new InvariantChecker({
    mode: options.mode ?? 'run',
    interval: Math.max(1, Math.round(params.invariants.interval / params.chain.blockTime)),
  });

  registerChain(recorder, checker, ctx, funding);
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
    counters: { events: kernel.eventsProcessed, ...chain.counters() },
  };
}

/**
 * Outside traffic with unit price elasticity: at the initial base fee b0 it wants
 * `backgroundUtilization` times the gas target, and at fee b it wants b0/b times that. With no model
 * traffic (and utilization 1) the fee holds at b0; the model's own transactions push it to the fee
 * at which outside traffic yields their space, b0·T/(T − L) for model load L, as a real fee market
 * would, instead of growing without bound.
 */
function backgroundDemand(chain: WorldParams['chain']): (baseFee: bigint) => number {
  const target = chain.gasLimit / chain.elasticity;
  const wantedAtB0 = chain.backgroundUtilization * target;
  const b0 = Math.max(1, chain.baseFee);
  return (baseFee) => (wantedAtB0 * b0) / Math.max(1, Number(baseFee));
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

/** The chain's own series and the conservation of the tokens minted into the world. */
function registerChain(recorder: Recorder, checker: InvariantChecker, ctx: MarketContext, funding: Funding): void {
  const { chain, tokens } = ctx;
  const GWEI = 1_000_000_000n;
  recorder.series('base_fee_gwei', () => chain.baseFee, { scale: GWEI, summaries: ['mean', 'max'] });
  recorder.series('mempool', () => chain.mempoolSize, { summaries: ['max'] });
  checker.register('usd_conservation', () =>
    funding.mintedUsd === tokens.usd.totalSupply ? null : { minted: funding.mintedUsd, totalSupply: tokens.usd.totalSupply },
  );
  // Gas money leaves the supply only by the base-fee burn.
  checker.register('native_conservation', () =>
    funding.mintedNative === tokens.native.totalSupply + chain.burned
      ? null
      : { minted: funding.mintedNative, totalSupply: tokens.native.totalSupply, burned: chain.burned },
  );
}
