// `depin-lab run`: one run of a scenario on this thread, its summary printed.
import { expandRuns } from '../scenario/index.js';
import { runModel } from '../models.js';
import { InlineExecutor } from '../runner/inlineExecutor.js';
import { runAll } from '../runner/sweep.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  integerOption,
  optionalString,
  stringList,
  UsageError,
  type CliIo,
  type ParsedArgs,
} from './command.js';
import { feasibilityWarnings } from './feasibility.js';
import { describeFailure, formatNumber, load, table, withExecutor, writeJson } from './steps.js';

export async function commandRun(args: ParsedArgs, io: CliIo): Promise<number> {
  const scenario = load(args.positionals[0]!, stringList(args.values['set']));
  const point = integerOption(args, 'point', 0) ?? 0;
  const replicate = integerOption(args, 'replicate', 0) ?? 0;
  const specs = expandRuns(scenario, { replicates: replicate + 1, seed: optionalString(args.values['seed']) });
  const spec = specs.find((candidate) => candidate.key.point === point && candidate.key.replicate === replicate);
  if (!spec) throw new UsageError(`the scenario has no run at point ${point}, replicate ${replicate}`);
  for (const w of feasibilityWarnings(args.positionals[0]!, [spec])) io.stderr.write(`${w}\n`);
  const [result] = await withExecutor(new InlineExecutor(runModel), (executor) => runAll(executor, [spec]));
  if (args.values['json']) {
    writeJson(io, result);
  } else {
    io.stdout.write(`${result!.scenario} ${result!.id} seed ${result!.seed}: ${result!.status}\n`);
    const rows = Object.entries({ ...result!.summary, ...result!.counters }).map(([name, value]) => [name, formatNumber(value)]);
    if (rows.length > 0) io.stdout.write(`${table(rows)}\n`);
  }
  if (result!.status === 'failed') {
    io.stderr.write(`${describeFailure(result!)}\n`);
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
