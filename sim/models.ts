// The lab's models, chosen by a scenario's `model`: runModel builds one run from its resolved
// scenario, runs it, and returns a RunResult. 'market' is the DePIN market world (sim/world/),
// 'mmc' the M/M/c queue (sim/queueing/) that validates the event kernel against Erlang C.
import { describeStop, type RunControl, type StoppedEarly } from './engine/budget.js';
import type { RunSpec } from './scenario/runSpec.js';
import type { RunError, RunResult } from './scenario/runResult.js';
import { runMmc, type MmcParams } from './queueing/mmc.js';
import { mmcSummary } from './queueing/mmcMetrics.js';
import { runMarketWorld } from './world/marketWorld.js';
import type { WorldParams } from './world/params.js';

/** Told the simulated time a run has reached, now and then (for a progress line); results never depend on it. */
export type ProgressCallback = (simulatedSeconds: number, horizonSeconds: number) => void;

/**
 * `control` carries the caller's wall-clock budget and progress reports (nothing under sim/ reads a
 * clock); the event budget is the scenario's own (limits.maxEvents). A run its budget ends is failed,
 * with the reason and where it stood, and keeps what it recorded until then.
 */
export function runModel(spec: RunSpec, control: RunControl = {}): RunResult {
  const model = spec.params['model'];
  switch (model) {
    case 'mmc':
      return mmcRun(spec, control);
    case 'market':
      return marketRun(spec, control);
    default:
      throw new Error(`unknown model ${JSON.stringify(model)} (expected "mmc" or "market")`);
  }
}

/** The simulated time a run covers, in seconds, for a model that tells its progress; undefined otherwise. */
export function simulatedHorizon(spec: RunSpec): number | undefined {
  const duration = spec.params['duration'];
  return spec.params['model'] === 'market' && typeof duration === 'number' ? duration : undefined;
}

/** Why a run that ended is failed, if it is: its budget ended it, or an invariant broke. */
function failure(stopped: StoppedEarly | undefined, spec: RunSpec, control: RunControl, violations = 0): RunError | undefined {
  if (stopped) return { name: 'BudgetExceeded', message: describeStop(stopped, limitOf(spec.params, 'maxEvents'), control.wallTimeLimit) };
  if (violations > 0) return { name: 'InvariantViolation', message: `${violations} invariant violation(s)` };
  return undefined;
}

function limitOf(params: RunSpec['params'], name: 'maxEvents'): number {
  const limits = params['limits'] as { maxEvents?: number } | undefined;
  return limits?.[name] ?? Number.POSITIVE_INFINITY;
}

function marketRun(spec: RunSpec, control: RunControl): RunResult {
  // The scenario layer validated these parameters against the schema, which is checked at compile
  // time to produce WorldParams (sim/scenario/schema.ts).
  const outcome = runMarketWorld(spec.params as unknown as WorldParams, spec.seed, { control });
  const error = failure(outcome.stopped, spec, control, outcome.invariants.violationCount);
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: error ? 'failed' : 'ok',
    ...(error ? { error } : {}),
    params: spec.params,
    summary: outcome.summary,
    series: outcome.series,
    invariants: { checks: outcome.invariants.checks, violations: outcome.invariants.violations },
    counters: outcome.counters,
  };
}

function mmcRun(spec: RunSpec, control: RunControl): RunResult {
  const params = mmcParams(spec.params);
  const result = runMmc(params, spec.seed, { maxEvents: limitOf(spec.params, 'maxEvents'), control });
  const error = failure(result.stopped, spec, control);
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: error ? 'failed' : 'ok',
    ...(error ? { error } : {}),
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
