// The lab's models, chosen by a scenario's `model`: runModel builds one run from its resolved
// scenario, runs it, and returns a RunResult. 'market' is the DePIN market world (sim/world/),
// 'mmc' the M/M/c queue (sim/queueing/) that validates the event kernel against Erlang C.
import type { RunSpec } from './scenario/runSpec.js';
import type { RunResult } from './scenario/runResult.js';
import { runMmc, type MmcParams } from './queueing/mmc.js';
import { mmcSummary } from './queueing/mmcMetrics.js';
import { runMarketWorld } from './world/marketWorld.js';
import type { WorldParams } from './world/params.js';

/** Told the simulated time a run has reached, now and then (for a progress line); results never depend on it. */
export type ProgressCallback = (simulatedSeconds: number, horizonSeconds: number) => void;

/** `onProgress`: the market world tells it a hundred times a run; the M/M/c queue, which takes moments, never. */
export function runModel(spec: RunSpec, onProgress?: ProgressCallback): RunResult {
  const model = spec.params['model'];
  switch (model) {
    case 'mmc':
      return mmcRun(spec);
    case 'market':
      return marketRun(spec, onProgress);
    default:
      throw new Error(`unknown model ${JSON.stringify(model)} (expected "mmc" or "market")`);
  }
}

/** The simulated time a run covers, in seconds, for a model that tells its progress; undefined otherwise. */
export function simulatedHorizon(spec: RunSpec): number | undefined {
  const duration = spec.params['duration'];
  return spec.params['model'] === 'market' && typeof duration === 'number' ? duration : undefined;
}

function marketRun(spec: RunSpec, onProgress: ProgressCallback | undefined): RunResult {
  // The scenario layer validated these parameters against the schema, which is checked at compile
  // time to produce WorldParams (sim/scenario/schema.ts).
  const outcome = runMarketWorld(spec.params as unknown as WorldParams, spec.seed, onProgress ? { onProgress } : {});
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: outcome.invariants.violationCount > 0 ? 'failed' : 'ok',
    ...(outcome.invariants.violationCount > 0
      ? { error: { name: 'InvariantViolation', message: `${outcome.invariants.violationCount} invariant violation(s)` } }
      : {}),
    params: spec.params,
    summary: outcome.summary,
    series: outcome.series,
    invariants: { checks: outcome.invariants.checks, violations: outcome.invariants.violations },
    counters: outcome.counters,
  };
}

function mmcRun(spec: RunSpec): RunResult {
  const params = mmcParams(spec.params);
  const result = runMmc(params, spec.seed);
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: 'ok',
    params: spec.params,
    summary: mmcSummary(params, result),
    series: {
      time: result.series.time,
      columns: { queueLength: result.series.queueLength, busy: result.series.busy },
    },
    invariants: { checks: 0, violations: [] },
    counters: { events: result.events },
  };
}

function mmcParams(params: Readonly<Record<string, unknown>>): MmcParams {
  const kernel = params['kernel'];
  const warmup = params['warmup'];
  return {
    lambda: numberParam(params, 'lambda'),
    mu: numberParam(params, 'mu'),
    servers: numberParam(params, 'servers'),
    customers: numberParam(params, 'customers'),
    ...(typeof warmup === 'number' ? { warmup } : {}),
    ...(kernel === 'simjs' || kernel === 'heap' ? { kernel } : {}),
  };
}

function numberParam(params: Readonly<Record<string, unknown>>, name: string): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`mmc parameter ${name} must be a finite number, found ${JSON.stringify(value)}`);
  }
  return value;
}
