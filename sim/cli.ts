// The depin-lab command line. bin/depin-lab.mjs calls main() with the process's streams and a
// wall clock (nothing under sim/ may read one); main returns the exit status:
// 0 success, 1 the work ran but failed (failed runs, a check, a guarded metric), 2 bad input.
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { formatProblem, loadScenario, expandRuns, scenarioJsonSchema, type Scenario } from './scenario/index.js';
import type { RunSpec } from './scenario/runSpec.js';
import type { RunResult } from './scenario/runResult.js';
import { runModel } from './models.js';
import { InlineExecutor } from './runner/inlineExecutor.js';
import { PiscinaExecutor } from './runner/piscinaExecutor.js';
import type { Executor } from './runner/executor.js';
import { ResultsStore, ResultsStoreError, sweepDirectory, sweepId } from './runner/store.js';
import { runAll, runSweep } from './runner/sweep.js';
import { ProgressLine } from './runner/progress.js';
import { compareRuns, comparisonVerdict, PairingError, pairRuns, type PairableRun } from './runner/compare.js';
import { checkBands } from './runner/bands.js';
import { BullmqExecutor } from './runner/distributed/bullmqExecutor.js';
import { RunWorker } from './runner/distributed/runWorker.js';
import { readSweepStatus, type SweepStatus } from './runner/distributed/sweepStatus.js';
import {
  DEFAULT_REDIS_URL,
  describeEndpoint,
  parseRedisUrl,
  RedisUnavailableError,
  RedisUrlError,
  type RedisEndpoint,
} from './runner/distributed/redisConnection.js';
import { ReportError, writeComparisonReport, writeReport } from './report/index.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Milliseconds from any fixed origin; used only for the progress line's rate and time left. */
  readonly now: () => number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

