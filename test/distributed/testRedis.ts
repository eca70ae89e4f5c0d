// The Redis the distributed tests use: DEPIN_LAB_REDIS_URL (CI starts one, see .ci/run). Without
// one the tests that need it are skipped with a message saying how to run them.
import { Redis } from 'ioredis';

export const TEST_REDIS_ENV = 'DEPIN_LAB_REDIS_URL';

export interface TestRedis {
  /** URL of the test file's own database, emptied before use. */
  readonly url: string;
}

/**
 * Each test file passes its own database number, so files running in parallel never see each
 * other's queue. Returns undefined (and says why) when no Redis answers.
 */
export async function testRedis(database: number): Promise<TestRedis | undefined> {
  const base = process.env[TEST_REDIS_ENV];
  if (!base) {
    console.warn(`skipping the Redis tests: set ${TEST_REDIS_ENV}=redis://127.0.0.1:6390 with a redis-server listening there`);
    return undefined;
  }
  const url = `${base.replace(/\/\d*$/, '')}/${database}`;
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let reason = 'no answer';
  client.on('error', (error: Error) => (reason = error.message));
  try {
    await client.connect();
    await client.flushdb();
    return { url };
  } catch {
    console.warn(`skipping the Redis tests: no Redis answers at ${url} (${reason})`);
    return undefined;
  } finally {
    client.disconnect();
  }
}
