// `depin-lab schema`: the scenario files' JSON Schema, for editors.
import { scenarioJsonSchema } from '../scenario/index.js';
import { EXIT_OK, type CliIo, type ParsedArgs } from './command.js';
import { writeJson } from './steps.js';

export async function commandSchema(_args: ParsedArgs, io: CliIo): Promise<number> {
  writeJson(io, scenarioJsonSchema());
  return EXIT_OK;
}
