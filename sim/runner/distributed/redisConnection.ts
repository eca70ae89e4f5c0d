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

/**
 * What the watchdogs below need of a connection: an ioredis client, or BullMQ's wrapper of the
 * copies it makes for its blocking commands. The events watched carry at most an error.
 */
export interface RedisEvents {
  readonly status: string;
  on(event: string, listener: (...args: Error[]) => void): unknown;
  once(event: string, listener: (...args: Error[]) => void): unknown;
  off(event: string, listener: (...args: Error[]) => void): unknown;
}

/** Resolves when the client has given up reconnecting, with a message naming the endpoint. */
export function whenLost(client: RedisEvents, endpoint: RedisEndpoint, timeoutMs: number): Promise<RedisUnavailableError> {
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

/** Statuses in which a disconnect() ends the client: it has a live socket, or none was ever opened. */
const SETTLED = new Set(['ready', 'end', 'wait']);

/**
 * Resolves once the client is connected or has given up, never while it waits between reconnect
 * attempts. Disconnecting in that wait is what must not happen: ioredis' disconnect() then clears
 * the retry timer and has no socket left to close, so the client never emits 'end' and never fails
 * its queued commands, and whoever awaits either (BullMQ's QueueEvents.close) waits forever. The
 * retry policy bounds this wait by the timeout. Call disconnect in the same tick it resolves: a
 * socket that closes later is only noticed on a later turn of the event loop.
 */
export function untilSettled(client: RedisEvents): Promise<void> {
  if (SETTLED.has(client.status)) return Promise.resolve();
  return new Promise((resolve) => {
    const settled = (): void => {
      client.off('ready', settled);
      client.off('end', settled);
      resolve();
    };
    client.on('ready', settled);
    client.on('end', settled);
  });
}
