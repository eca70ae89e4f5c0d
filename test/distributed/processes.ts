// Command-line processes for the distributed tests: coordinators and workers run side by side, so
// each is started in the background with its output collected, and all are killed at the end.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Started {
  readonly child: ChildProcess;
  readonly finished: Promise<Finished>;
  /** What the process has written to stderr so far. */
  stderr(): string;
}

const started = new Set<ChildProcess>();

export function start(args: readonly string[]): Started {
  const child = spawn(process.execPath, ['bin/depin-lab.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => {
    child.once('close', (status, signal) => {
      started.delete(child);
      resolve({ status, signal, stdout, stderr });
    });
  });
  return { child, finished, stderr: () => stderr };
}

/** Resolves once the process has written `text` to stderr; rejects if it ends before that. */
export function untilStderr(process: Started, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (process.stderr().includes(text)) resolve();
    };
    process.child.stderr!.on('data', check);
    check();
    void process.finished.then((outcome) => reject(new Error(`ended before saying "${text}": ${outcome.stderr}`)));
  });
}

export function run(args: readonly string[]): Promise<Finished> {
  return start(args).finished;
}

/** For afterAll: no worker outlives the tests, whatever failed. */
export function killAll(): void {
  for (const child of started) child.kill('SIGKILL');
}
