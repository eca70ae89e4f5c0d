// The optimiser's success rate on Branin at the reproduction table's budget, on seeds other than
// the table's: the reference the thresholds of sim/validation/sensitivityRows.ts are set against.
// Usage: npx tsx scripts/braninSuccess.ts [seeds = 100] [first seed = 1000]   (about 0.2 s a seed)
import { searchBranin } from '../sim/validation/braninSearch.js';
import { BRANIN_BUDGET, BRANIN_CASES } from '../sim/validation/sensitivityRows.js';

const seeds = Number(process.argv[2] ?? 100);
const first = Number(process.argv[3] ?? 1000);
for (const [caseIndex, c] of BRANIN_CASES.entries()) {
  let successes = 0;
  for (let s = first; s < first + seeds; s++) {
    const outcome = searchBranin({ seed: `reference-branin-${caseIndex}-${s}`, budget: BRANIN_BUDGET.evaluations, batchSize: BRANIN_BUDGET.batchSize, noiseSd: c.noiseSd });
    if (outcome.regret <= c.tolerance) successes++;
  }
  console.log(`${c.name}: ${successes} of ${seeds} within ${c.tolerance} of the minimum after ${BRANIN_BUDGET.evaluations} evaluations`);
}
