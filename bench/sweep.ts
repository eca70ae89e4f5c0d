// Sweep benchmark: 200 replicates of a shortened baseline (12 hours, 50 providers, demand scaled
// down with them to 10 jobs an hour) through the runner API exactly as `depin-lab sweep` drives it:
// a piscina pool on the built worker (dist/runner/worker.mjs; `npm run build` first), results
// streamed to a store on disk, progress on stderr. Each worker count gets a pool of its own,
// warmed with a few runs that are not timed; the counts alternate over the repetitions so that
// drift in the machine's load hits both alike. The results directories must be byte-identical.
// Each pool is timed twice: its first 200 runs, what a user's sweep of that size gets, and 200 more
// on the same pool, once V8 has compiled what the runs use. Each worker is an isolate of its own,
// and its optimizing compiler keeps working through its first twenty to thirty short runs, on
// helper threads that compete with the workers for the cores (on 2 workers the first 200 runs took
// 1.8-2 CPU s more than the next 200), so the second timing is the per-run cost of a long sweep
// and the first adds the pool's one-time warm-up to it.
// Run: `npm run bench -- sweep`, with the lab's V8 flags (under `npx tsx bench/sweep.ts` the workers
// get a 128 MB maximum but V8's 1 MB start); the last line printed is the JSON result.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PiscinaExecutor } from '../sim/runner/piscinaExecutor.js';
import { Progress } from '../sim/runner/progress.js';
import { sweepDirectory, ResultsStore } from '../sim/runner/store.js';
import { progressItems, progressObserver, runAll, runSweep } from '../sim/runner/sweep.js';
import { expandRuns, formatProblem, loadScenario } from '../sim/scenario/index.js';
import type { RunSpec } from '../sim/scenario/runSpec.js';
import { cpuSince, threadCpuSeconds } from './threadCpu.js';

export interface SweepBenchResult {
  sweep_runs: number;
  sweep_runs_per_s_1_worker: number;
  sweep_runs_per_s_2_workers: number;
  sweep_speedup_2_workers: number;
  /** CPU seconds of the whole process (main thread and workers) per run: load-independent cost. */
  sweep_cpu_s_per_run_1_worker: number;
  sweep_cpu_s_per_run_2_workers: number;
  /** Share of the sweep's wall time the main thread (store, progress) was busy, on 2 workers. */
  sweep_main_thread_busy_2_workers: number;
  /**
   * The CPU seconds per run split by thread (Linux's /proc; null elsewhere): the main thread (store,
   * progress, results arriving), the pool's worker threads (the runs), and every other thread of the
   * process (V8's compiler and GC helpers, libuv), on 1 and on 2 workers.
   */
  sweep_main_cpu_s_per_run_1_worker: number | null;
  sweep_main_cpu_s_per_run_2_workers: number | null;
  sweep_worker_cpu_s_per_run_1_worker: number | null;
  sweep_worker_cpu_s_per_run_2_workers: number | null;
  sweep_other_cpu_s_per_run_1_worker: number | null;
  sweep_other_cpu_s_per_run_2_workers: number | null;
  /** The 1-minute load average when the sweeps began: a speed-up means little on a loaded machine. */
  sweep_load_average: number;
  sweep_identical: boolean;
  /** The same measures for the second 200 runs of each pool, once its workers' code is compiled. */
  sweep_runs_per_s_1_worker_warm_pool: number;
  sweep_runs_per_s_2_workers_warm_pool: number;
  sweep_speedup_2_workers_warm_pool: number;
  sweep_other_cpu_s_per_run_1_worker_warm_pool: number | null;
  sweep_other_cpu_s_per_run_2_workers_warm_pool: number | null;
}

interface SweepTiming {
  readonly wallS: number;
  readonly cpuS: number;
  readonly mainBusy: number;
  /** CPU seconds by thread kind, or null where threads cannot be told apart. */
  readonly threads: ThreadCpu | null;
}

interface ThreadCpu {
  readonly main: number;
  readonly workers: number;
  readonly other: number;
}

