// `depin-lab check`, the CI mode: every run of a scenario with its invariants checked after every
// block, then its regression bands.
import { expandRuns, type Scenario } from '../scenario/index.js';
import { checkBands } from '../runner/bands.js';
import { runAll } from '../runner/sweep.js';
import { EXIT_FAILED, EXIT_OK, integerOption, stringList, type CliIo, type ParsedArgs } from './command.js';
import { describeFailure, load, pool, withExecutor, writeJson } from './steps.js';

export async function commandCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  const workers = integerOption(args, 'workers', 1);
  const file = args.positionals[0]!;
  const overrides = stringList(args.values['set']);
  const scenario = load(file, [...overrides, ...everyBlockOverrides(load(file, overrides))]);
  const specs = expandRuns(scenario, {});
  const results = await withExecutor(pool(workers), (executor) => runAll(executor, specs));
  const reasons = [
    ...results.filter((result) => result.status === 'failed').map(describeFailure),
    ...checkBands(results, scenario.checks),
  ];
  if (args.values['json']) writeJson(io, { runs: results.length, passed: reasons.length === 0, reasons });
  else if (reasons.length === 0) io.stdout.write(`check passed: ${results.length} runs, ${Object.keys(scenario.checks).length} regression bands\n`);
  for (const reason of reasons) io.stderr.write(`check failed: ${reason}\n`);
  return reasons.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/** `check` evaluates the invariants after every block, whatever interval the scenario sets for sweeps. */
export function everyBlockOverrides(scenario: Scenario): string[] {
  if (scenario.model !== 'market') return [];
  return ['invariants.enabled=true', `invariants.interval=${scenario.chain.blockTime}`];
}
