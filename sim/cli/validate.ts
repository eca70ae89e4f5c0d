// `depin-lab validate`: whether a scenario file loads, and how many runs it expands to.
import { expandRuns } from '../scenario/index.js';
import { EXIT_BAD_INPUT, EXIT_OK, stringList, type CliIo, type ParsedArgs } from './command.js';
import { feasibilityWarnings } from './feasibility.js';
import { load, ScenarioError, writeJson } from './steps.js';

export async function commandValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  let scenario;
  try {
    scenario = load(file, stringList(args.values['set']), io);
  } catch (error) {
    if (!(error instanceof ScenarioError) || !args.values['json']) throw error;
    // For scripts: every problem as data (file, line, column, path, expected, found, suggestion).
    writeJson(io, { ok: false, file, problems: error.problems });
    return EXIT_BAD_INPUT;
  }
  const specs = expandRuns(scenario, {});
  const runs = specs.length;
  const warnings = feasibilityWarnings(file, specs);
  if (args.values['json']) writeJson(io, { ok: true, file, name: scenario.name, model: scenario.model, runs, warnings });
  else {
    io.stdout.write(`${file}: ok (scenario ${scenario.name}, model ${scenario.model}, ${runs} runs)\n`);
    for (const w of warnings) io.stderr.write(`${w}\n`);
  }
  return EXIT_OK;
}
