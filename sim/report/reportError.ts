// A results directory a report cannot be built from: its own module so the command line can name
// it without loading arquero, vega and resvg (sim/cli/commands.ts loads lazily).
export class ReportError extends Error {
  override readonly name = 'ReportError';
}
