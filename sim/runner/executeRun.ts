// The one place a run's outcome is decided, shared by every executor (inline, worker thread, and
// any later distributed backend), so a failure is recorded the same way wherever the run happened.
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunResult } from '../scenario/runResult.js';
import type { ProgressCallback } from '../models.js';

export type RunFunction = (spec: RunSpec, onProgress?: ProgressCallback) => RunResult;

/**
 * Runs one spec and never throws: a run that throws becomes a failed RunResult carrying its seed
 * and error, and a run whose invariant report has violations is marked failed too.
 */
export function executeRun(spec: RunSpec, run: RunFunction, onProgress?: ProgressCallback): RunResult {
  let result: RunResult;
  try {
    result = run(spec, onProgress);
  } catch (error) {
    return failedResult(spec, describeError(error));
  }
  const violations = result.invariants.violations;
  if (result.status === 'ok' && violations.length > 0) {
    const first = violations[0]!;
    return {
      ...result,
      status: 'failed',
      error: {
        name: 'InvariantViolation',
        message: `${violations.length} invariant violation(s), first: ${first.invariant} at block ${first.block}`,
      },
    };
  }
  return result;
}

export function failedResult(spec: RunSpec, error: { name: string; message: string }): RunResult {
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: 'failed',
    error,
    params: spec.params,
    summary: {},
    series: { time: [], columns: {} },
    invariants: { checks: 0, violations: [] },
    counters: {},
  };
}

export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
