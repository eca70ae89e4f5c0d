// Kernel benchmark: model events per wall second of the M/M/1 and M/M/4 queues at ρ = 0.8, on the
// simjs kernel, the typed-array heap (the reference), and SimPy when Debian's python3-simpy is
// installed. Both TypeScript kernels run in this one process, warmed up first; each figure is the
// median of several repetitions.
//
// `npm run bench` (= `node <the lab's V8 flags> --import tsx bench/kernel.ts`) runs this, then the whole-model benchmark
// (bench/model.ts), the memory benchmark (bench/memory.ts), the scaling benchmark (bench/scaling.ts),
// the sweep benchmark (bench/sweep.ts) and
// the attack-search benchmark (bench/attackSearch.ts); memory and sweep need `npm run build`. Name parts to run only those, e.g. `npm run bench -- model` (`npx tsx` alone would run them without the lab's V8 flags). The last line printed is one JSON
// object with the keys of every part run.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KernelKind } from '../sim/engine/index.js';
import { runMmc, type MmcParams } from '../sim/queueing/mmc.js';
import { runAttackSearchBench } from './attackSearch.js';
import { cliBundleMissing, runMemoryBench } from './memory.js';
import { runModelBench } from './model.js';
import { runScalingBench } from './scaling.js';
import { runSweepBench, workerBundleMissing } from './sweep.js';

export interface KernelBenchResult {
  simjs_eps: number;
  reference_eps: number;
  simpy_eps: number | null;
  reference_over_simjs: number;
  simjs_over_simpy: number | null;
}

interface BenchModel {
  name: string;
  params: Omit<MmcParams, 'kernel'>;
}

/** 500,000 customers make 1e6 events: one arrival and one departure each. */
const MODELS: BenchModel[] = [
  { name: 'M/M/1', params: { lambda: 0.8, mu: 1, servers: 1, customers: 500_000 } },
  { name: 'M/M/4', params: { lambda: 3.2, mu: 1, servers: 4, customers: 500_000 } },
];
const REPETITIONS = 5;
const SIMPY_REPETITIONS = 3;
const SEED = 'bench';
const PYTHON = '/usr/bin/python3';
const SIMPY_SCRIPT = fileURLToPath(new URL('./mmc_simpy.py', import.meta.url));

interface Timing {
  events: number;
  seconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeKernel(kernel: KernelKind, model: BenchModel): Timing {
  const start = performance.now();
  const result = runMmc({ ...model.params, kernel }, SEED);
  return { events: result.events, seconds: (performance.now() - start) / 1000 };
}

function timeSimpy(model: BenchModel): Timing | null {
  const { lambda, mu, servers, customers } = model.params;
  const run = spawnSync(PYTHON, [SIMPY_SCRIPT, String(lambda), String(mu), String(servers), String(customers), SEED], {
    encoding: 'utf8',
  });
  if (run.error || run.status !== 0) return null;
  return JSON.parse(run.stdout) as Timing;
}

function simpyAvailable(): boolean {
  const probe = spawnSync(PYTHON, ['-c', 'import SimPy.Simulation'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/** Median timing over repetitions; events are the same in every repetition (same seed). */
function medianTiming(timings: Timing[]): Timing {
  return { events: (timings[0] as Timing).events, seconds: median(timings.map((t) => t.seconds)) };
}

const eps = (timings: Timing[]): number =>
  timings.reduce((sum, t) => sum + t.events, 0) / timings.reduce((sum, t) => sum + t.seconds, 0);

export function runKernelBench(log: (line: string) => void = console.log): KernelBenchResult {
  // Warm-up: let V8 optimise both kernels and the model before anything is timed.
  for (const kernel of ['simjs', 'heap'] as const) {
    for (const model of MODELS) runMmc({ ...model.params, customers: 100_000, kernel }, 'warm-up');
  }
  const perKernel: Record<KernelKind, Timing[]> = { simjs: [], heap: [] };
  const simpy: Timing[] = [];
  const withSimpy = simpyAvailable();
  for (const model of MODELS) {
    const runs: Record<KernelKind, Timing[]> = { simjs: [], heap: [] };
    // Alternate the kernels so that drift in machine load hits both alike.
    for (let r = 0; r < REPETITIONS; r++) {
      for (const kernel of ['simjs', 'heap'] as const) runs[kernel].push(timeKernel(kernel, model));
    }
    const line = [`${model.name} rho=0.8, ${runs.simjs[0]?.events} events:`];
    for (const kernel of ['simjs', 'heap'] as const) {
      const timing = medianTiming(runs[kernel]);
      perKernel[kernel].push(timing);
      line.push(`${kernel} ${(eps([timing]) / 1e6).toFixed(2)} M/s`);
    }
    if (withSimpy) {
      const timings = Array.from({ length: SIMPY_REPETITIONS }, () => timeSimpy(model));
      if (timings.every((t): t is Timing => t !== null)) {
        const timing = medianTiming(timings);
        simpy.push(timing);
        line.push(`simpy ${(eps([timing]) / 1e6).toFixed(3)} M/s`);
      }
    }
    log(line.join('  '));
  }
  if (!withSimpy) log(`SimPy: not measured (${PYTHON} cannot import SimPy; apt-get install -y python3-simpy)`);

  const simjsEps = eps(perKernel.simjs);
  const referenceEps = eps(perKernel.heap);
  const simpyEps = simpy.length === MODELS.length ? eps(simpy) : null;
  return {
    simjs_eps: Math.round(simjsEps),
    reference_eps: Math.round(referenceEps),
    simpy_eps: simpyEps === null ? null : Math.round(simpyEps),
    reference_over_simjs: round(referenceEps / simjsEps, 2),
    simjs_over_simpy: simpyEps === null ? null : round(simjsEps / simpyEps, 2),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Prints a benchmark result object as the single JSON line that must come last. */
export function printResult(result: object): void {
  console.log(JSON.stringify(result));
}

const PARTS = ['kernel', 'model', 'memory', 'scaling', 'sweep', 'attackSearch'] as const;
type Part = (typeof PARTS)[number];

async function runBenchmarks(parts: readonly Part[]): Promise<object> {
  let result: object = {};
  if (parts.includes('kernel')) result = { ...result, ...runKernelBench() };
  if (parts.includes('model')) result = { ...result, ...(await runModelBench()) };
  if (parts.includes('memory')) {
    const missing = cliBundleMissing();
    if (missing === null) result = { ...result, ...runMemoryBench() };
    else console.log(`memory: not measured (${missing})`);
  }
  if (parts.includes('scaling')) {
    const missing = cliBundleMissing();
    if (missing === null) result = { ...result, ...runScalingBench() };
    else console.log(`scaling: not measured (${missing})`);
  }
  if (parts.includes('sweep')) {
    const missing = workerBundleMissing();
    if (missing === null) result = { ...result, ...(await runSweepBench()) };
    else console.log(`sweep: not measured (${missing})`);
  }
  if (parts.includes('attackSearch')) result = { ...result, ...(await runAttackSearchBench()) };
  return result;
}

function partsFromArgs(args: readonly string[]): Part[] {
  const unknown = args.filter((a) => !(PARTS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}: expected any of ${PARTS.join(', ')}`);
  return args.length === 0 ? [...PARTS] : (args as Part[]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  Promise.resolve()
    .then(() => runBenchmarks(partsFromArgs(process.argv.slice(2))))
    .then(printResult)
    .catch((error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