/** Bad command-line input: reported as one line, exit status 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A scenario that did not load: its problems are already formatted, one line each. */
class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: readonly string[];
  /** Positionals when some option changes what the command does (sweep --status takes none). */
  positionalsFor?(values: ParsedArgs['values']): readonly string[];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: readonly string[];
}

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const;
const OVERRIDES = { set: { type: 'string', multiple: true } } as const;
const WORKERS = { workers: { type: 'string' } } as const;
const REDIS = { redis: { type: 'string' }, timeout: { type: 'string' } } as const;

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'run one run of a scenario on this thread and print its summary',
    usage: 'run <scenario> [--point N] [--replicate N] [--seed S] [--set a.b=1 ...] [--json]',
    options: { ...COMMON, ...OVERRIDES, point: { type: 'string' }, replicate: { type: 'string' }, seed: { type: 'string' } },
    positionals: ['scenario'],
    run: commandRun,
  },
  sweep: {
    summary: 'run every run of a scenario on a worker pool or on Redis workers, streaming results to disk',
    usage:
      'sweep <scenario> [--workers N | --backend redis [--redis URL]] [--resume] [--replicates N] [--seed S] [--set a.b=1 ...] ' +
      '[--out DIR] [--quiet] [--json] | sweep --status <sweep id> [--redis URL] [--json]',
    options: {
      ...COMMON,
      ...OVERRIDES,
      ...WORKERS,
      ...REDIS,
      backend: { type: 'string' },
      status: { type: 'string' },
      resume: { type: 'boolean' },
      replicates: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    },
    positionals: ['scenario'],
    positionalsFor: (values) => (values['status'] === undefined ? ['scenario'] : []),
    run: commandSweep,
  },
  worker: {
    summary: "run jobs of distributed sweeps from Redis on this machine's threads, until interrupted",
    usage: 'worker [--redis URL] [--concurrency N] [--timeout SECONDS]',
    options: { help: COMMON.help, ...REDIS, concurrency: { type: 'string' } },
    positionals: [],
    run: commandWorker,
  },
  compare: {
    summary: 'compare a proposal with its baseline on the same seeds (paired differences, 95% bootstrap CIs)',
    usage: 'compare <baseline> <proposal> [--seeds N] [--workers N] [--report [--html DIR]] [--json]',
    options: { ...COMMON, ...WORKERS, seeds: { type: 'string' }, report: { type: 'boolean' }, html: { type: 'string' } },
    positionals: ['baseline', 'proposal'],
    run: commandCompare,
  },
  check: {
    summary: 'run a scenario with invariants checked every block and test its regression bands',
    usage: 'check <scenario> [--workers N] [--set a.b=1 ...] [--json]',
    options: { ...COMMON, ...OVERRIDES, ...WORKERS },
    positionals: ['scenario'],
    run: commandCheck,
  },
  validate: {
    summary: 'check that a scenario file loads, and count its runs',
    usage: 'validate <file> [--set a.b=1 ...] [--json]',
    options: { ...COMMON, ...OVERRIDES },
    positionals: ['file'],
    run: commandValidate,
  },
  schema: {
    summary: "print the scenario files' JSON Schema (for editors)",
    usage: 'schema',
    options: { help: COMMON.help },
    positionals: [],
    run: commandSchema,
  },
  report: {
    summary: 'build an HTML report (charts, tables, parameters) from a sweep results directory',
    usage: 'report <results-dir> [--html DIR] [--json]',
    options: { ...COMMON, html: { type: 'string' } },
    positionals: ['resultsDir'],
    run: commandReport,
  },
};

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io[name === undefined ? 'stderr' : 'stdout'].write(generalHelp());
      return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}" (try depin-lab --help)`);
    const args = parseCommandArgs(command, rest);
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
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof ScenarioError) {
    io.stderr.write(`${error.message}\n`);
  } else if (
    error instanceof UsageError ||
    error instanceof ResultsStoreError ||
    error instanceof ReportError ||
    error instanceof RedisUrlError ||
    error instanceof RedisUnavailableError
  ) {
    io.stderr.write(`depin-lab: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    if (io.env['DEPIN_LAB_DEBUG'] === '1' && error instanceof Error && error.stack) {
      io.stderr.write(`depin-lab: unexpected error: ${error.stack}\n`);
    } else {
      io.stderr.write(`depin-lab: unexpected error: ${firstLine(message)} (DEPIN_LAB_DEBUG=1 shows the stack)\n`);
    }
  }
  return EXIT_BAD_INPUT;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function parseCommandArgs(command: Command, args: readonly string[]): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...args], options: command.options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
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

/** One description per option name; every command's --help lists the options it accepts. */
const OPTION_HELP: Record<string, string> = {
  help: 'show this help',
  json: 'print the result as JSON on stdout, for scripts',
  set: 'override a scenario value by dotted path, e.g. --set servers=4 (repeatable)',
  workers: 'worker threads (default: the cores available)',
  resume: 'continue the sweep already in the results directory, running only the missing runs',
  replicates: "Monte Carlo replicates per sweep point (default: the scenario's)",
  seed: "master seed (default: the scenario's)",
  out: 'results root; the sweep goes to <root>/<scenario>/<sweep id>/ (default: results)',
  quiet: 'no progress line on stderr',
  point: 'sweep point to run (default 0)',
  replicate: 'replicate to run (default 0)',
  seeds: "paired seeds per sweep point (default: the baseline's replicates)",
  backend: 'where runs execute: local (worker threads, the default) or redis (depin-lab worker processes)',
  redis: `Redis URL for --backend redis, --status and worker (default: ${DEFAULT_REDIS_URL})`,
  timeout: 'seconds to wait for Redis, at start or after losing it, before giving up (default 10)',
  status: "print a distributed sweep's progress and its jobs in the queue, by sweep id",
  concurrency: 'runs at once on this machine, one thread each (default: the cores available)',
  report: 'also write the comparison as an HTML report (verdicts first)',
  html: 'directory for the HTML report (default: reports/<scenario>, or reports/<proposal>-vs-<baseline>)',
};

function commandHelp(command: Command): string {
  const names = Object.keys(command.options);
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const options = names.map((name) => `  --${name.padEnd(width)}${OPTION_HELP[name] ?? ''}`);
  return [`usage: depin-lab ${command.usage}`, '', command.summary, '', 'options:', ...options, ''].join('\n');
}

// ---- shared steps -------------------------------------------------------------------------------

function load(file: string, overrides: readonly string[] = []): Scenario {
  const loaded = loadScenario(file, { overrides: [...overrides] });
  if (!loaded.ok) throw new ScenarioError(loaded.problems.map(formatProblem));
  return loaded.scenario;
}

function stringList(value: ParsedArgs['values'][string]): string[] {
  return Array.isArray(value) ? value : [];
}

function optionalString(value: ParsedArgs['values'][string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function integerOption(args: ParsedArgs, name: string, min: 0 | 1): number | undefined {
  const raw = optionalString(args.values[name]);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a ${min === 1 ? 'positive' : 'non-negative'} integer, found "${raw}"`);
  }
  return value;
}

