// `npm run reproduce`: runs every reproduction and prints the table; exits 1 if any result fails,
// 2 if the inputs cannot be read. The §5 months come from scenarios/validation/conservation-*.yaml,
// loaded and checked by the scenario layer like any scenario. bin/reproduce.mjs calls it with the
// process's streams and a wall clock for the progress line (nothing under sim/ may read one).
import { Progress, type ProgressSink } from '../runner/progress.js';
import { expandRuns, formatProblem, loadScenario } from '../scenario/index.js';
import type { WorldParams } from '../world/params.js';
import type { ConservationMonth } from './conservationRows.js';
import { formatTable, reproduce, SECTIONS, summaryLine } from './reproduce.js';

export interface ReproduceIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressSink;
  /** Milliseconds from any fixed origin, for the progress line's time left. */
  readonly now: () => number;
  readonly quiet: boolean;
}

const CONSERVATION_SCENARIOS = ['scenarios/validation/conservation-leases.yaml', 'scenarios/validation/conservation-intents.yaml'];

function loadMonth(file: string): ConservationMonth {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new InputError(`${file}:\n${loaded.problems.map(formatProblem).join('\n')}`);
  const run = expandRuns(loaded.scenario, { replicates: 1 })[0];
  if (run === undefined || run.params['model'] !== 'market') throw new InputError(`${file}: expected one market run`);
  // The schema is checked against WorldParams at compile time (sim/scenario/schema.ts).
  return { scenario: file, params: run.params as unknown as WorldParams, seed: run.seed };
}

class InputError extends Error {}

function main(io: ReproduceIo): number {
  let months: ConservationMonth[];
  try {
    months = CONSERVATION_SCENARIOS.map(loadMonth);
  } catch (error) {
    io.stderr.write(`reproduce: cannot read the validation scenarios: ${(error as Error).message}\n`);
    return 2;
  }
  const progress = new Progress(io.stderr, io.now, { label: 'reproduce', unit: 'sections', items: new Map(SECTIONS.map((name) => [name, undefined])), quiet: io.quiet, countFailures: false });
  const rows = reproduce({
    conservationMonths: months,
    onSection: (section, sectionRows) => {
      const failed = sectionRows.filter((r) => !r.pass).length;
      progress.print(`${section}: ${sectionRows.length - failed} of ${sectionRows.length} reproduced`);
      progress.itemFinished(section, failed > 0);
    },
  });
  progress.end();
  io.stdout.write(`${formatTable(rows)}\n\n${summaryLine(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

/** The exit status: 0 every result reproduced, 1 some did not, 2 the inputs or an experiment failed. */
export function reproduceMain(io: ReproduceIo): number {
  try {
    return main(io);
  } catch (error) {
    // A failure inside an experiment is a bug, not bad input: say which, in one line.
    io.stderr.write(`reproduce: an experiment failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 2;
  }
}
