// `depin-lab run`: one run of a scenario on this thread, its summary printed for a person (or the
// whole RunResult with --json), with the simulated time on a progress line while it runs.
import { expandRuns } from '../scenario/index.js';
import { sweepPointValues } from '../scenario/pointValues.js';
import { runModel } from '../models.js';
import { InlineExecutor } from '../runner/inlineExecutor.js';
import { progressItems, progressObserver, runAll } from '../runner/sweep.js';
import { EXIT_FAILED, EXIT_OK, integerOption, optionalString, runTimeoutOption, stringList, UsageError, type CliIo, type ParsedArgs } from './command.js';
import { feasibilityWarnings } from './feasibility.js';
import { formatRunSummary } from './runSummary.js';
import { describeFailure, load, startProgress, withExecutor, writeJson } from './steps.js';

export async function commandRun(args: ParsedArgs, io: CliIo): Promise<number> {
  const scenario = load(args.positionals[0]!, stringList(args.values['set']), io);
  const point = integerOption(args, 'point', 0) ?? 0;
  const replicate = integerOption(args, 'replicate', 0) ?? 0;
  const seed = optionalString(args.values['seed']);
  const specs = expandRuns(scenario, { replicates: replicate + 1, seed });
  const spec = specs.find((candidate) => candidate.key.point === point && candidate.key.replicate === replicate);
  if (!spec) throw new UsageError(`the scenario has no run at point ${point}, replicate ${replicate}`);
  for (const w of feasibilityWarnings(args.positionals[0]!, [spec])) io.stderr.write(`${w}\n`);
  const progress = startProgress(io, args, 'run', progressItems([spec]));
  // The command line's clock enforces the run's wall-clock budget on this thread.
  const executor = new InlineExecutor(runModel, { clock: io.now, runTimeout: runTimeoutOption(args) });
  const [result] = await withExecutor(executor, (inline) => runAll(inline, [spec], progressObserver(progress))).finally(() => progress.end());
  if (args.values['json']) writeJson(io, result);
  else io.stdout.write(formatRunSummary(result!, sweepPointValues(scenario, seed)[point] ?? []));
  if (result!.status === 'failed') {
    io.stderr.write(`${describeFailure(result!)}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
