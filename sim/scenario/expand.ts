// Scenario -> RunSpec[]: one run per sweep point and Monte Carlo replicate.
import type { RunSpec } from './runSpec.js';
import type { Scenario } from './schema.js';
import { resolvePoint } from './resolvePoint.js';
import { commonRunSeed, runId, runSeed } from './seeds.js';
import { pointAssignment, pointCount, sweepAxes } from './sweepPoints.js';

export interface ExpandOptions {
  /** Replicates per point, overriding sweep.replicates. */
  replicates?: number;
  /** Master seed, overriding the scenario's. */
  seed?: string;
}

/**
 * Runs in point-major order. The scenario must come from loadScenario, which has checked every
 * sweep value (and every point of sweeps up to its validation limit); a point that still fails
 * is a combination of values the loader could not afford to try, and throws with the reason.
 */
export function expandRuns(scenario: Scenario, opts: ExpandOptions = {}): RunSpec[] {
  const masterSeed = opts.seed ?? scenario.seed;
  const replicates = opts.replicates ?? scenario.sweep.replicates;
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  const axes = sweepAxes(scenario.sweep, masterSeed);
  const base = { ...scenario, seed: masterSeed };
  const specs: RunSpec[] = [];
  for (let point = 0; point < pointCount(axes); point += 1) {
    const resolved = resolvePoint(base, pointAssignment(axes, point));
    if (!resolved.ok) {
      const first = resolved.issues[0];
      throw new Error(`sweep point ${point} of ${scenario.name} is invalid: ${first?.path.join('.')}: ${first?.message}`);
    }
    for (let replicate = 0; replicate < replicates; replicate += 1) {
      const key = { point, replicate };
      const seed = scenario.sweep.seeds === 'common' ? commonRunSeed(masterSeed, replicate) : runSeed(masterSeed, key);
      specs.push({ scenario: scenario.name, id: runId(key), key, seed, params: resolved.params });
    }
  }
  return specs;
}
