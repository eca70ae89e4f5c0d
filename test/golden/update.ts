// `npm run golden:update`: runs every golden run and rewrites test/golden/golden.json. Only for a
// change that alters results on purpose; its commit says which digests moved and why.
import { writeFileSync } from 'node:fs';
import { GOLDEN_FILE, goldenRuns, runGolden } from './goldenRuns.js';

const digests: Record<string, string> = {};
for (const run of goldenRuns()) {
  digests[run.label] = runGolden(run);
  process.stdout.write(`${run.label}  ${digests[run.label]}\n`);
}
writeFileSync(GOLDEN_FILE, `${JSON.stringify(digests, null, 2)}\n`);
process.stdout.write(`wrote ${Object.keys(digests).length} digests to ${GOLDEN_FILE}\n`);
