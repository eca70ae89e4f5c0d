// One Redis connection per process, opened so that a missing Redis is reported instead of waited
// for: ioredis on its own reconnects forever, which would leave a sweep hanging with no message.
import { Redis } from 'ioredis';

export { DEFAULT_REDIS_URL, describeEndpoint, parseRedisUrl, RedisUnavailableError, RedisUrlError, type RedisEndpoint } from './redisUrl.js';
import { describeEndpoint, RedisUnavailableError, type RedisEndpoint } from './redisUrl.js';

export interface ConnectOptions {
  /** How long to keep trying, at start and after a lost connection, before giving up. */
  readonly timeoutMs: number;
}

const RETRY_STEP_MS = 200;
const RETRY_MAX_MS = 2_000;

function retryDelay(attempt: number): number {
  return Math.min(attempt * RETRY_STEP_MS, RETRY_MAX_MS);
}

/**
 * The reconnect policy: growing delays until their sum passes the timeout, then give up. It reads
 * only the attempt number (ioredis restarts it at each successful connect), not a clock, so it
 * also holds for the copies BullMQ makes of a connection, and nothing under sim/ reads the time.
 */
export function retryStrategy(timeoutMs: number): (attempt: number) => number | null {
  return (attempt) => {
    let waited = 0;
    for (let k = 1; k <= attempt; k++) waited += retryDelay(k);
    return waited > timeoutMs ? null : retryDelay(attempt);
  };
}

/**
 * Connects and waits until Redis answers, or throws RedisUnavailableError naming the host and port
 * tried. The returned client gives up (emits 'end') once reconnecting has taken longer than the
 * timeout, so a lost Redis also ends in an error rather than a silent wait.
 */
export async function connectRedis(endpoint: RedisEndpoint, options: ConnectOptions): Promise<Redis> {
  let lastError = 'no answer';
  const client = new Redis(endpoint.url, {
    lazyConnect: true,
    // BullMQ's blocking connections need commands to wait for a reconnect rather than fail.
    maxRetriesPerRequest: null,
    connectTimeout: Math.min(options.timeoutMs, 5_000),
    retryStrategy: retryStrategy(options.timeoutMs),
  });
  client.on('error', (error: Error) => {
    lastError = error.message;
  });
  const seconds = options.timeoutMs / 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('end', () => reject(new Error(lastError)));
      client.connect().catch(() => undefined); // failures arrive as 'error' and 'end' events
    });
  } catch {
    // The client has already ended; disconnect() now would only hold the process open for a while.
    throw new RedisUnavailableError(
      `cannot reach Redis at ${describeEndpoint(endpoint)} (${endpoint.shownUrl}) after trying for ${seconds} s: ${lastError}`,
    );
  }
  return client;
}

/** Resolves when the client has given up reconnecting, with a message naming the endpoint. */
export function whenLost(client: Redis, endpoint: RedisEndpoint, timeoutMs: number): Promise<RedisUnavailableError> {
  let lastError = 'connection closed';
  client.on('error', (error: Error) => {
    lastError = error.message;
  });
  return new Promise((resolve) => {
    client.once('end', () =>
      resolve(new RedisUnavailableError(`lost Redis at ${describeEndpoint(endpoint)} for more than ${timeoutMs / 1000} s: ${lastError}`)),
    );
  });
}
