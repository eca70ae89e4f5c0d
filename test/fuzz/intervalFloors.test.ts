// The fuzzer draws a mean interval that scales a run's work no lower than its floor (INTERVAL_FLOORS),
// as it draws sizes no higher than their caps, and still draws the floor itself and the field's "never".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getAt } from '../../sim/scenario/paths.js';
import { INTERVAL_FLOORS, scenarioArbitrary } from './scenarioArbitrary.js';

const DRAWS = 400;

describe('the fuzzer draws mean intervals above their floors', () => {
  const scenarios = fc.sample(scenarioArbitrary(), { seed: 13, numRuns: DRAWS }).filter((s) => s['model'] === 'market');

  it.each(Object.entries(INTERVAL_FLOORS))('%s: 0 (never) or at least its floor, the floor and 0 both drawn', (path, floor) => {
    const values = scenarios.map((s) => getAt(s, path.split('.')) as number);
    expect(values.filter((v) => !(v === 0 && floor.zeroIsOff) && !(v >= floor.seconds))).toEqual([]);
    // The floor is an edge, drawn as such (a repair may lift it to one block, never lower it).
    expect(values.filter((v) => v === floor.seconds).length).toBeGreaterThan(0);
    if (floor.zeroIsOff) expect(values.filter((v) => v === 0).length).toBeGreaterThan(0);
  });
});
