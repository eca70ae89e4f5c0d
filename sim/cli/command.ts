// What a command of the command line is, and how it reads its arguments: commands.ts lists them by
// name, and each command's work lives in its own file (run.ts, sweep.ts, ...), loaded when it runs.
import type { ParseArgsConfig } from 'node:util';
import { parseDuration } from '../scenario/index.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Milliseconds from any fixed origin; used only for the progress line's rate and time left. */
  readonly now: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The lab's git commit (with "+dirty" for uncommitted changes), when it runs from a checkout; read by the entry point. */
  readonly commit?: () => string | undefined;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad command-line input: reported as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
  /** The command and its arguments as typed, for the record of how results were made. */
  readonly argv: readonly string[];
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: readonly string[];
  /** Positionals when some option changes what the command does (sweep --status takes none). */
  positionalsFor?(values: ParsedArgs['values']): readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Option groups several commands accept; their descriptions are in commands.ts. */
export const COMMON = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const;
export const OVERRIDES = { set: { type: 'string', multiple: true } } as const;
export const WORKERS = { workers: { type: 'string' } } as const;
export const QUIET = { quiet: { type: 'boolean', short: 'q' } } as const;
export const RUN_TIMEOUT = { 'run-timeout': { type: 'string' } } as const;
export const REDIS = { redis: { type: 'string' }, timeout: { type: 'string' } } as const;

export function stringList(value: ParsedArgs['values'][string]): string[] {
  return Array.isArray(value) ? value : [];
}

export function optionalString(value: ParsedArgs['values'][string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function integerOption(args: ParsedArgs, name: string, min: 0 | 1): number | undefined {
  const raw = optionalString(args.values[name]);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a ${min === 1 ? 'positive' : 'non-negative'} integer, found "${raw}"`);
  }
  return value;
}

/** --run-timeout as seconds ("90s", "2h", or a number of seconds), or undefined when not given. */
export function runTimeoutOption(args: ParsedArgs): number | undefined {
  const raw = optionalString(args.values['run-timeout']);
  if (raw === undefined) return undefined;
  const parsed = parseDuration(/^\s*[\d.]+\s*$/.test(raw) ? Number(raw) : raw);
  if (!parsed.ok || !(parsed.value > 0)) throw new UsageError(`--run-timeout must be a duration above zero such as "90s" or "2h", found "${raw}"`);
  return parsed.value;
}

/** The options both study commands take: where runs execute and where results and reports go. */
export const STUDY_OPTIONS = {
  ...COMMON,
  ...OVERRIDES,
  ...WORKERS,
  ...REDIS,
  backend: { type: 'string' },
  resume: { type: 'boolean' },
  out: { type: 'string' },
  html: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;
