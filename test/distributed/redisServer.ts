// A redis-server of a test's own, to be killed by the test: on a port the OS says is free, so that
// two checkouts running these tests at once on one machine never share (or kill) each other's.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILL: the server goes away without a word, as a crashed machine's would. */
  kill(): void;
}

const servers = new Set<ChildProcess>();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether the server at `url` answers and is the process `pid` (not another test's on that port). */
async function answersAs(url: string, pid: number): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.info('server')).includes(`\nprocess_id:${pid}\r`);
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Starts a server and resolves once it answers; a port taken meanwhile means another try. */
export async function startRedisServer(): Promise<OwnRedis> {
  for (;;) {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    servers.add(server);
    const exited = new Promise<false>((resolve) => server.once('exit', () => resolve(false)));
    // Polled until it answers or exits: a server that could not take the port exits at once.
    while (server.exitCode === null && server.signalCode === null) {
      if (await Promise.race([answersAs(url, server.pid!), exited])) return { url, port, kill: () => server.kill('SIGKILL') };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    servers.delete(server);
  }
}

/** For afterAll: no server outlives the tests. */
export function killRedisServers(): void {
  for (const server of servers) server.kill('SIGKILL');
  servers.clear();
}
