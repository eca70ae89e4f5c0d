// The one place a run's outcome is decided, shared by every executor (inline, worker thread, and
// any later distributed backend), so a failure is recorded the same way wherever the run happened.
import type { RunControl } from '../engine/budget.js';
import type { RunSpec } from '../scenario/runSpec.js';
import type { RunError, RunResult } from '../scenario/runResult.js';

export type RunFunction = (spec: RunSpec, control?: RunControl) => RunResult;
import { simulatedHorizon, type ProgressCallback } from '../models.js';

/**
 * Runs one spec and never throws: a run that throws becomes a failed RunResult carrying its seed
 * and error, and a run whose invariant report has violations is marked failed too.
 */
export function executeRun(spec: RunSpec, run: RunFunction, control?: RunControl): RunResult {
  let result: RunResult;
  try {
    result = run(spec, control);
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

export function failedResult(spec: RunSpec, error: RunError, counters: Readonly<Record<string, number>> = {}): RunResult {
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
    counters,
  };
}

/**
 * A thrown error as a run keeps it: name, message and the stack trace that says where, with its
 * file paths relative to the working directory (the checkout), so that the same failure reads the
 * same on every machine.
 */
export function describeError(error: unknown): RunError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: relativeStack(error.stack) } : {}) };
  return { name: 'Error', message: String(error) };
}

function relativeStack(stack: string): string {
  const root = `${process.cwd()}/`;
  return stack.split(`file://${root}`).join('').split(root).join('');
}

/**
 * `control` with `onProgress` told the simulated time each time the run reports where it stands
 * (a progress line's feed), for a model whose runs have a simulated horizon.
 */
export function withProgress(spec: RunSpec, control: RunControl | undefined, onProgress: ProgressCallback | undefined): RunControl | undefined {
  const horizon = simulatedHorizon(spec);
  if (onProgress === undefined || horizon === undefined) return control;
  return {
    ...control,
    progress: (simTime, events) => {
      control?.progress?.(simTime, events);
      onProgress(simTime, horizon);
    },
  };
}
