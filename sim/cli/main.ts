// The depin-lab command line. bin/depin-lab.mjs calls main() with the process's streams and a
// wall clock (nothing under sim/ may read one); main returns the exit status:
// 0 success, 1 the work ran but failed (failed runs, a check, a guarded metric), 2 bad input.
// main finds the command in the table (commands.ts), parses its options, and turns every error into
// one readable line on stderr (one per problem of a bad scenario) and, when --json is asked for,
// into one JSON object on stdout as well: {"ok": false, "status": 2, "error": {kind, message, problems?}}.
import { parseArgs } from 'node:util';
import { RedisUnavailableError, RedisUrlError } from '../runner/distributed/redisUrl.js';
import { ResultsStoreError } from '../runner/storeError.js';
import { ReportError } from '../report/reportError.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type CliIo, type Command, type ParsedArgs } from './command.js';
import { COMMANDS, OPTION_HELP } from './commands.js';
import type { ScenarioProblem } from '../scenario/problems.js';
import { ScenarioError, writeJson } from './cliErrors.js';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io[name === undefined ? 'stderr' : 'stdout'].write(generalHelp());
      return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}" (try depin-lab --help)`);
    const args = parseCommandArgs(name, command, rest);
    if (args.values['help']) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    const positionals = command.positionalsFor?.(args.values) ?? command.positionals;
    if (args.positionals.length !== positionals.length) {
      throw new UsageError(`usage: depin-lab ${command.usage}`);
    }
    return await command.run(args, io);
  } catch (error) {
    const described = describeError(error, io);
    io.stderr.write(described.text);
    // --json anywhere in the arguments asks for JSON, even when the arguments did not parse.
    if (argv.includes('--json')) writeJson(io, { ok: false, status: EXIT_BAD_INPUT, error: described.json });
    return EXIT_BAD_INPUT;
  }
}

interface DescribedError {
  /** What stderr shows: one line, or one per problem of a scenario. */
  readonly text: string;
  readonly json: { readonly kind: string; readonly message: string; readonly problems?: readonly ScenarioProblem[] };
}

const KNOWN_ERRORS: readonly [new (...args: never[]) => Error, string][] = [
  [UsageError, 'usage'],
  [ResultsStoreError, 'results'],
  [ReportError, 'report'],
  [RedisUrlError, 'redis'],
  [RedisUnavailableError, 'redis'],
];

function describeError(error: unknown, io: CliIo): DescribedError {
  if (error instanceof ScenarioError) {
    return { text: `${error.message}\n`, json: { kind: 'scenario', message: error.message, problems: error.problems } };
  }
  const known = KNOWN_ERRORS.find(([type]) => error instanceof type);
  if (known && error instanceof Error) return { text: `depin-lab: ${error.message}\n`, json: { kind: known[1], message: error.message } };
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const text =
    io.env['DEPIN_LAB_DEBUG'] === '1' && error instanceof Error && error.stack
      ? `depin-lab: unexpected error: ${error.stack}\n`
      : `depin-lab: unexpected error: ${message} (DEPIN_LAB_DEBUG=1 shows the stack)\n`;
  return { text, json: { kind: 'unexpected', message } };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function parseCommandArgs(name: string, command: Command, args: readonly string[]): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...args], options: command.options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals, argv: [name, ...args] };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; usage: depin-lab ${command.usage}`);
  }
}

function generalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    'usage: depin-lab <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'depin-lab <command> --help describes a command. Exit status: 0 ok, 1 runs, checks or guarded metrics failed, 2 bad input.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const names = Object.keys(command.options);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const options = names.map((name) => `  --${name.padEnd(width)}${OPTION_HELP[name] ?? ''}`);
  return [`usage: depin-lab ${command.usage}`, '', command.summary, '', 'options:', ...options, ''].join('\n');
}
