// Steps several commands share: loading a scenario, a worker pool that is always closed, the built
// files beside the CLI, and the plain-text output (JSON, aligned tables, numbers, failed runs).
import { readFileSync } from 'node:fs';
import { ScenarioError, writeJson } from './cliErrors.js';
import { formatProblem, loadScenario, type Scenario, type ScenarioProblem } from '../scenario/index.js';
import type { RunResult } from '../scenario/runResult.js';
import type { Executor } from '../runner/executor.js';
import { Progress } from '../runner/progress.js';
import type { Invocation } from '../runner/store.js';
import type { CliIo, ParsedArgs } from './command.js';

export { ScenarioError };

/** A ScenarioError of `problems`, each formatted on its line, then `notes`: lines that are not a field's problem (what to do next, a design point's reason). */
export function scenarioError(problems: readonly ScenarioProblem[], notes: readonly string[] = []): ScenarioError {
  return new ScenarioError(problems, [...problems.map(formatProblem), ...notes]);
}

/** A loaded scenario and the dotted paths its own file sets (what a proposal changes). */
export interface Loaded {
  readonly scenario: Scenario;
  readonly ownPaths: readonly string[];
}

/**
 * Loads a scenario or throws its problems as a ScenarioError. Whatever the loader did that the user
 * should know (a --set that replaced a sweep axis) goes to stderr, one line each, when `io` is given.
 */
export function loadWithPaths(file: string, overrides: readonly string[], io?: CliIo): Loaded {
  const loaded = loadScenario(file, { overrides: [...overrides] });
  if (!loaded.ok) throw scenarioError(loaded.problems);
  for (const notice of io ? loaded.notices : []) io!.stderr.write(`depin-lab: ${loaded.file}: ${notice}\n`);
  return { scenario: loaded.scenario, ownPaths: loaded.ownPaths };
}

export function load(file: string, overrides: readonly string[] = [], io?: CliIo): Scenario {
  return loadWithPaths(file, overrides, io).scenario;
}

/** Whether this runs from the TypeScript source (tests) rather than the bundle dist/cli.mjs. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The built worker sits beside the built CLI; from the TypeScript source, use the build's copy. */
export function workerFile(): URL {
  return new URL(FROM_SOURCE ? '../../dist/runner/worker.mjs' : './runner/worker.mjs', import.meta.url);
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL(FROM_SOURCE ? '../../package.json' : '../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** The command line as typed, quoted for a POSIX shell where a word needs it. */
export function commandLine(args: ParsedArgs): string {
  return ['depin-lab', ...args.argv].map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How results are being made: the command line, the lab's version and its commit. */
export function invocation(args: ParsedArgs, io: CliIo): Invocation {
  const commit = io.commit?.();
  return { command: commandLine(args), version: packageVersion(), ...(commit ? { commit } : {}) };
}

/** A progress line on stderr for `items` (see runner/progress.ts), silenced by --quiet. */
export function startProgress(
  io: CliIo,
  args: ParsedArgs,
  label: string,
  items: ReadonlyMap<string, number | undefined>,
  finished?: ReadonlyMap<string, boolean>,
): Progress {
  return new Progress(io.stderr, io.now, { label, items, quiet: args.values['quiet'] === true, ...(finished ? { finished } : {}) });
}

/** A local worker pool. piscina loads here, not with the CLI: `run` works inline and never needs it. */
export async function pool(workers: number | undefined, runTimeout?: number): Promise<Executor> {
  const { PiscinaExecutor } = await import('../runner/piscinaExecutor.js');
  return new PiscinaExecutor({ workerFile: workerFile(), workers, runTimeout });
}

export async function withExecutor<T>(executor: Executor, work: (executor: Executor) => Promise<T>): Promise<T> {
  try {
    return await work(executor);
  } finally {
    await executor.close();
  }
}

export { writeJson };

/** Aligned columns; by default the first is left-aligned and the rest (numbers) right-aligned. */
export function table(rows: readonly (readonly string[])[], align?: readonly ('left' | 'right')[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const side = (i: number) => align?.[i] ?? (i === 0 ? 'left' : 'right');
  return rows.map((row) => row.map((cell, i) => (side(i) === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** What a summary value with no meaning in the run (a mean over no jobs) reads as. */
export const NO_VALUE = '– (no value in this run)';

export function formatNumber(value: number | null): string {
  if (value === null) return NO_VALUE;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4 ? value.toExponential(4) : value.toPrecision(6);
}

export function describeFailure(result: RunResult): string {
  return `run ${result.id} (seed ${result.seed}) failed: ${result.error?.name ?? 'Error'}: ${result.error?.message ?? ''}`;
}
