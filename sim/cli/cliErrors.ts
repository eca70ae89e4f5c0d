// What main.ts needs to report a failed command, in a module of its own that loads nothing heavy:
// commands load when they run (commands.ts), so `--help` and a usage error stay fast.
import type { ScenarioProblem } from '../scenario/problems.js';
import type { CliIo } from './command.js';

/** A scenario that did not load: its problems, and each formatted on one line (steps.load). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(
    readonly problems: readonly ScenarioProblem[],
    readonly lines: readonly string[],
  ) {
    super(lines.join('\n'));
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
