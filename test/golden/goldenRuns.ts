// The golden runs: every shipped scenario, shortened, each reduced to one SHA-256 of its outputs.
// A change that moves code must leave every digest as it was; a change that alters results on
// purpose rewrites them with `npm run golden:update` and says why in its commit.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../../sim/scenario/index.js';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { executeRun } from '../../sim/runner/executeRun.js';
import { runModel } from '../../sim/models.js';
import { PROPOSAL_MARKER } from '../../sim/study/proposalFile.js';

export const GOLDEN_FILE = 'test/golden/golden.json';

/** The scenario directories whose files ship with the lab. */
const SCENARIO_DIRS = ['scenarios', 'scenarios/proposals', 'scenarios/validation'];

/**
 * Shortened so that the whole test takes about half a minute on two cores: half a simulated day of
 * a market world (leases open, close and settle, intents fill, the posted price moves twelve times,
 * providers fail, the invariants are checked), a few thousand customers of an M/M/c queue.
 */
const MARKET_SHORTENING = ['duration=12h'];
/**
 * An attacker's shock comes days in (contagion.yaml: day 10), after the stake has settled, and the
 * schema refuses a shock after the run's end. In the 12 h the stakers join within 2 h, allocations
 * become slashable after 1 h, and the shock comes at 4 h: the shock, the attacker's search and its
 * strikes all run.
 */
const EARLY_SHOCK = ['stakers.joinWindow=2h', 'operators.allocationDelay=1h', 'attacker.shock.at=4h'];
const MMC_SHORTENING = ['customers=2000', 'warmup=200'];
/**
 * The network-scale scenario (5,000 providers, 50,000 stakers) spends about 5 CPU s setting up
 * and its first simulated hour; 12 hours would take 40: its golden run is that first hour.
 */
const SHORTER: Readonly<Record<string, readonly string[]>> = { 'scenarios/network-scale.yaml': ['duration=1h'] };

export interface GoldenRun {
  /** "scenarios/pricing.yaml p0016": the file and the sweep point. */
  readonly label: string;
  readonly spec: RunSpec;
}

/** Every scenario file that ships, less the proposals `depin-lab optimize` writes (a study's outputs). */
export function shippedScenarioFiles(): string[] {
  return SCENARIO_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .sort()
      .map((name) => join(dir, name))
      .filter((file) => !readFileSync(file, 'utf8').startsWith(PROPOSAL_MARKER)),
  );
}

function load(file: string, overrides: string[]): Scenario {
  const result = loadScenario(file, { overrides });
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

function valueAt(params: Readonly<Record<string, unknown>>, dotted: string): unknown {
  let at: unknown = params;
  for (const segment of dotted.split('.')) at = (at as Record<string, unknown> | undefined)?.[segment];
  return at;
}

/**
 * One replicate of: the first point, each point that brings a word value of a grid or zip axis not
 * seen yet (so every market kind and contagion model a sweep names is run), the last point with
 * each word value (its far corner: the largest shock under each contagion model and shock mode),
 * and the last point (the far corner of every numeric axis). Numeric values between take the same
 * code paths.
 */
export function goldenRuns(): GoldenRun[] {
  const runs: GoldenRun[] = [];
  for (const file of shippedScenarioFiles()) {
    const full = load(file, []);
    const shortening = full.model === 'mmc' ? MMC_SHORTENING : full.attacker.enabled ? [...MARKET_SHORTENING, ...EARLY_SHOCK] : (SHORTER[file] ?? MARKET_SHORTENING);
    const scenario = load(file, [...shortening]);
    const axes = [...Object.keys(scenario.sweep.grid ?? {}), ...Object.keys(scenario.sweep.zip ?? {})];
    const specs = expandRuns(scenario, { replicates: 1 });
    const wordsOf = (spec: RunSpec): string[] =>
      axes.map((path) => valueAt(spec.params, path)).filter((v) => typeof v === 'string').map((v) => JSON.stringify(v));
    const lastWith = new Map<string, RunSpec>();
    for (const spec of specs) for (const w of wordsOf(spec)) lastWith.set(w, spec);
    const seen = new Set<string>();
    for (const spec of specs) {
      const words = wordsOf(spec);
      const first = spec === specs[0];
      const last = spec === specs[specs.length - 1];
      const lastOfAWord = words.some((w) => lastWith.get(w) === spec);
      if (!first && !last && !lastOfAWord && words.every((w) => seen.has(w))) continue;
      for (const w of words) seen.add(w);
      runs.push({ label: `${file} p${String(spec.key.point).padStart(4, '0')}`, spec });
    }
  }
  return runs;
}

/** JSON with every object's keys sorted, and non-finite numbers written as their names (JSON would make them null). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** SHA-256 of what a run reports: its status, summary, series, counters and invariants. */
export function resultDigest(result: RunResult): string {
  const { status, error, summary, series, counters, invariants } = result;
  return createHash('sha256').update(canonicalJson({ status, error, summary, series, counters, invariants })).digest('hex');
}

export function runGolden(run: GoldenRun): string {
  return resultDigest(executeRun(run.spec, runModel));
}
