// `npm run reproduce`: runs every reproduction and prints the table; exits 1 if any result fails,
// 2 if the inputs cannot be read. The §5 months come from scenarios/validation/conservation-*.yaml,
// the contagion rows' population from scenarios/contagion.yaml, and §6's world case from
// scenarios/validation/posted-step.yaml, each loaded and checked by the scenario layer like any
// scenario; the world case's runs go to a pool of worker threads, as a sweep's do.
// bin/reproduce.mjs calls it with the process's streams and a wall clock for the progress line
// (nothing under sim/ may read one).
import { PiscinaExecutor } from '../runner/piscinaExecutor.js';
import { Progress, type ProgressSink } from '../runner/progress.js';
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../scenario/index.js';
import type { WorldParams } from '../world/params.js';
import type { ConservationMonth } from './conservationRows.js';
import type { ContagionStudy } from './contagionRows.js';
import { loadHighs } from './highs.js';
import { formatTable, LEVEL, reproduce, SECTIONS, summaryLine } from './reproduce.js';
import type { ReproductionRow } from './rows.js';
import { runStepGrid, WORLD_SEARCH_SCENARIO, worldSearchRows } from './worldSearchRows.js';

export interface ReproduceIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: ProgressSink;
  /** Milliseconds from any fixed origin, for the progress line's time left. */
  readonly now: () => number;
  readonly quiet: boolean;
}

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

const CONTAGION_SCENARIO = 'scenarios/contagion.yaml';
/**
 * Seeds of the contagion rows: 4 seeds × 3 models × 2 shocks = 24 graphs for row (b), about 30 s of
 * CPU (each a run of the security layer to just after its shock, the attacker's search, and HiGHS).
 */
const CONTAGION_SEEDS = 4;

/** The study's first sweep point (its population and behaviour; the rows set model and shock) and its first seeds. */
function loadContagionStudy(): ContagionStudy {
  const runs = expandRuns(load(CONTAGION_SCENARIO), { replicates: CONTAGION_SEEDS }).filter((run) => run.key.point === 0);
  if (runs[0]?.params['model'] !== 'market') throw new InputError(`${CONTAGION_SCENARIO}: expected a market scenario`);
  return { params: runs[0].params as unknown as WorldParams, seeds: runs.map((run) => run.seed) };
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

async function main(io: ReproduceIo): Promise<number> {
  let months: ConservationMonth[];
  let contagion: ContagionStudy;
  let stepScenario: Scenario;
  try {
    months = CONSERVATION_SCENARIOS.map(loadMonth);
    contagion = loadContagionStudy();
    stepScenario = load(WORLD_SEARCH_SCENARIO);
  } catch (error) {
    io.stderr.write(`reproduce: cannot read the validation scenarios: ${(error as Error).message}\n`);
    return 2;
  }
  const mipSolver = await loadHighs();
  const progress = new Progress(io.stderr, io.now, { label: 'reproduce', unit: 'sections', items: new Map(SECTIONS.map((name) => [name, undefined])), quiet: io.quiet, countFailures: false });
  const world = await worldSearch(stepScenario);
  progress.print(`§6 world case (${WORLD_SEARCH_SCENARIO}): computed, shown with §6`);
  const rows = reproduce({
    conservationMonths: months,
    contagion,
    mipSolver,
    worldSearch: world,
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
export async function reproduceMain(io: ReproduceIo): Promise<number> {
  try {
    return await main(io);
  } catch (error) {
    // A failure inside an experiment is a bug, not bad input: say which, in one line.
    io.stderr.write(`reproduce: an experiment failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    return 2;
  }
}
