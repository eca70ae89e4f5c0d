// The table of commands, by the name typed after depin-lab, and one description per option name
// (every command's --help lists the options it accepts). Each command's work lives in its own file.
import { DEFAULT_REDIS_URL } from '../runner/distributed/redisUrl.js';
import { COMMON, OVERRIDES, QUIET, REDIS, RUN_TIMEOUT, STUDY_OPTIONS, WORKERS, type Command } from './command.js';

/**
 * Each command's code, and the libraries it needs (bullmq, ioredis, arquero, apache-arrow, vega,
 * resvg), load when the command runs: `--help` and a run load only what they use.
 */
export const COMMANDS: Readonly<Record<string, Command>> = {
  run: {
    summary: 'run one run of a scenario on this thread and print its summary',
    usage: 'run <scenario> [--point N] [--replicate N] [--seed S] [--run-timeout T] [--set a.b=1 ...] [--quiet] [--json]',
    options: { ...COMMON, ...OVERRIDES, ...RUN_TIMEOUT, ...QUIET, point: { type: 'string' }, replicate: { type: 'string' }, seed: { type: 'string' } },
    positionals: ['scenario'],
    run: async (args, io) => (await import('./run.js')).commandRun(args, io),
  },
  sweep: {
    summary: 'run every run of a scenario on a worker pool or on Redis workers, streaming results to disk',
    usage:
      'sweep <scenario> [--workers N | --backend redis [--redis URL]] [--run-timeout T] [--resume] [--replicates N] [--seed S] [--set a.b=1 ...] ' +
      '[--out DIR] [--quiet] [--json] | sweep --status <sweep id> [--redis URL] [--json]',
    options: {
      ...COMMON,
      ...OVERRIDES,
      ...WORKERS,
      ...RUN_TIMEOUT,
      ...REDIS,
      ...QUIET,
      backend: { type: 'string' },
      status: { type: 'string' },
      resume: { type: 'boolean' },
      replicates: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
    positionals: ['scenario'],
    positionalsFor: (values) => (values['status'] === undefined ? ['scenario'] : []),
    run: async (args, io) => (await import('./sweep.js')).commandSweep(args, io),
  },
  worker: {
    summary: "run jobs of distributed sweeps from Redis on this machine's threads, until interrupted",
    usage: 'worker [--redis URL] [--concurrency N] [--timeout SECONDS] [--json]',
    options: { ...COMMON, ...REDIS, concurrency: { type: 'string' } },
    positionals: [],
    run: async (args, io) => (await import('./worker.js')).commandWorker(args, io),
  },
  compare: {
    summary: 'compare a proposal with its baseline on the same seeds (paired differences, 95% bootstrap CIs)',
    usage: 'compare <baseline> <proposal> [--seeds N] [--set a.b=1 ...] [--workers N] [--run-timeout T] [--report [--html DIR]] [--quiet] [--json]',
    options: { ...COMMON, ...OVERRIDES, ...WORKERS, ...RUN_TIMEOUT, ...QUIET, seeds: { type: 'string' }, report: { type: 'boolean' }, html: { type: 'string' } },
    positionals: ['baseline', 'proposal'],
    run: async (args, io) => (await import('./compare.js')).commandCompare(args, io),
  },
  check: {
    summary: 'run a scenario with invariants checked every block and test its regression bands at every sweep point',
    usage: 'check <scenario> [--workers N] [--run-timeout T] [--set a.b=1 ...] [--quiet] [--json]',
    options: { ...COMMON, ...OVERRIDES, ...WORKERS, ...RUN_TIMEOUT, ...QUIET },
    positionals: ['scenario'],
    run: async (args, io) => (await import('./check.js')).commandCheck(args, io),
  },
  validate: {
    summary: 'check that a scenario file loads, and count its runs',
    usage: 'validate <file> [--set a.b=1 ...] [--json]',
    options: { ...COMMON, ...OVERRIDES },
    positionals: ['file'],
    run: async (args, io) => (await import('./validate.js')).commandValidate(args, io),
  },
  schema: {
    summary: "print the scenario files' JSON Schema (for editors)",
    usage: 'schema',
    // --json is accepted for uniformity: the schema is JSON already.
    options: { ...COMMON },
    positionals: [],
    run: async (args, io) => (await import('./schema.js')).commandSchema(args, io),
  },
  report: {
    summary: 'build an HTML report from a sweep results directory (the latest sweep of results/<scenario>)',
    usage: 'report <results-dir> [--html DIR] [--json]',
    options: { ...COMMON, html: { type: 'string' } },
    positionals: ['resultsDir'],
    run: async (args, io) => (await import('./report.js')).commandReport(args, io),
  },
  sensitivity: {
    summary: "rank which parameters move which metrics: Morris screening and Sobol' indices over the scenario's sensitivity section",
    usage: 'sensitivity <scenario> [--workers N | --backend redis [--redis URL]] [--resume] [--set a.b=1 ...] [--out DIR] [--html DIR] [--quiet] [--json]',
    options: STUDY_OPTIONS,
    positionals: ['scenario'],
    run: async (args, io) => (await import('./sensitivity.js')).commandSensitivity(args, io),
  },
  optimize: {
    summary: "search the parameters of the scenario's optimize section for the best setting, and write proposal files that compare confirms",
    usage:
      'optimize <scenario> [--evaluations N] [--batch N] [--workers N | --backend redis [--redis URL]] [--resume] [--set a.b=1 ...] ' +
      '[--out DIR] [--proposals DIR] [--html DIR] [--quiet] [--json]',
    options: {
      ...STUDY_OPTIONS,
      evaluations: { type: 'string' },
      batch: { type: 'string' },
      proposals: { type: 'string' },
    },
    positionals: ['scenario'],
    run: async (args, io) => (await import('./optimize.js')).commandOptimize(args, io),
  },
};

/** One description per option name; every command's --help lists the options it accepts. */
export const OPTION_HELP: Record<string, string> = {
  help: 'show this help',
  json: 'print the result (or the error) as JSON on stdout, for scripts',
  set: 'override a scenario value by dotted path, e.g. --set servers=4 (repeatable)',
  workers: 'worker threads (default: the cores available)',
  'run-timeout': "wall-clock budget of each run, e.g. 90s or 2h: a run past it fails with where it stood, and the rest go on (default: the scenario's limits.maxWallTime)",
  resume: 'continue the sweep (or study) already in the results directory, running only the missing runs',
  replicates: "Monte Carlo replicates per sweep point (default: the scenario's)",
  seed: "master seed (default: the scenario's)",
  out: 'results root; the sweep goes to <root>/<scenario>/<sweep id>/ (default: results)',
  quiet: 'no progress on stderr (otherwise a line rewritten on a terminal, a plain line every 30 s elsewhere)',
  point: 'sweep point to run (default 0)',
  replicate: 'replicate to run (default 0)',
  seeds: "paired seeds per sweep point (default: the baseline's replicates)",
  backend: 'where runs execute: local (worker threads, the default) or redis (depin-lab worker processes)',
  redis: `Redis URL for --backend redis, --status and worker (default: ${DEFAULT_REDIS_URL})`,
  timeout: 'seconds to wait for Redis, at start or after losing it, before giving up (default 10)',
  status: "print a distributed sweep's progress and its jobs in the queue, by sweep id",
  concurrency: 'runs at once on this machine, one thread each (default: the cores available)',
  report: 'also write the comparison as an HTML report (verdicts first)',
  html: 'directory for the HTML report (default: reports/<scenario>, reports/<proposal>-vs-<baseline>, reports/<scenario>-sensitivity or -optimize)',
  evaluations: "points the search evaluates in all, each on every paired seed (default: the optimize section's); raise it and --resume to continue a search",
  batch: "points proposed and run at once (default: the optimize section's)",
  proposals: 'directory for the proposal files (default: proposals/ beside the scenario file)',
};
