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

/**
 * The command line's main() on this thread, from the TypeScript sources (runs still go to the
 * built worker): the same exit status and output as `cli`, without starting a process.
 */
export async function inProcess(args: readonly string[]): Promise<CliOutcome> {
  const { main } = await import('../../sim/cli/main.js');
  const outcome = { status: 0 as number | null, stdout: '', stderr: '' };
  outcome.status = await main(args, {
    stdout: { write: (text: string) => (outcome.stdout += text) },
    stderr: { isTTY: false, write: (text: string) => (outcome.stderr += text) },
    now: () => 0,
    env: {},
  });
  return outcome;
}