const BASELINE = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));
const WORKER = fileURLToPath(new URL('../dist/runner/worker.mjs', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../package.json', import.meta.url));
/** The shortened baseline, as `depin-lab sweep --set` overrides. */
export const SHORT_BASELINE = ['duration=12h', 'providers.count=50', 'users.arrival.rate=10/h'];
const RUNS = 200;
const REPETITIONS = 2;
const WORKER_COUNTS = [1, 2] as const;
/** Untimed runs per worker that start a pool (threads, module loading) before it is timed. */
const WARM_UP_RUNS_PER_WORKER = 3;
/** The sweeps timed on each pool, in order: its first, then one on the pool the first warmed. */
const POOL_PHASES = ['fresh', 'warm'] as const;

export function shortBaselineSpecs(): RunSpec[] {
  const loaded = loadScenario(BASELINE, { overrides: SHORT_BASELINE });
  if (!loaded.ok) throw new Error(`${BASELINE} does not load:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return expandRuns(loaded.scenario, { replicates: RUNS });
}

/** Why the sweep cannot be measured, or null when it can. */
export function workerBundleMissing(): string | null {
  return existsSync(WORKER) ? null : `worker bundle not found at ${WORKER}; run "npm run build" first`;
}

export async function runSweepBench(log: (line: string) => void = console.log): Promise<SweepBenchResult> {
  const missing = workerBundleMissing();
  if (missing !== null) throw new Error(missing);
  const specs = shortBaselineSpecs();
  const load = loadavg()[0]!;
  const root = mkdtempSync(join(tmpdir(), 'depin-sweep-bench-'));
  const timings: Record<number, SweepTiming[]> = { 1: [], 2: [] };
  const warmTimings: Record<number, SweepTiming[]> = { 1: [], 2: [] };
  let identical = true;
  try {
    let reference: Map<string, Buffer> | undefined;
    for (let r = 0; r < REPETITIONS; r++) {
      for (const workers of WORKER_COUNTS) {
        const dirs = POOL_PHASES.map((phase) => sweepDirectory(join(root, `r${r}-w${workers}-${phase}`), specs));
        const phases = await timePool(specs, workers, dirs);
        phases.forEach((t, i) => {
          (i === 0 ? timings : warmTimings)[workers]!.push(t);
          log(
            `${specs.length} runs on ${workers} worker(s), ${POOL_PHASES[i]} pool: ${t.wallS.toFixed(1)} s (${(specs.length / t.wallS).toFixed(2)} runs/s), ` +
              `${(t.cpuS / specs.length).toFixed(3)} CPU s per run${threadsText(t.threads, specs.length)}, main thread busy ${(100 * t.mainBusy).toFixed(0)}%`,
          );
        });
        for (const dir of dirs) {
          const files = directoryFiles(dir);
          reference ??= files;
          if (!sameFiles(reference, files)) {
            identical = false;
            log(`results in ${dir} differ from the first sweep's`);
          }
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const sum = (workers: number, of: (t: SweepTiming) => number, from = timings): number => from[workers]!.reduce((a, t) => a + of(t), 0);
  const runs = specs.length * REPETITIONS;
  return {
    sweep_runs: specs.length,
    sweep_runs_per_s_1_worker: round(runs / sum(1, (t) => t.wallS), 2),
    sweep_runs_per_s_2_workers: round(runs / sum(2, (t) => t.wallS), 2),
    sweep_speedup_2_workers: round(sum(1, (t) => t.wallS) / sum(2, (t) => t.wallS), 2),
    sweep_cpu_s_per_run_1_worker: round(sum(1, (t) => t.cpuS) / runs, 3),
    sweep_cpu_s_per_run_2_workers: round(sum(2, (t) => t.cpuS) / runs, 3),
    sweep_main_thread_busy_2_workers: round(sum(2, (t) => t.mainBusy * t.wallS) / sum(2, (t) => t.wallS), 3),
    sweep_main_cpu_s_per_run_1_worker: perRunThreads(timings[1]!, runs, 'main'),
    sweep_main_cpu_s_per_run_2_workers: perRunThreads(timings[2]!, runs, 'main'),
    sweep_worker_cpu_s_per_run_1_worker: perRunThreads(timings[1]!, runs, 'workers'),
    sweep_worker_cpu_s_per_run_2_workers: perRunThreads(timings[2]!, runs, 'workers'),
    sweep_other_cpu_s_per_run_1_worker: perRunThreads(timings[1]!, runs, 'other'),
    sweep_other_cpu_s_per_run_2_workers: perRunThreads(timings[2]!, runs, 'other'),
    sweep_load_average: round(load, 2),
    sweep_identical: identical,
    sweep_runs_per_s_1_worker_warm_pool: round(runs / sum(1, (t) => t.wallS, warmTimings), 2),
    sweep_runs_per_s_2_workers_warm_pool: round(runs / sum(2, (t) => t.wallS, warmTimings), 2),
    sweep_speedup_2_workers_warm_pool: round(sum(1, (t) => t.wallS, warmTimings) / sum(2, (t) => t.wallS, warmTimings), 2),
    sweep_other_cpu_s_per_run_1_worker_warm_pool: perRunThreads(warmTimings[1]!, runs, 'other'),
    sweep_other_cpu_s_per_run_2_workers_warm_pool: perRunThreads(warmTimings[2]!, runs, 'other'),
  };
}

function perRunThreads(timings: readonly SweepTiming[], runs: number, kind: keyof ThreadCpu): number | null {
  if (timings.some((t) => t.threads === null)) return null;
  return round(timings.reduce((sum, t) => sum + t.threads![kind], 0) / runs, 3);
}

function threadsText(threads: ThreadCpu | null, runs: number): string {
  if (threads === null) return '';
  const each = (s: number): string => (s / runs).toFixed(3);
  return ` (main ${each(threads.main)}, workers ${each(threads.workers)}, other threads ${each(threads.other)})`;
}

/**
 * Splits a sweep's CPU by thread: the threads that appeared when the pool was made are its workers,
 * the process's own id is the main thread, the rest are helpers.
 */
function splitThreads(before: ReadonlyMap<number, number> | null, start: ReadonlyMap<number, number> | null): ThreadCpu | null {
  const end = threadCpuSeconds();
  if (before === null || start === null || end === null) return null;
  const split = { main: 0, workers: 0, other: 0 };
  for (const [tid, seconds] of cpuSince(start, end)) {
    if (tid === process.pid) split.main += seconds;
    else if (!before.has(tid)) split.workers += seconds;
    else split.other += seconds;
  }
  return split;
}

/**
 * Wall and CPU seconds of whole sweeps on one pool, one into each of `dirs` in turn: the first
 * after the few untimed runs that start the pool's threads and load its modules, each later one
 * on the pool the sweeps before it warmed.
 */
async function timePool(specs: readonly RunSpec[], workers: number, dirs: readonly string[]): Promise<SweepTiming[]> {
  // Taken before the pool exists: the threads that appear after it are its workers.
  const threadsBefore = threadCpuSeconds();
  const executor = new PiscinaExecutor({ workerFile: WORKER, workers });
  try {
    await runAll(executor, specs.slice(0, WARM_UP_RUNS_PER_WORKER * workers));
    const timings: SweepTiming[] = [];
    for (const dir of dirs) timings.push(await timeSweep(specs, workers, executor, dir, threadsBefore));
    return timings;
  } finally {
    await executor.close();
  }
}

/** Wall and CPU seconds of one whole sweep into `dir` on `executor`'s pool. */
async function timeSweep(
  specs: readonly RunSpec[],
  workers: number,
  executor: PiscinaExecutor,
  dir: string,
  threadsBefore: ReadonlyMap<number, number> | null,
): Promise<SweepTiming> {
  const store = ResultsStore.open(dir, specs, { packageVersion: packageVersion(), resume: false });
  const start = performance.now();
  // CPU time of the whole process, every thread included (getrusage RUSAGE_SELF).
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const threadsAtStart = threadCpuSeconds();
  // The CLI's progress: one line rewritten on a terminal, a plain line every 30 s otherwise.
  const progress = new Progress(process.stderr, () => performance.now(), { label: `sweep on ${workers} worker(s)`, items: progressItems(specs), quiet: false });
  const outcome = await runSweep(store, executor, progressObserver(progress));
  progress.end();
  const wallS = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const mainBusy = performance.eventLoopUtilization(loop).utilization;
  const threads = splitThreads(threadsBefore, threadsAtStart);
  const [failure] = outcome.failed;
  if (failure !== undefined) throw new Error(`${outcome.failed.length} run(s) failed, first ${failure.id}: ${failure.error}`);
  return { wallS, cpuS: (used.user + used.system) / 1e6, mainBusy, threads };
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(PACKAGE, 'utf8')) as { version: string }).version;
}

/** Every file under `root` with its bytes, by path relative to `root`. */
function directoryFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

function sameFiles(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, bytes] of a) {
    const other = b.get(path);
    if (other === undefined || !bytes.equals(other)) return false;
  }
  return true;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runSweepBench()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
