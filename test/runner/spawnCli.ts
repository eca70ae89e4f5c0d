// Runs the built command line as a child process, as a user or CI would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface CliOutcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], env: Record<string, string> = {}): CliOutcome {
  const child = spawnSync(process.execPath, ['bin/depin-lab.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function cliInBackground(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['bin/depin-lab.mjs', ...args], { stdio: 'ignore' });
}
