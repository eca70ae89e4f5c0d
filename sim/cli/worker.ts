// `depin-lab worker`: runs jobs of distributed sweeps from Redis on this machine's threads until
// interrupted (or until Redis is lost for longer than the timeout).
import { describeEndpoint } from '../runner/distributed/redisUrl.js';
import { RunWorker } from '../runner/distributed/runWorker.js';
import { EXIT_FAILED, EXIT_OK, integerOption, type CliIo, type ParsedArgs } from './command.js';
import { redisTarget } from './redis.js';
import { workerFile, writeJson } from './steps.js';

export async function commandWorker(args: ParsedArgs, io: CliIo): Promise<number> {
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
    // --json: how the worker ended, once it has (its log lines stay on stderr).
    if (args.values['json']) writeJson(io, { ok: lost === undefined, runs: worker.completed, ...(lost ? { error: lost.message } : {}) });
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
