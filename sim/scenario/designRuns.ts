// A study's runs: each point of a design (a sensitivity design, an optimiser's batch) on paired
// seeds. Replicate r of every point runs on the seed of the scenario's own run r, the seed
// `depin-lab run`, `sweep` and `compare` give replicate r of its first point, so points differ
// from each other and from the scenario as written only by their parameters (common random
// numbers): the noise of a difference between two points is the noise the seeds do not share.
import { formatPath, type Path } from './paths.js';
import type { ExpectedParams } from './sections/fields.js';
import { resolvePoint } from './resolvePoint.js';
import type { RunSpec } from './runSpec.js';
import type { Scenario } from './schema.js';
import { runId, runSeed } from './seeds.js';
import type { Assignment } from './sweepPoints.js';

/** A design point the schema refuses (a combination of values each valid alone). */
export class DesignPointError extends Error {
  override readonly name = 'DesignPointError';
}

export interface DesignRunOptions {
  readonly replicates: number;
  /** Number of the first point: points of a search are numbered across its batches. */
  readonly firstPoint: number;
}

/** The seed of replicate r at every point: the scenario's own run r. */
export function pairedSeed(scenario: Scenario, replicate: number): string {
  return runSeed(scenario.seed, { point: 0, replicate });
}

/** RunSpecs point-major, replicates in order; point i of `points` is numbered firstPoint + i. */
export function designRuns(scenario: Scenario, points: readonly Assignment[], options: DesignRunOptions): RunSpec[] {
  const { replicates, firstPoint } = options;
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  return points.flatMap((assignment, i) => {
    const point = firstPoint + i;
    const resolved = resolvePoint(scenario, assignment);
    if (!resolved.ok) {
      const first = resolved.issues[0];
      const values = assignment.map(([path, value]) => `${path}=${String(value)}`).join(', ');
      // A custom check states its expectation in params (sections/fields.ts); zod's own issues in the message.
      const expected = (first as { params?: Partial<ExpectedParams> } | undefined)?.params?.expected ?? first?.message;
      throw new DesignPointError(`point ${point} (${values}) is not a valid scenario: ${formatPath((first?.path ?? []) as Path)}: expected ${expected}`);
    }
    return Array.from({ length: replicates }, (_, replicate) => {
      const key = { point, replicate };
      return { scenario: scenario.name, id: runId(key), key, seed: pairedSeed(scenario, replicate), params: resolved.params };
    });
  });
}
