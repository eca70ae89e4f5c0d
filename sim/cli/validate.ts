// `depin-lab validate`: whether a scenario file loads, and how many runs it expands to.
import { expandRuns } from '../scenario/index.js';
import { EXIT_OK, stringList, type CliIo, type ParsedArgs } from './command.js';
import { feasibilityWarnings } from './feasibility.js';
import { load, writeJson } from './steps.js';

export async function commandValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const scenario = load(file, stringList(args.values['set']), io);
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
