// Steps the two study commands (sensitivity, optimize) share: where their runs execute (the local
// pool or Redis, as for `sweep`), a progress line over the whole study, and the readable problems
// of a study that cannot start (no section, a sweep beside it, a design point the schema refuses,
// a metric no run reports).
import type { SummaryValue } from '../scenario/runResult.js';
import { formatProblem, type Scenario } from '../scenario/index.js';
import { DesignPointError } from '../scenario/designRuns.js';
import { formatPath } from '../scenario/paths.js';
import { closest } from '../scenario/suggest.js';
import { BullmqExecutor } from '../runner/distributed/bullmqExecutor.js';
import { describeEndpoint } from '../runner/distributed/redisConnection.js';
import type { Executor } from '../runner/executor.js';
import { Progress } from '../runner/progress.js';
import type { RunObserver } from '../runner/sweep.js';
import { integerOption, STUDY_OPTIONS, type CliIo, type ParsedArgs } from './command.js';
import { pool, scenarioError, type ScenarioError } from './steps.js';
import { sweepOnRedis } from './sweep.js';

export type StudySection = 'sensitivity' | 'optimize';

export { STUDY_OPTIONS };

/** The local pool, or Redis workers; jobs of the study are named after `id`. */
export async function studyExecutor(args: ParsedArgs, id: string): Promise<Executor> {
  const redis = sweepOnRedis(args);
  return redis ? BullmqExecutor.connect({ ...redis, sweepId: id }) : pool(integerOption(args, 'workers', 1));
}

/** On Redis: announces the study for `depin-lab sweep --status` and says where its runs are queued. */
export async function announceOnRedis(executor: Executor, io: CliIo, args: ParsedArgs, study: { id: string; scenario: string; total: number; recorded: number; failed: number }): Promise<void> {
  if (!(executor instanceof BullmqExecutor)) return;
  await executor.announce({ scenario: study.scenario, total: study.total, recorded: study.recorded, failed: study.failed });
  const redis = sweepOnRedis(args)!;
  if (args.values['quiet'] !== true) {
    io.stderr.write(
      `study ${study.id}: ${study.total - study.recorded} runs to queue on Redis at ${describeEndpoint(redis.endpoint)} ` +
        `for depin-lab worker --redis ${redis.endpoint.shownUrl} (progress: depin-lab sweep --status ${study.id})\n`,
    );
  }
}

/**
 * A progress line over every run of a study, `done` of them already on record. A study's runs are
 * made batch by batch (the optimiser chooses the next from the last), so the line counts runs
 * rather than naming them: its items are the study's run slots, filled in the order runs finish.
 */
export function studyProgress(io: CliIo, args: ParsedArgs, label: string, total: number, done: { runs: number; failed: number }): StudyProgress {
  const slot = (i: number) => `#${i}`;
  const items = new Map(Array.from({ length: total }, (_, i) => [slot(i), undefined] as const));
  const finished = new Map(Array.from({ length: Math.min(done.runs, total) }, (_, i) => [slot(i), i < done.failed] as const));
  const progress = new Progress(io.stderr, io.now, { label, items, finished, quiet: args.values['quiet'] === true });
  let next = finished.size;
  return {
    progress,
    runFinished: (failed) => progress.itemFinished(slot(next++), failed),
  };
}

export interface StudyProgress {
  readonly progress: Progress;
  runFinished(failed: boolean): void;
}

/**
 * Counts runs on the progress line and checks the study's metric names against the first
 * successful run: a misspelt metric stops the study early instead of after its last run.
 */
export function observeStudy(progress: StudyProgress, check?: (summary: Readonly<Record<string, SummaryValue>>) => void): RunObserver {
  let checked = false;
  return {
    advance() {},
    finished(_spec, failed, result) {
      progress.runFinished(failed);
      if (check && !checked && result.status === 'ok') {
        checked = true;
        check(result.summary);
      }
    },
  };
}

export function missingSection(file: string, section: StudySection): ScenarioError {
  const what = section === 'sensitivity' ? 'parameters with ranges, metrics, and morris and/or sobol' : 'parameters with bounds, objectives and a budget';
  return scenarioError([{ file, path: section, expected: `expected a ${section} section (${what})`, found: 'nothing' }]);
}

/** A study runs its own design: a sweep's points would be silently ignored, so they are refused. */
export function rejectSweepPoints(file: string, scenario: Scenario, section: StudySection): void {
  const blocks = (['grid', 'zip', 'random', 'lhs'] as const).filter((block) => scenario.sweep[block] !== undefined);
  if (blocks.length === 0) return;
  throw scenarioError([
    { file, path: `sweep.${blocks[0]}`, expected: `expected no sweep points beside a ${section} study, which runs its own design (only sweep.replicates applies)`, found: `sweep.${blocks.join(', sweep.')}` },
  ]);
}

/** Design points the schema refuses become one problem line, exit 2; any other error passes on. */
export function designProblem(file: string, section: StudySection, error: unknown): never {
  if (error instanceof DesignPointError) {
    throw scenarioError([], [`${file}: ${section}.parameters: ${error.message}`]);
  }
  throw error;
}

export function withDesignProblems<T>(file: string, section: StudySection, make: () => T): T {
  try {
    return make();
  } catch (error) {
    return designProblem(file, section, error);
  }
}

/** A metric no successful run reports, with the nearest reported name. */
export function unknownMetrics(file: string, where: (metric: string) => readonly (string | number)[], metrics: readonly string[], reported: readonly string[], resumable: boolean): ScenarioError {
  const problems = metrics.map((metric) => {
    const suggestion = closest(metric, reported);
    return {
      file,
      path: formatPath(where(metric)),
      expected: `expected a summary metric the runs report (${reported.length} of them, e.g. ${reported.slice(0, 4).join(', ')})`,
      found: JSON.stringify(metric),
      ...(suggestion ? { suggestion } : {}),
    };
  });
  const notes = resumable ? ['depin-lab: the runs done so far are kept: correct the name and run the same command with --resume'] : [];
  return scenarioError(problems, notes);
}
