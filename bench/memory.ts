// Memory benchmark: the peak resident set of the baseline run at 7 and at 30 simulated days, each in
// a process of its own (a process's peak cannot be reset), run as `npm start` runs it: the built CLI
// (`npm run build` first) with npm start's V8 flags. bench/peakRss.mjs, preloaded into the child,
// reports the peak from getrusage when it exits. The target (17) is a 30-day peak under 1.5
// times the 7-day peak; the ratio is printed with both figures.
// Run: `npx tsx bench/memory.ts`; the last line printed is the JSON result.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../sim/runner/nodeFlags.js';

export interface MemoryBenchResult {
  model_peak_rss_mb_7d: number;
  model_peak_rss_mb_30d: number;
  model_peak_rss_30d_over_7d: number;
}

const CLI = fileURLToPath(new URL('../bin/depin-lab.mjs', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./peakRss.mjs', import.meta.url));

export interface ChildUsage {
  readonly peakRssKb: number;
  readonly cpuUs: number;
}

/** Why the memory benchmark cannot run, or null when it can. */
export function cliBundleMissing(): string | null {
  return existsSync(BUNDLE) ? null : `CLI bundle not found at ${BUNDLE}; run "npm run build" first`;
}

/** Peak RSS and CPU of one baseline run of `days` simulated days, in a child process. */
function measureRun(days: number): ChildUsage {
  return measureBaselineRun([`duration=${days}d`], `the ${days}-day baseline run`);
}

export interface MeasureOptions {
  /**
   * Run with V8's --predictable-gc-schedule: a fixed heap growing factor, no memory reducer. Under
   * the default schedule the garbage V8 lets pile up depends on how fast it measured its
   * collections, so on a busy machine two runs of the same world peak tens of MB apart; with a
   * fixed schedule the peak follows what the run holds.
   */
  readonly predictableGc?: boolean;
}

/**
 * Peak RSS and whole-process CPU of `depin-lab run scenarios/baseline.yaml --set ...` in a child
 * process run as `npm start` runs it (plus the flags `options` asks for); also the run's kernel
 * events (from its JSON).
 */
export function measureBaselineRun(sets: readonly string[], label: string, options: MeasureOptions = {}): ChildUsage & { readonly events: number } {
  const flags = options.predictableGc === true ? [...NODE_FLAGS, '--predictable-gc-schedule'] : NODE_FLAGS;
  const args = [...flags, '--import', PRELOAD, CLI, 'run', BASELINE, ...sets.flatMap((s) => ['--set', s]), '--json'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const lastLine = child.stderr.trimEnd().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !lastLine.startsWith('{')) {
    throw new Error(`${label} failed (exit ${child.status}): ${child.stderr.slice(-500)}`);
  }
  const events = (JSON.parse(child.stdout) as { counters: { events: number } }).counters.events;
  return { ...(JSON.parse(lastLine) as ChildUsage), events };
}

export function runMemoryBench(log: (line: string) => void = console.log): MemoryBenchResult {
  const mb = (kb: number): number => Math.round(kb / 1024);
  const week = measureRun(7);
  log(`baseline 7 days: peak RSS ${mb(week.peakRssKb)} MB, ${(week.cpuUs / 1e6).toFixed(1)} CPU s (whole process)`);
  const month = measureRun(30);
  log(`baseline 30 days: peak RSS ${mb(month.peakRssKb)} MB, ${(month.cpuUs / 1e6).toFixed(1)} CPU s (whole process)`);
  return {
    model_peak_rss_mb_7d: mb(week.peakRssKb),
    model_peak_rss_mb_30d: mb(month.peakRssKb),
    model_peak_rss_30d_over_7d: Math.round((100 * month.peakRssKb) / week.peakRssKb) / 100,
  };
}

/**
 * Runs a bench part that spawns the built CLI when its file is run directly (`tsx bench/x.ts`):
 * prints its JSON line, or says the bundle is missing and exits 1.
 */
export function runStandalone(moduleUrl: string, part: () => object): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const missing = cliBundleMissing();
  if (missing !== null) {
    console.error(`bench: ${missing}`);
    process.exitCode = 1;
  } else {
    console.log(JSON.stringify(part()));
  }
}

runStandalone(import.meta.url, runMemoryBench);
