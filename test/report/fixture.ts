// A tiny results directory written through the runner's own store, with numbers chosen so that
// every statistic the report shows can be worked out by hand (see aggregate.test.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../sim/scenario/runResult.js';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import { ResultsStore, sweepDirectory } from '../../sim/runner/store.js';

/** throughput per replicate at point 0 (rate 1) and point 1 (rate 2). */
export const THROUGHPUT = [
  [1, 2, 3, 10],
  [4, 4, 4, 4],
] as const;
export const LATENCY = [
  [0.5, 0.5, 0.5, 0.5],
  [1, 1.5, 2, 2.5],
] as const;
/** Point 1's last replicate fails: the report must count it and leave it out of every statistic. */
export const FAILED_RUN = 'p0001-r0003';

export interface FixtureOptions {
  readonly scenario: string;
  /** Added to every throughput and latency value, to make a proposal from the baseline. */
  readonly shift?: { throughput: number; latency: number };
  readonly compare?: Record<string, { better: 'higher' | 'lower'; threshold: number }>;
  readonly checks?: Record<string, { min?: number; max?: number }>;
  readonly failLast?: boolean;
}

export function fixtureSpecs(options: FixtureOptions): RunSpec[] {
  const specs: RunSpec[] = [];
  for (let point = 0; point < 2; point++) {
    for (let replicate = 0; replicate < 4; replicate++) {
      const id = `p${String(point).padStart(4, '0')}-r${String(replicate).padStart(4, '0')}`;
      const params = { model: 'fake', name: options.scenario, market: { rate: point + 1, fee: 0.2 }, compare: options.compare ?? {}, checks: options.checks ?? {} };
      specs.push({ scenario: options.scenario, id, key: { point, replicate }, seed: `seed-${id}`, params });
    }
  }
  return specs;
}

function fixtureResult(spec: RunSpec, options: FixtureOptions): RunResult {
  const { point, replicate } = spec.key;
  const shift = options.shift ?? { throughput: 0, latency: 0 };
  const failed = (options.failLast ?? true) && spec.id === FAILED_RUN;
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: failed ? 'failed' : 'ok',
    ...(failed ? { error: { name: 'InvariantViolation', message: '1 invariant violation(s), first: supply at block 7' } } : {}),
    params: spec.params,
    summary: failed
      ? { throughput: 999 }
      : { throughput: THROUGHPUT[point]![replicate]! + shift.throughput, latency: LATENCY[point]![replicate]! + shift.latency },
    // Every run samples t = 0..3; the queue sits at `replicate` then steps up by one.
    series: { time: [0, 1, 2, 3], columns: { queue: [replicate, replicate, replicate + 1, replicate + 1] } },
    invariants: {
      checks: 10,
      violations: failed ? [{ invariant: 'supply', block: 7, time: 70, values: { expected: '1', actual: '2' } }] : [],
    },
    counters: { events: 4 },
  };
}

/** Writes the fixture under `root` (a fresh temporary directory by default); returns its sweep directory. */
export async function writeFixture(options: FixtureOptions, root = mkdtempSync(join(tmpdir(), 'depin-report-'))): Promise<string> {
  const specs = fixtureSpecs(options);
  const dir = sweepDirectory(root, specs);
  const store = ResultsStore.open(dir, specs, { packageVersion: '0.0.0-test', resume: false });
  for (const spec of specs) await store.record(fixtureResult(spec, options));
  await store.finalize();
  return dir;
}
