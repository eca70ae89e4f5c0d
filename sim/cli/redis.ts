// Where the distributed commands (sweep --backend redis, sweep --status, worker) find Redis, and how
// long they wait for it.
import { DEFAULT_REDIS_URL, parseRedisUrl, type RedisEndpoint } from '../runner/distributed/redisUrl.js';
import { optionalString, UsageError, type ParsedArgs } from './command.js';

export interface RedisTarget {
  readonly endpoint: RedisEndpoint;
  readonly timeoutMs: number;
}

const DEFAULT_REDIS_TIMEOUT_SECONDS = 10;

export function redisTarget(args: ParsedArgs): RedisTarget {
  const raw = optionalString(args.values['timeout']);
  const seconds = raw === undefined ? DEFAULT_REDIS_TIMEOUT_SECONDS : Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, found "${raw}"`);
  }
  return { endpoint: parseRedisUrl(optionalString(args.values['redis']) ?? DEFAULT_REDIS_URL), timeoutMs: seconds * 1000 };
}
