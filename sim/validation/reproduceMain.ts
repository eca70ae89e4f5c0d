// `npm run reproduce`: runs every reproduction and prints the table; exits 1 if any result fails,
// 2 if the inputs cannot be read. The §5 months come from scenarios/validation/conservation-*.yaml,
// loaded and checked by the scenario layer like any scenario.
import { expandRuns, formatProblem, loadScenario } from '../scenario/index.js';
import type { WorldParams } from '../world/params.js';
import type { ConservationMonth } from './conservationRows.js';
import { formatTable, reproduce, summaryLine } from './reproduce.js';

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

function main(): number {
  let months: ConservationMonth[];
  try {
    months = CONSERVATION_SCENARIOS.map(loadMonth);
  } catch (error) {
    process.stderr.write(`reproduce: cannot read the validation scenarios: ${(error as Error).message}\n`);
    return 2;
  }
  const rows = reproduce({
    conservationMonths: months,
    onSection: (section, sectionRows) => {
      const failed = sectionRows.filter((r) => !r.pass).length;
      process.stderr.write(`${section}: ${sectionRows.length - failed} of ${sectionRows.length} reproduced\n`);
    },
  });
  process.stdout.write(`${formatTable(rows)}\n\n${summaryLine(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  // A failure inside an experiment is a bug, not bad input: say which, in one line.
  process.stderr.write(`reproduce: an experiment failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 2;
}
