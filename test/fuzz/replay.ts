// Replays scenarios of a campaign by their fast-check path, one at a time with a timer:
// `npx tsx test/fuzz/replay.ts --seed 2028 --paths 929,1358,2800-2899 [--print] [--judge] [--write DIR]`:
// --print writes each scenario as YAML, --write as JSON to DIR/<seed>-<path>.json (a regression's
// file, test/fuzz/regressions/), --judge runs it as the campaign does and times it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { judge } from './fuzzRun.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    paths: { type: 'string' },
    print: { type: 'boolean', default: false },
    judge: { type: 'boolean', default: false },
    write: { type: 'string' },
  },
});
const seed = Number(values.seed);
const arbitrary = scenarioArbitrary();
for (const part of (values.paths ?? '').split(',')) {
  const [from, to] = part.split('-').map(Number) as [number, number | undefined];
  for (let path = from; path <= (to ?? from); path++) {
    fc.check(
      fc.property(arbitrary, (scenario) => {
        if (values.print) process.stdout.write(`# path ${path}\n${stringify(scenario)}\n`);
        if (values.write !== undefined) writeFileSync(join(values.write, `${seed}-${path}.json`), `${JSON.stringify(scenario, null, 1)}\n`);
        if (!values.judge) return true;
        const started = performance.now();
        const findings = judge(scenario);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        process.stdout.write(`path ${path}: ${seconds} s ${findings.map((f) => `${f.kind}: ${f.message.split('\n')[0]}`).join('; ')}\n`);
        return true;
      }),
      { seed, path: String(path), numRuns: 1 },
    );
  }
}
