// Whole-model benchmark: the baseline month (scenarios/baseline.yaml, point 0, replicate 0) on the
// simjs kernel, as `depin-lab run` runs it, here under tsx from the TypeScript sources. One run is
// timed bare, for simulated days and kernel events per wall second, and for its CPU seconds
// (process.cpuUsage around the run); a second, identical run is sampled by the V8 CPU profiler,
// and each sample's self time goes to the source file it was in:
// the kernel (sim/engine, and the simjs and seedrandom packages it wraps), the contracts
// (sim/contracts), the agents (sim/agents and sim/markets), and the rest (the chain, the world's
// wiring, metrics and invariants, garbage collection, V8 itself).
// Run: `npm run bench -- model`, with the lab's V8 flags (`npx tsx bench/model.ts` runs the month
// without them, under V8's default young generation); the last line printed is the JSON result.
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { expandRuns, formatProblem, loadScenario } from '../sim/scenario/index.js';
import type { RunSpec } from '../sim/scenario/runSpec.js';
import { runMarketWorld, type WorldOutcome } from '../sim/world/marketWorld.js';
import type { WorldParams } from '../sim/world/params.js';

export interface ModelBenchResult {
  model_wall_s: number;
  /** CPU seconds of the timed month (process.cpuUsage around the run: user + system, all threads). */
  model_cpu_s: number;
  model_sim_days_per_s: number;
  model_events_per_s: number;
  model_share_kernel: number;
  model_share_contracts: number;
  model_share_agents: number;
  model_share_other: number;
}

const BASELINE = fileURLToPath(new URL('../scenarios/baseline.yaml', import.meta.url));
const DAY = 86_400;
/** Microseconds between profiler samples: about 40,000 samples over a 40-second run. */
const SAMPLING_INTERVAL_US = 1000;

/** Where self time is counted: the first rule whose path fragment the sample's file contains. */
const PLACES: readonly { readonly fragment: string; readonly place: string }[] = [
  { fragment: '/sim/engine/', place: 'sim/engine' },
  // sim/engine/simjs.ts evaluates the simjs bundle with vm.runInThisContext, which names it so.
  { fragment: 'evalmachine.<anonymous>', place: 'simjs' },
  { fragment: '/node_modules/seedrandom/', place: 'seedrandom' },
  { fragment: '/sim/contracts/', place: 'sim/contracts' },
  { fragment: '/sim/agents/', place: 'sim/agents' },
  { fragment: '/sim/markets/', place: 'sim/markets' },
  { fragment: '/sim/chain/', place: 'sim/chain' },
  { fragment: '/sim/world/', place: 'sim/world' },
  { fragment: '/sim/metrics/', place: 'sim/metrics' },
];
const SHARE_OF: Readonly<Record<string, keyof Shares>> = {
  'sim/engine': 'kernel',
  simjs: 'kernel',
  seedrandom: 'kernel',
  'sim/contracts': 'contracts',
  'sim/agents': 'agents',
  'sim/markets': 'agents',
};

interface Shares {
  kernel: number;
  contracts: number;
  agents: number;
  other: number;
}

export function baselineSpec(): RunSpec {
  const loaded = loadScenario(BASELINE);
  if (!loaded.ok) throw new Error(`${BASELINE} does not load:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return expandRuns(loaded.scenario, { replicates: 1 })[0]!;
}

export async function runModelBench(log: (line: string) => void = console.log): Promise<ModelBenchResult> {
  const spec = baselineSpec();
  const params = spec.params as unknown as WorldParams;
  const days = params.duration / DAY;

  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  const timed = runMarketWorld(params, spec.seed);
  const cpu = process.cpuUsage(cpuBefore);
  const wall = (performance.now() - start) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  requireClean(timed);
  const events = timed.counters['events']!;
  log(`baseline month (${days} simulated days, ${params.providers.count} providers): ${wall.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} CPU s, ${events} events`);

  const { profile, outcome } = await profiled(() => runMarketWorld(params, spec.seed));
  if (outcome.counters['events'] !== events) throw new Error('the profiled run differs from the timed run: the model is not deterministic');
  const byPlace = selfTimeByPlace(profile);
  const total = [...byPlace.values()].reduce((a, b) => a + b, 0);
  const shares: Shares = { kernel: 0, contracts: 0, agents: 0, other: 0 };
  for (const [place, micros] of byPlace) shares[SHARE_OF[place] ?? 'other'] += micros / total;
  const breakdown = [...byPlace].sort((a, b) => b[1] - a[1]).map(([place, micros]) => `${place} ${((100 * micros) / total).toFixed(1)}%`);
  log(`self time by place (profiled run, ${(total / 1e6).toFixed(1)} s sampled): ${breakdown.join(', ')}`);
  log(`hottest functions: ${hottestFunctions(profile, total, 10).join(', ')}`);

  return {
    model_wall_s: round(wall, 2),
    model_cpu_s: round(cpuSeconds, 2),
    model_sim_days_per_s: round(days / wall, 3),
    model_events_per_s: Math.round(events / wall),
    model_share_kernel: round(shares.kernel, 3),
    model_share_contracts: round(shares.contracts, 3),
    model_share_agents: round(shares.agents, 3),
    model_share_other: round(shares.other, 3),
  };
}

function requireClean(outcome: WorldOutcome): void {
  const count = outcome.invariants.violationCount;
  if (count > 0) throw new Error(`the baseline month broke ${count} invariant(s), first: ${JSON.stringify(outcome.invariants.violations[0])}`);
}

async function profiled<T>(work: () => T): Promise<{ profile: Profiler.Profile; outcome: T }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
    const outcome = work();
    const { profile } = await session.post('Profiler.stop');
    return { profile, outcome };
  } finally {
    session.disconnect();
  }
}

/** Microseconds of self time per place: each sample's interval goes to the function on top of the stack. */
function selfTimeByPlace(profile: Profiler.Profile): Map<string, number> {
  const placeOfNode = new Map<number, string>();
  for (const node of profile.nodes) placeOfNode.set(node.id, placeOf(node.callFrame));
  const byPlace = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const place = placeOfNode.get(samples[i]!) ?? 'other';
    // The delta before sample i+1 is the time sample i stood for.
    const micros = deltas[i + 1] ?? 0;
    if (place !== '(idle)') byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
  }
  return byPlace;
}

/** The `count` functions with the most self time, as "name (file) share". */
function hottestFunctions(profile: Profiler.Profile, total: number, count: number): string[] {
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = frameOf.get(samples[i]!);
    if (frame === undefined) continue;
    // Line numbers are those of tsx's transformed code, so only the file is named.
    const file = frame.url.startsWith('evalmachine.') ? 'simjs' : frame.url.replace(/^.*\/(sim|node_modules)\//, '$1/');
    const name = file === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} (${file})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + (deltas[i + 1] ?? 0));
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${name} ${((100 * micros) / total).toFixed(1)}%`);
}

function placeOf(frame: Profiler.ProfileNode['callFrame']): string {
  const rule = PLACES.find((r) => frame.url.includes(r.fragment));
  if (rule !== undefined) return rule.place;
  // V8's own pseudo-frames: (garbage collector), (program), (idle), (root).
  if (frame.url === '' && frame.functionName.startsWith('(')) return frame.functionName;
  if (frame.url.includes('/node_modules/')) return 'other packages';
  return frame.url.startsWith('node:') || frame.url === '' ? 'node and V8' : 'other';
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runModelBench()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
