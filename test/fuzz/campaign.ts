// The long fuzzing campaign: `npm run fuzz -- --runs 10000 [--seed N] [--out DIR]`. Every scenario
// is drawn from the schema (scenarioArbitrary.ts), run twice and judged (fuzzRun.ts); each failing
// one is then replayed and shrunk by fast-check to a minimal scenario, written as a YAML file that
// `depin-lab run` takes as it is. Ends with one summary line; exit status 1 if anything was found.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { FUZZ_LIMITS, judge, type Finding, type FindingKind } from './fuzzRun.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '.cache/fuzz' },
    'shrink-seconds': { type: 'string', default: '300' },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const out = values.out;
const shrinkMs = Number(values['shrink-seconds']) * 1000;

const started = performance.now();
const arbitrary = scenarioArbitrary();
const found: { index: number; findings: Finding[] }[] = [];
const counts: Record<FindingKind, number> = { invalid: 0, crash: 0, hang: 0, invariant: 0, nan: 0, domain: 0, rerun: 0 };

// Pass 1: every scenario, judged; the property never fails, so fast-check neither stops nor shrinks.
let index = 0;
fc.check(
  fc.property(arbitrary, (scenario) => {
    const findings = judge(scenario);
    if (findings.length > 0) found.push({ index, findings });
    for (const kind of new Set(findings.map((f) => f.kind))) counts[kind] += 1;
    // Each finding as it comes, and the tally every 100: a campaign stopped early still says what it saw.
    for (const f of findings) process.stderr.write(`scenario ${index}: ${f.kind}: ${f.message.split('\n')[0]}\n`);
    index += 1;
    if (index % 100 === 0) process.stderr.write(`${index}/${runs} scenarios in ${elapsed()}: ${tally()}\n`);
    return true;
  }),
  { seed, numRuns: runs },
);

// Pass 2: each failing scenario replayed by its path and shrunk while it keeps failing the same way;
// one per kind and first line of its message (a hundred runs of the same crash shrink to one file).
mkdirSync(out, { recursive: true });
const written: string[] = [];
const shrunk = new Set<string>();
for (const { index: at, findings } of found) {
  const kind = findings[0]!.kind;
  // Numbers aside: the same crash at another value is the same crash.
  const signature = `${kind}: ${findings[0]!.message.split('\n')[0]!.replace(/-?\d[\d.e+-]*/g, '#')}`;
  if (shrunk.has(signature)) continue;
  shrunk.add(signature);
  const result = fc.check(
    fc.property(arbitrary, (scenario) => !judge(scenario).some((f) => f.kind === kind)),
    { seed, path: String(at), numRuns: 1, interruptAfterTimeLimit: shrinkMs, markInterruptAsFailure: false },
  );
  const minimal = (result.counterexample?.[0] ?? undefined) as Record<string, unknown> | undefined;
  const file = join(out, `${kind}-${at}.yaml`);
  const header = [
    `# Found by npm run fuzz -- --seed ${seed} (scenario ${at}), shrunk by fast-check; replay: fc path "${at}".`,
    ...findings.map((f) => `# ${f.kind}: ${f.message.split('\n')[0]}`),
  ].join('\n');
  // With the fuzzer's budgets, so that a hang replays as one.
  const replayable = minimal === undefined ? {} : { ...minimal, limits: FUZZ_LIMITS };
  writeFileSync(file, `${header}\n${stringify(replayable)}`);
  written.push(file);
}

const total = Object.values(counts).reduce((a, b) => a + b, 0);
process.stdout.write(`fuzz: ${runs} scenarios (seed ${seed}) in ${elapsed()}: ${tally()}` + (written.length > 0 ? `; shrunk scenarios in ${out}/` : '') + '\n');
process.exitCode = total > 0 ? 1 : 0;

function tally(): string {
  return (
    `${counts.crash} crashes, ${counts.hang} hangs, ${counts.invariant} invariant violations, ` +
    `${counts.rerun} differences on rerun, ${counts.nan + counts.domain} NaN or out-of-domain values, ${counts.invalid} invalid draws`
  );
}

function elapsed(): string {
  const seconds = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}
