import { describe, expect, it } from 'vitest';
import { checkBands } from '../../sim/runner/bands.js';
import { fakeRun, fakeSpecs } from './fakeRuns.js';

// fakeRun's level is point * 10 + replicate: for 1 point and replicates 0..3 the mean is 1.5.
const results = fakeSpecs(1, 4).map(fakeRun);

describe('checkBands', () => {
  it('passes when the mean is inside the band', () => {
    expect(checkBands(results, { level: { min: 1.5, max: 1.5 } })).toEqual([]);
  });

  it('gives one reason per broken bound or missing metric', () => {
    expect(checkBands(results, { level: { min: 2 }, half: { max: 0.5 }, profit: { min: 0 } })).toEqual([
      "level: mean 1.5 over 4 runs is below the band's min 2",
      "half: mean 0.75 over 4 runs is above the band's max 0.5",
      'profit: no successful run reports a value of this metric',
    ]);
  });

  it('ignores failed runs', () => {
    const withFailure = [...results, { ...fakeRun(fakeSpecs(2, 1)[1]!), status: 'failed' as const }];
    expect(checkBands(withFailure, { level: { max: 1.5 } })).toEqual([]);
  });
});
