// A scenario that did not load: its own module so main.ts can name it without loading the scenario
// code and the worker pool (commands load lazily, sim/cli/commands.ts).
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}
