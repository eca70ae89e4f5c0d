// Where Redis is and the errors of reaching it: plain data and parsing, without ioredis, so the
// command line can name these errors without loading the client (sim/cli/commands.ts loads lazily).
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Redis was unreachable at start, or went away for longer than the time allowed. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** A --redis value that is not a redis:// or rediss:// URL. */
export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

export interface RedisEndpoint {
  readonly url: string;
  /** The URL with any password masked, for messages. */
  readonly shownUrl: string;
  readonly host: string;
  readonly port: number;
}

export function parseRedisUrl(url: string): RedisEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(`"${url}" is not a URL; expected redis://host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUrlError(`"${url}" is not a redis:// URL; expected redis://host:port`);
  }
  if (!/^(\/\d*)?$/.test(parsed.pathname)) {
    throw new RedisUrlError(`"${url}": the path must be a database number, e.g. redis://host:port/2`);
  }
  // URL keeps IPv6 hosts in brackets; the messages and the socket want them bare.
  const host = (parsed.hostname || '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (parsed.password !== '') parsed.password = '***';
  return { url, shownUrl: parsed.href, host, port: parsed.port === '' ? 6379 : Number(parsed.port) };
}

export function describeEndpoint(endpoint: RedisEndpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
