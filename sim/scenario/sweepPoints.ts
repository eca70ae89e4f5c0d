// The points of a sweep. Each block (every grid path, the zip, the random and the Latin-hypercube
// samples) is one axis; points are the Cartesian product of the axes, the last axis varying
// fastest, so point i is a mixed-radix number over the axes in the order the file declares them.
import seedrandom from 'seedrandom';
import type { z } from 'zod';
import { sweepSeed } from './seeds.js';
import type { sweepSection } from './sections/sweep.js';

export type Sweep = z.output<typeof sweepSection>;
type Range = NonNullable<Sweep['random']>['params'][string];

/** Parameter values one point sets, keyed by dotted path. */
export type Assignment = ReadonlyArray<readonly [path: string, value: unknown]>;

export type Axis = readonly Assignment[];

export function sweepAxes(sweep: Sweep, masterSeed: string): Axis[] {
  const axes: Axis[] = [];
  for (const [path, values] of Object.entries(sweep.grid ?? {})) {
    axes.push(values.map((value) => [[path, value]] as const));
  }
  const zipped = Object.entries(sweep.zip ?? {});
  if (zipped.length > 0) {
    const length = (zipped[0] as [string, unknown[]])[1].length;
    if (zipped.some(([, values]) => values.length !== length)) throw new Error('sweep.zip lists differ in length');
    axes.push(Array.from({ length }, (_, i) => zipped.map(([path, values]) => [path, values[i]] as const)));
  }
  if (sweep.random) axes.push(randomSamples(sweep.random, seedrandom.alea(sweepSeed(masterSeed, 'random'))));
  if (sweep.lhs) axes.push(latinHypercube(sweep.lhs, seedrandom.alea(sweepSeed(masterSeed, 'lhs'))));
  return axes;
}

export function pointCount(axes: readonly Axis[]): number {
  return axes.reduce((product, axis) => product * axis.length, 1);
}

export function pointAssignment(axes: readonly Axis[], point: number): Assignment {
  const assignment: Array<readonly [string, unknown]> = [];
  let rest = point;
  for (let a = axes.length - 1; a >= 0; a -= 1) {
    const axis = axes[a] as Axis;
    assignment.unshift(...(axis[rest % axis.length] as Assignment));
    rest = Math.floor(rest / axis.length);
  }
  return assignment;
}

type Uniform = () => number;

/** Maps u in [0, 1) into the range, on its scale. */
function place(range: Range, u: number): number {
  const value =
    range.scale === 'log'
      ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)))
      : range.min + u * (range.max - range.min);
  return range.integer ? Math.round(value) : value;
}

/** Sample i draws every parameter in declaration order, so adding samples keeps the earlier ones. */
function randomSamples(block: { samples: number; params: Record<string, Range> }, uniform: Uniform): Axis {
  const ranges = Object.entries(block.params);
  return Array.from({ length: block.samples }, () => ranges.map(([path, range]) => [path, place(range, uniform())] as const));
}

/**
 * Latin hypercube: each parameter's [0, 1) is cut into n strata; a random permutation assigns
 * one stratum to each sample, and the sample falls uniformly inside it. Every stratum of every
 * parameter is hit exactly once.
 */
function latinHypercube(block: { samples: number; params: Record<string, Range> }, uniform: Uniform): Axis {
  const n = block.samples;
  const columns = Object.entries(block.params).map(([path, range]) => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i -= 1) {
      const j = Math.floor(uniform() * (i + 1));
      [strata[i], strata[j]] = [strata[j] as number, strata[i] as number];
    }
    return strata.map((stratum) => [path, place(range, (stratum + uniform()) / n)] as const);
  });
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i] as readonly [string, unknown]));
}
