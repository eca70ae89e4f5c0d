// The table of commands, by the name typed after depin-lab, and one description per option name
// (every command's --help lists the options it accepts). Each command lives in its own file.
import { DEFAULT_REDIS_URL } from '../runner/distributed/redisConnection.js';
import { checkCommand } from './check.js';
import type { Command } from './command.js';
import { compareCommand } from './compare.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { optimizeCommand } from './optimize.js';
import { schemaCommand } from './schema.js';
import { sensitivityCommand } from './sensitivity.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';
import { workerCommand } from './worker.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  run: runCommand,
  sweep: sweepCommand,
  worker: workerCommand,
  compare: compareCommand,
  check: checkCommand,
  validate: validateCommand,
  schema: schemaCommand,
  report: reportCommand,
  sensitivity: sensitivityCommand,
  optimize: optimizeCommand,
};

/** One description per option name; every command's --help lists the options it accepts. */
export const OPTION_HELP: Record<string, string> = {
  help: 'show this help',
  json: 'print the result (or the error) as JSON on stdout, for scripts',
  set: 'override a scenario value by dotted path, e.g. --set servers=4 (repeatable)',
  workers: 'worker threads (default: the cores available)',
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
