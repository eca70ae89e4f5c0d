// Builds one run from its resolved scenario, runs it, and returns a RunResult. For now only the
// M/M/c validation queue exists; the DePIN market world (GitHub issue 5) will replace the
// 'market' branch.
import type { RunSpec } from './scenario/runSpec.js';
import type { RunResult } from './metrics/runResult.js';
import { runMmc, type MmcParams } from './validation/mmc.js';
import { erlangWq } from './analysis/erlang.js';

export function runSpec(spec: RunSpec): RunResult {
  const model = spec.params['model'];
  switch (model) {
    case 'mmc':
      return runMmcSpec(spec);
    case 'market':
      throw new Error('the market world model is not built yet (issue 5)');
    default:
      throw new Error(`unknown model ${JSON.stringify(model)} (expected "mmc" or "market")`);
  }
}

function runMmcSpec(spec: RunSpec): RunResult {
  const params = mmcParams(spec.params);
  const result = runMmc(params, spec.seed);
  // Erlang C has no steady state to compare with once λ >= cμ; the simulated figures stand alone.
  const stable = params.lambda < params.servers * params.mu;
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: 'ok',
    params: spec.params,
    summary: {
      meanWait: result.meanWait,
      meanSystemTime: result.meanSystemTime,
      utilization: result.utilization,
      served: result.served,
      // The closed form beside the estimate, so a sweep's table shows both.
      ...(stable ? { erlangWq: erlangWq(params.lambda, params.mu, params.servers) } : {}),
    },
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
