// `depin-lab check`, the CI mode: every run of a scenario with its invariants checked after every
// block, then its regression bands, each judged at every sweep point (runner/bands.ts).
import { expandRuns, type Scenario } from '../scenario/index.js';
import { pointValuesLabel, sweepPointValues, type PointValues } from '../scenario/pointValues.js';
import { judgeBands, type BandVerdict } from '../runner/bands.js';
import { progressItems, progressObserver, runAll } from '../runner/sweep.js';
import { EXIT_FAILED, EXIT_OK, integerOption, runTimeoutOption, stringList, type CliIo, type ParsedArgs } from './command.js';
import { describeFailure, load, pool, startProgress, withExecutor, writeJson } from './steps.js';

/** Failing points printed per band; --json lists them all. */
const SHOWN_POINTS = 20;

export async function commandCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  const workers = integerOption(args, 'workers', 1);
  const file = args.positionals[0]!;
  const overrides = stringList(args.values['set']);
  const scenario = load(file, [...overrides, ...everyBlockOverrides(load(file, overrides))], io);
  const specs = expandRuns(scenario, {});
  const progress = startProgress(io, args, 'check', progressItems(specs));
  const results = await withExecutor(await pool(workers, runTimeoutOption(args)), (executor) => runAll(executor, specs, progressObserver(progress))).finally(() => progress.end());
  const points = sweepPointValues(scenario);
  const verdicts = judgeBands(results, scenario.checks);
  const runFailures = results.filter((result) => result.status === 'failed').map(describeFailure);
  const passed = runFailures.length === 0 && verdicts.every((verdict) => verdict.holds);
  if (args.values['json']) {
    writeJson(io, { passed, runs: results.length, points: points.length, runFailures, bands: verdicts.map((verdict) => bandJson(verdict, points)) });
  } else if (passed) {
    io.stdout.write(`check passed: ${results.length} runs at ${points.length} sweep point(s); ${bandCount(verdicts.length)} at every point\n`);
  }
  for (const reason of runFailures) io.stderr.write(`check failed: ${reason}\n`);
  for (const line of verdicts.flatMap((verdict) => failureLines(verdict, points))) io.stderr.write(`check failed: ${line}\n`);
  return passed ? EXIT_OK : EXIT_FAILED;
}

function bandCount(n: number): string {
  return n === 0 ? 'no regression bands to hold' : n === 1 ? '1 regression band holds' : `all ${n} regression bands hold`;
}

function bandText(verdict: BandVerdict): string {
  const { min, max } = verdict.band;
  return min !== undefined && max !== undefined ? `[${min}, ${max}]` : min !== undefined ? `>= ${min}` : `<= ${max}`;
}

/** One line per failing point: the metric, the point's values as the user wrote them, the value and the band. */
function failureLines(verdict: BandVerdict, points: readonly PointValues[]): string[] {
  const lines = verdict.failing.slice(0, SHOWN_POINTS).map((failure) => {
    const where = verdict.points > 1 ? ` at ${pointValuesLabel(points[failure.point] ?? [], true)}` : '';
    return `${verdict.metric}${where}: ${failure.reason} (band ${bandText(verdict)})`;
  });
  const more = verdict.failing.length - SHOWN_POINTS;
  if (more > 0) lines.push(`${verdict.metric}: and ${more} more of the ${verdict.points} points (--json lists them all)`);
  return lines;
}


function bandJson(verdict: BandVerdict, points: readonly PointValues[]) {
  return {
    ...verdict,
    failing: verdict.failing.map((failure) => ({ ...failure, values: Object.fromEntries(points[failure.point] ?? []) })),
  };
}

/** `check` evaluates the invariants after every block, whatever interval the scenario sets for sweeps. */
export function everyBlockOverrides(scenario: Scenario): string[] {
  if (scenario.model !== 'market') return [];
  return ['invariants.enabled=true', `invariants.interval=${scenario.chain.blockTime}`];
}
