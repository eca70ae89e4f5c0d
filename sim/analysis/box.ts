// A box of inputs: one [low, high] range per input, in the user's units. The designs of the
// sensitivity estimators and the optimiser work in the unit cube and map their points into the box.

/** One [low, high] range per input; low < high, both finite. */
export type Bounds = readonly (readonly [number, number])[];

/** Throws a RangeError naming the first bad range. */
export function checkBounds(bounds: Bounds): void {
  if (!Array.isArray(bounds) || bounds.length === 0) throw new RangeError('bounds must list at least one [low, high] range');
  bounds.forEach((range, i) => {
    const [low, high] = range ?? [];
    if (!Number.isFinite(low) || !Number.isFinite(high) || !((low as number) < (high as number))) {
      throw new RangeError(`bounds[${i}] must be [low, high] with finite low < high, got ${JSON.stringify(range)}`);
    }
  });
}

/** The point of the box at unit coordinates u (0 is low, 1 is high). */
export function fromUnit(bounds: Bounds, u: readonly number[]): number[] {
  return bounds.map(([low, high], i) => low + (high - low) * (u[i] as number));
}

/** The unit coordinates of a point of the box. */
export function toUnit(bounds: Bounds, x: readonly number[]): number[] {
  return bounds.map(([low, high], i) => ((x[i] as number) - low) / (high - low));
}

/** Throws unless y holds one finite value per design point (a failed evaluation must not pass as a number). */
export function checkEvaluations(y: readonly number[], expected: number, design: string): void {
  if (y.length !== expected) throw new RangeError(`the ${design} design has ${expected} points, got ${y.length} values`);
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`value ${bad} of the ${design} design is ${y[bad]}, not a finite number`);
}
