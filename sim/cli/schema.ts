// `depin-lab schema`: the scenario files' JSON Schema, for editors.
import { scenarioJsonSchema } from '../scenario/index.js';
import { COMMON, EXIT_OK, type CliIo, type Command, type ParsedArgs } from './command.js';
import { writeJson } from './steps.js';

export const schemaCommand: Command = {
  summary: "print the scenario files' JSON Schema (for editors)",
  usage: 'schema',
  // --json is accepted for uniformity: the schema is JSON already.
  options: { ...COMMON },
  positionals: [],
  run: commandSchema,
};

async function commandSchema(_args: ParsedArgs, io: CliIo): Promise<number> {
  writeJson(io, scenarioJsonSchema());
  return EXIT_OK;
}
