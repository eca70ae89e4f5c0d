// A results directory that cannot be written or read as asked: its own module so the command line
// can name it without loading the store's Arrow files (sim/cli/commands.ts loads lazily).
export class ResultsStoreError extends Error {
  override readonly name = 'ResultsStoreError';
}
