// `npm run reproduce`: runs every reproduction and prints the table; exits 1 if any result fails,
// 2 if the inputs cannot be read. The §5 months come from scenarios/validation/conservation-*.yaml,
// and §6's world case from scenarios/validation/posted-step.yaml, loaded and checked by the scenario
// layer like any scenario; the world case's runs go to a pool of worker threads, as a sweep's do.
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../scenario/index.js';
import { PiscinaExecutor } from '../runner/piscinaExecutor.js';
import type { WorldParams } from '../world/params.js';
import type { ConservationMonth } from './conservationRows.js';
import { formatTable, LEVEL, reproduce, summaryLine } from './reproduce.js';
import type { ReproductionRow } from './rows.js';
import { runStepGrid, WORLD_SEARCH_SCENARIO, worldSearchRows } from './worldSearchRows.js';

const CONSERVATION_SCENARIOS = ['scenarios/validation/conservation-leases.yaml', 'scenarios/validation/conservation-intents.yaml'];

function load(file: string): Scenario {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new InputError(`${file}:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return loaded.scenario;
}

function loadMonth(file: string): ConservationMonth {
  const run = expandRuns(load(file), { replicates: 1 })[0];
  if (run === undefined || run.params['model'] !== 'market') throw new InputError(`${file}: expected one market run`);
  // The schema is checked against WorldParams at compile time (sim/scenario/schema.ts).
  return { scenario: file, params: run.params as unknown as WorldParams, seed: run.seed };
}

class InputError extends Error {}

/** §6's world case: the grid of steps and the search, on the built worker (dist/runner/worker.mjs). */
async function worldSearch(scenario: Scenario): Promise<ReproductionRow[]> {
  const executor = new PiscinaExecutor({ workerFile: new URL('../runner/worker.mjs', import.meta.url) });
  try {
    const grid = await runStepGrid(scenario, executor);
    return await worldSearchRows(LEVEL, scenario, executor, grid);
  } finally {
    await executor.close();
  }
}

async function main(): Promise<number> {
  let months: ConservationMonth[];
  let stepScenario: Scenario;
  try {
    months = CONSERVATION_SCENARIOS.map(loadMonth);
    stepScenario = load(WORLD_SEARCH_SCENARIO);
  } catch (error) {
    process.stderr.write(`reproduce: cannot read the validation scenarios: ${(error as Error).message}\n`);
    return 2;
  }
  const world = await worldSearch(stepScenario);
  process.stderr.write(`§6 world case (${WORLD_SEARCH_SCENARIO}): computed, shown with §6\n`);
  const rows = reproduce({
    conservationMonths: months,
    worldSearch: world,
    onSection: (section, sectionRows) => {
      const failed = sectionRows.filter((r) => !r.pass).length;
      process.stderr.write(`${section}: ${sectionRows.length - failed} of ${sectionRows.length} reproduced\n`);
    },
  });
  process.stdout.write(`${formatTable(rows)}\n\n${summaryLine(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  // A failure inside an experiment is a bug, not bad input: say which, in one line.
  process.stderr.write(`reproduce: an experiment failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exitCode = 2;
}
