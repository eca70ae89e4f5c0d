// One fuzzed scenario, run twice at its tiny size and judged: what the run must never do whatever
// valid scenario it is given.
import { isDeepStrictEqual } from 'node:util';
import { runModel } from '../../sim/models.js';
import { executeRun } from '../../sim/runner/executeRun.js';
import { clockControl, wallTimeBudget } from '../../sim/runner/wallTime.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';
import { runId, runSeed } from '../../sim/scenario/seeds.js';

/**
 * A fuzzed run's event budget. The size caps keep a run to a few tens of thousands of events; a run
 * past this has an event storm or a loop, which is what the fuzzer calls a hang.
 */
export const FUZZ_MAX_EVENTS = 2_000_000;

/**
 * A fuzzed run's time budget in seconds (limits.maxWallTime, enforced by the run's own machinery
 * between slices of events): a run that is slow without many events (a structure that grows, a
 * search) counts as a hang too, and the campaign goes on. Fuzzed runs take well under a second of
 * CPU (the slowest regression, 3.5 s); ten times that is a finding, not a run to wait for. The
 * clock it is measured on is this process's CPU time (cpuClock), not the wall: a campaign runs at
 * nice 19 beside other work, where a minute of wall time may be a few seconds of CPU.
 */
export const FUZZ_MAX_WALL_SECONDS = 10;

/** Milliseconds of CPU this process has used (user and system): the fuzzer's run clock. */
const cpuClock = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export type FindingKind = 'invalid' | 'crash' | 'hang' | 'invariant' | 'nan' | 'domain' | 'rerun';

export interface Finding {
  readonly kind: FindingKind;
  readonly message: string;
}

/** Summary metrics that are fractions, whose values must lie in [0, 1]. */
const FRACTION = /^(fill_rate|utilization|utilization(:[^.]+)?\.(mean|max|min)|providers_up\.(min|mean)|(lost_stake|shock_lost)_fraction|staker_loss_mean\.(max|last))$/;
/** Summary metrics that count things, whose values are whole numbers >= 0. */
const COUNT =
  /^(jobs_arrived|slashes|stakers_exited|tx_failed_\w+|intents_\w+|fill_reverts|purchases|price_adjustments|attacks|invariant_violations|served|exit_wait_blocks_max|(jobs_completed|jobs_unserved|sla_breaches)\.last|(mempool|active_leases|queued_withdrawals|cascade_depth)\.(max|last))$/;

/** The fuzzer's budgets as a scenario's `limits` section. */
export const FUZZ_LIMITS = { maxEvents: FUZZ_MAX_EVENTS, maxWallTime: FUZZ_MAX_WALL_SECONDS } as const;

/** The run of a fuzzed scenario: its parameters as the schema resolves them, within the fuzzer's budget. */
export function fuzzSpec(scenario: Record<string, unknown>): RunSpec | Finding {
  const parsed = scenarioSchema.safeParse(scenario);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { kind: 'invalid', message: `the fuzzer drew a scenario the schema rejects: ${first?.path.join('.')}: ${first?.message}` };
  }
  const params: Record<string, unknown> = { ...parsed.data, limits: { ...parsed.data.limits, ...FUZZ_LIMITS } };
  delete params['sweep'];
  const key = { point: 0, replicate: 0 };
  return { scenario: 'fuzz', id: runId(key), key, seed: runSeed(parsed.data.seed, key), params };
}

/** What is wrong with one fuzzed scenario's runs; empty when nothing is. */
export function judge(scenario: Record<string, unknown>): Finding[] {
  const spec = fuzzSpec(scenario);
  if (!('params' in spec)) return [spec];
  // Both runs from the same call site, so that even the stack trace of a failure may be compared;
  // no rerun of a run the clock stopped, since where it stopped depends on the machine and its load.
  const run = (): RunResult => executeRun(spec, runModel, clockControl(wallTimeBudget(spec), cpuClock));
  const first = run();
  if (stoppedByClock(first)) return judgeResult(first);
  const second = run();
  const findings = judgeResult(first);
  if (!isDeepStrictEqual(first, second)) findings.push({ kind: 'rerun', message: `a rerun of the same scenario and seed gave a different result: ${firstDifference(first, second)}` });
  return findings;
}

/** A run the wall-clock budget stopped (its reason, from describeStop in sim/engine/budget.ts). */
function stoppedByClock(result: RunResult): boolean {
  return result.error?.name === 'BudgetExceeded' && result.error.message.includes('wall-clock budget');
}

export function judgeResult(result: RunResult): Finding[] {
  const findings: Finding[] = [];
  if (result.status === 'failed') {
    const error = result.error ?? { name: 'Error', message: '(no error)' };
    const kind: FindingKind = error.name === 'BudgetExceeded' ? 'hang' : error.name === 'InvariantViolation' ? 'invariant' : 'crash';
    const detail = kind === 'invariant' ? JSON.stringify(result.invariants.violations[0]) : (error.stack ?? error.message);
    findings.push({ kind, message: `${error.name}: ${error.message}${kind === 'crash' || kind === 'invariant' ? `\n${detail}` : ''}` });
  }
  for (const [metric, value] of Object.entries(result.summary)) {
    if (value === null) continue;
    if (!Number.isFinite(value)) findings.push({ kind: 'nan', message: `${metric} is ${value}` });
    else if (FRACTION.test(metric) && !(value >= 0 && value <= 1)) findings.push({ kind: 'domain', message: `${metric} = ${value}, a fraction outside [0, 1]` });
    else if (COUNT.test(metric) && !(Number.isInteger(value) && value >= 0)) findings.push({ kind: 'domain', message: `${metric} = ${value}, a count that is not a whole number >= 0` });
  }
  for (const [column, values] of Object.entries(result.series.columns)) {
    const infinite = values.find((value) => value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY);
    if (infinite !== undefined) findings.push({ kind: 'nan', message: `series ${column} holds ${infinite}` });
  }
  return findings;
}

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '(none)';
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path || '(root)'}: ${JSON.stringify(a)} then ${JSON.stringify(b)}`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${key}`);
  }
  return path;
}