/** The built worker sits beside the built CLI; from the TypeScript source, use the build's copy. */
function workerFile(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? '../dist/runner/worker.mjs' : './runner/worker.mjs', import.meta.url);
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function pool(workers: number | undefined): Executor {
  return new PiscinaExecutor({ workerFile: workerFile(), workers });
}

async function withExecutor<T>(executor: Executor, work: (executor: Executor) => Promise<T>): Promise<T> {
  try {
    return await work(executor);
  } finally {
    await executor.close();
  }
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4 ? value.toExponential(4) : value.toPrecision(6);
}

function describeFailure(result: RunResult): string {
  return `run ${result.id} (seed ${result.seed}) failed: ${result.error?.name ?? 'Error'}: ${result.error?.message ?? ''}`;
}

// ---- commands -----------------------------------------------------------------------------------

async function commandRun(args: ParsedArgs, io: CliIo): Promise<number> {
  const scenario = load(args.positionals[0]!, stringList(args.values['set']));
  const point = integerOption(args, 'point', 0) ?? 0;
  const replicate = integerOption(args, 'replicate', 0) ?? 0;
  const specs = expandRuns(scenario, { replicates: replicate + 1, seed: optionalString(args.values['seed']) });
  const spec = specs.find((candidate) => candidate.key.point === point && candidate.key.replicate === replicate);
  if (!spec) throw new UsageError(`the scenario has no run at point ${point}, replicate ${replicate}`);
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

async function commandSweep(args: ParsedArgs, io: CliIo): Promise<number> {
  const statusOf = optionalString(args.values['status']);
  if (statusOf !== undefined) return commandSweepStatus(statusOf, args, io);
  const redis = sweepOnRedis(args);
  const workers = integerOption(args, 'workers', 1);
  const scenario = load(args.positionals[0]!, stringList(args.values['set']));
  const replicates = integerOption(args, 'replicates', 1);
  const specs = expandRuns(scenario, { replicates, seed: optionalString(args.values['seed']) });
  const dir = sweepDirectory(optionalString(args.values['out']) ?? 'results', specs);
  const id = sweepId(specs);
  const quiet = args.values['quiet'] === true;
  // The backend is reached before the results directory is touched, so an unreachable Redis
  // leaves nothing behind that would need --resume.
  const executor = redis ? await BullmqExecutor.connect({ ...redis, sweepId: id }) : pool(workers);
  const outcome = await withExecutor(executor, async () => {
    const store = ResultsStore.open(dir, specs, { packageVersion: packageVersion(), resume: args.values['resume'] === true });
    const failedBefore = store.failed().length;
    if (executor instanceof BullmqExecutor && redis) {
      await executor.announce({ scenario: specs[0]!.scenario, total: specs.length, recorded: store.finished.size, failed: failedBefore });
      if (!quiet) {
        io.stderr.write(
          `sweep ${id}: ${store.pending().length} runs queued on Redis at ${describeEndpoint(redis.endpoint)} ` +
            `for depin-lab worker --redis ${redis.endpoint.shownUrl} (progress: depin-lab sweep --status ${id})\n`,
        );
      }
    }
    const progress = new ProgressLine(io.stderr, io.now, specs.length, store.finished.size, failedBefore, quiet);
    try {
      return await runSweep(store, executor, progress);
    } finally {
      progress.end();
    }
  });
  if (args.values['json']) {
    writeJson(io, { dir, total: outcome.total, executed: outcome.executed, failed: outcome.failed });
  } else {
    io.stdout.write(`${outcome.total} runs (${outcome.executed} run now), ${outcome.failed.length} failed: ${dir}\n`);
  }
  for (const failure of outcome.failed) {
    io.stderr.write(`run ${failure.id} (seed ${failure.seed}) failed: ${failure.error}\n`);
  }
  return outcome.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}

interface RedisTarget {
  readonly endpoint: RedisEndpoint;
  readonly timeoutMs: number;
}

const DEFAULT_REDIS_TIMEOUT_SECONDS = 10;

function redisTarget(args: ParsedArgs): RedisTarget {
  const raw = optionalString(args.values['timeout']);
  const seconds = raw === undefined ? DEFAULT_REDIS_TIMEOUT_SECONDS : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, found "${raw}"`);
  }
  return { endpoint: parseRedisUrl(optionalString(args.values['redis']) ?? DEFAULT_REDIS_URL), timeoutMs: seconds * 1000 };
}

/** The Redis to sweep on, or undefined for the local pool; rejects options of the other backend. */
function sweepOnRedis(args: ParsedArgs): RedisTarget | undefined {
  const backend = optionalString(args.values['backend']) ?? 'local';
  if (backend !== 'local' && backend !== 'redis') {
    throw new UsageError(`--backend must be local or redis, found "${backend}"`);
  }
  if (backend === 'local') {
    for (const option of ['redis', 'timeout']) {
      if (args.values[option] !== undefined) throw new UsageError(`--${option} needs --backend redis`);
    }
    return undefined;
  }
  if (args.values['workers'] !== undefined) {
    throw new UsageError('--workers sets local threads; with --backend redis, start workers with depin-lab worker --concurrency N');
  }
  return redisTarget(args);
}

async function commandSweepStatus(id: string, args: ParsedArgs, io: CliIo): Promise<number> {
  const { endpoint, timeoutMs } = redisTarget(args);
  const status = await readSweepStatus(endpoint, timeoutMs, id);
  if (!status.board && status.queued + status.running + status.finished === 0) {
    throw new UsageError(`Redis at ${describeEndpoint(endpoint)} knows no sweep ${id} (the id is the last part of the results directory)`);
  }
  if (args.values['json']) writeJson(io, { id, ...status });
  else io.stdout.write(formatSweepStatus(id, status));
  return EXIT_OK;
}

function formatSweepStatus(id: string, status: SweepStatus): string {
  const board = status.board;
  const head = board
    ? `sweep ${id} (${board.scenario}): ${board.recorded}/${board.total} runs collected, ${board.failed} failed; coordinator ${board.state}`
    : `sweep ${id}: no coordinator has announced it`;
  const queue = `queue: ${status.queued} queued, ${status.running} running, ${status.finished} finished and kept for collection; ${status.workers} workers connected`;
  return `${head}\n${queue}\n`;
}

async function commandWorker(args: ParsedArgs, io: CliIo): Promise<number> {
  const { endpoint, timeoutMs } = redisTarget(args);
  const concurrency = integerOption(args, 'concurrency', 1);
  // Listening before anything starts: an interrupt during start-up still stops the worker cleanly.
  let onSignal = (): void => undefined;
  const interrupted = new Promise<undefined>((resolve) => {
    onSignal = () => resolve(undefined);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    const worker = await RunWorker.start({
      endpoint,
      timeoutMs,
      concurrency,
      workerFile: workerFile(),
      onError: (message) => io.stderr.write(`depin-lab worker: ${message}\n`),
    });
    io.stderr.write(
      `depin-lab worker: taking runs from Redis at ${describeEndpoint(endpoint)}, ${worker.concurrency} at a time; ` +
        'Ctrl-C finishes the runs in hand and stops\n',
    );
    const lost = await Promise.race([interrupted, worker.lost]);
    await worker.stop(lost !== undefined);
    if (lost) {
      io.stderr.write(`depin-lab worker: ${lost.message}\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`depin-lab worker: stopped after ${worker.completed} runs\n`);
    return EXIT_OK;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function commandCompare(args: ParsedArgs, io: CliIo): Promise<number> {
  const workers = integerOption(args, 'workers', 1);
  const baseline = load(args.positionals[0]!);
  const proposal = load(args.positionals[1]!);
  const seeds = integerOption(args, 'seeds', 1);
  // The proposal runs on the baseline's master seed, so run k of both shares its seed and the
  // differences are paired.
  const options = { replicates: seeds, seed: baseline.seed };
  const baselineSpecs = expandRuns(baseline, options);
  const proposalSpecs = expandRuns(proposal, options);
  if (!pairEveryRun(baselineSpecs, proposalSpecs)) {
    throw new UsageError('the baseline and the proposal expand to different runs (their sweeps differ); compare needs the same grid');
  }
  const [baselineResults, proposalResults] = await withExecutor(pool(workers), async (executor) => [
    await runAll(executor, baselineSpecs),
    await runAll(executor, proposalSpecs),
  ]);
  const failures = [...baselineResults, ...proposalResults].filter((result) => result.status === 'failed');
  if (failures.length > 0) {
    for (const failure of failures) io.stderr.write(`${describeFailure(failure)}\n`);
    io.stderr.write(`depin-lab: ${failures.length} run(s) failed, so the runs cannot be paired\n`);
    return EXIT_FAILED;
  }
  const guards = proposal.compare;
  const comparisons = compareRuns(baselineResults, proposalResults, guards, baseline.seed);
  const { missing, blocked, passed } = comparisonVerdict(comparisons, guards);
  if (args.values['json']) {
    writeJson(io, { runs: baselineSpecs.length, metrics: comparisons, missingGuardedMetrics: missing });
  } else {
    const header = ['metric', 'baseline', 'proposal', 'difference', '95% CI', 'verdict'];
    const rows = comparisons.map((c) => [
      c.guarded ? `${c.metric} *` : c.metric,
      formatNumber(c.baselineMean),
      formatNumber(c.proposalMean),
      formatNumber(c.meanDifference),
      `[${formatNumber(c.interval.lower)}, ${formatNumber(c.interval.upper)}]`,
      c.verdict,
    ]);
    io.stdout.write(`${baselineSpecs.length} paired runs; * guarded metric\n${table([header, ...rows])}\n`);
  }
  if (args.values['report']) {
    const arm = (scenario: Scenario, results: RunResult[]) => ({ name: scenario.name, params: results[0]!.params, runs: results });
    const written = await writeComparisonReport(
      {
        baseline: arm(baseline, baselineResults),
        proposal: arm(proposal, proposalResults),
        comparisons,
        guards,
        command: `depin-lab compare ${args.positionals[0]} ${args.positionals[1]} --seeds ${seeds} --report`,
      },
      optionalString(args.values['html']),
    );
    io.stderr.write(`report: ${written.indexHtml}\n`);
  }
  for (const metric of missing) io.stderr.write(`depin-lab: guarded metric ${metric} is not in the runs' summary\n`);
  for (const c of blocked) {
    io.stderr.write(`depin-lab: guarded metric ${c.metric} worsens beyond its threshold (difference ${formatNumber(c.meanDifference)})\n`);
  }
  return passed ? EXIT_OK : EXIT_FAILED;
}

/** Whether every run of each side has a run of the same id and seed on the other. */
function pairEveryRun(baseline: readonly PairableRun[], proposal: readonly PairableRun[]): boolean {
  try {
    return pairRuns(baseline, proposal).unmatched === 0;
  } catch (error) {
    if (error instanceof PairingError) return false;
    throw error;
  }
}

async function commandCheck(args: ParsedArgs, io: CliIo): Promise<number> {
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

async function commandValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = args.positionals[0]!;
  const scenario = load(file, stringList(args.values['set']));
  const runs = expandRuns(scenario, {}).length;
  if (args.values['json']) writeJson(io, { ok: true, file, name: scenario.name, model: scenario.model, runs });
  else io.stdout.write(`${file}: ok (scenario ${scenario.name}, model ${scenario.model}, ${runs} runs)\n`);
  return EXIT_OK;
}

async function commandSchema(_args: ParsedArgs, io: CliIo): Promise<number> {
  writeJson(io, scenarioJsonSchema());
  return EXIT_OK;
}

async function commandReport(args: ParsedArgs, io: CliIo): Promise<number> {
  const dir = args.positionals[0]!;
  const written = await writeReport(dir, optionalString(args.values['html']), { command: `depin-lab report ${dir}` });
  if (args.values['json']) writeJson(io, written);
  else io.stdout.write(`report: ${written.indexHtml} (${written.charts.length} chart files)\n`);
  return EXIT_OK;
}
