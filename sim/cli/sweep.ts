// `depin-lab sweep`: every run of a scenario on the local worker pool or on Redis workers, streamed
// to the results directory; `sweep --status` reads a distributed sweep's progress from Redis.
import { expandRuns } from '../scenario/index.js';
import type { BullmqExecutor } from '../runner/distributed/bullmqExecutor.js';
import { describeEndpoint } from '../runner/distributed/redisUrl.js';
import type { SweepStatus } from '../runner/distributed/sweepStatus.js';
import { sweepPointValues } from '../scenario/pointValues.js';
import { ResultsStore, sweepDirectory, sweepId } from '../runner/store.js';
import { progressItems, progressObserver, runSweep } from '../runner/sweep.js';
import { EXIT_FAILED, EXIT_OK, integerOption, optionalString, runTimeoutOption, stringList, UsageError, type CliIo, type ParsedArgs } from './command.js';
import { redisTarget, type RedisTarget } from './redis.js';
import { invocation, load, packageVersion, pool, startProgress, withExecutor, writeJson } from './steps.js';

export async function commandSweep(args: ParsedArgs, io: CliIo): Promise<number> {
  const statusOf = optionalString(args.values['status']);
  if (statusOf !== undefined) return commandSweepStatus(statusOf, args, io);
  const redis = sweepOnRedis(args);
  const workers = integerOption(args, 'workers', 1);
  const scenario = load(args.positionals[0]!, stringList(args.values['set']), io);
  const replicates = integerOption(args, 'replicates', 1);
  const seed = optionalString(args.values['seed']);
  const specs = expandRuns(scenario, { replicates, seed });
  const dir = sweepDirectory(optionalString(args.values['out']) ?? 'results', specs);
  const id = sweepId(specs);
  const quiet = args.values['quiet'] === true;
  // The backend is reached before the results directory is touched, so an unreachable Redis
  // leaves nothing behind that would need --resume.
  // bullmq and ioredis load only for a sweep on Redis.
  const onRedis: BullmqExecutor | undefined = redis
    ? await (await import('../runner/distributed/bullmqExecutor.js')).BullmqExecutor.connect({ ...redis, sweepId: id })
    : undefined;
  const executor = onRedis ?? (await pool(workers, runTimeoutOption(args)));
  const outcome = await withExecutor(executor, async () => {
    const store = ResultsStore.open(dir, specs, {
      packageVersion: packageVersion(),
      resume: args.values['resume'] === true,
      invocation: invocation(args, io),
      points: sweepPointValues(scenario, seed).map((values) => Object.fromEntries(values)),
    });
    const failedBefore = store.failed().length;
    if (onRedis !== undefined && redis) {
      await onRedis.announce({ scenario: specs[0]!.scenario, total: specs.length, recorded: store.finished.size, failed: failedBefore });
      if (!quiet) {
        io.stderr.write(
          `sweep ${id}: ${store.pending().length} runs queued on Redis at ${describeEndpoint(redis.endpoint)} ` +
            `for depin-lab worker --redis ${redis.endpoint.shownUrl} (progress: depin-lab sweep --status ${id})\n`,
        );
      }
    }
    const progress = startProgress(io, args, 'sweep', progressItems(specs), new Map([...store.finished].map(([id, status]) => [id, status === 'failed'])));
    try {
      return await runSweep(store, executor, progressObserver(progress));
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

/** The Redis to sweep on, or undefined for the local pool; rejects options of the other backend. */
export function sweepOnRedis(args: ParsedArgs): RedisTarget | undefined {
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
  const { readSweepStatus } = await import('../runner/distributed/sweepStatus.js');
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
