import { describe, expect, it } from 'vitest';
import { judgeBands, type BandRun } from '../../sim/runner/bands.js';
import { fakeRun, fakeSpecs } from './fakeRuns.js';

// fakeRun's level is point * 10 + replicate: with replicates 0..3 the mean is 1.5 at point 0,
// 11.5 at point 1 and 21.5 at point 2; the mean over all twelve runs is 11.5.
const results: BandRun[] = fakeSpecs(3, 4).map(fakeRun);

describe('judgeBands', () => {
  it('holds a band only when the mean over each point’s seeds lies in it at every point', () => {
    expect(judgeBands(results, { level: { min: 1, max: 22 } })).toEqual([{ metric: 'level', band: { min: 1, max: 22 }, points: 3, failing: [], holds: true }]);
    // The mean over every run, 11.5, lies inside [5, 15]: only the points show the band broken.
    const [level] = judgeBands(results, { level: { min: 5, max: 15 } });
    expect(level).toMatchObject({ holds: false, points: 3 });
    expect(level!.failing).toEqual([
      { point: 0, mean: 1.5, runs: 4, reason: "mean 1.5 over 4 seeds is below the band's min 5" },
      { point: 2, mean: 21.5, runs: 4, reason: "mean 21.5 over 4 seeds is above the band's max 15" },
    ]);
  });

  it('fails a point with a failed run, an unfinished run, or a run that does not report the metric', () => {
    const mangled: BandRun[] = results.map((run) => {
      if (run.id === 'p0000-r0001') return { ...run, status: 'failed' };
      if (run.id === 'p0001-r0002') return { ...run, status: 'pending', summary: {} };
      if (run.id === 'p0002-r0003') return { ...run, summary: { half: 1, level: Number.NaN } };
      return run;
    });
    expect(judgeBands(mangled, { level: { min: 0 } })[0]!.failing).toEqual([
      { point: 0, runs: 4, reason: 'run p0000-r0001 failed' },
      { point: 1, runs: 4, reason: '1 of 4 runs not finished (resume the sweep)' },
      { point: 2, runs: 4, reason: 'not reported by run p0002-r0003' },
    ]);
    expect(judgeBands(results, { profit: { min: 0 } })[0]!.failing.map((f) => f.reason)).toEqual([
      'not reported by runs p0000-r0000, p0000-r0001, p0000-r0002 and 1 more',
      'not reported by runs p0001-r0000, p0001-r0001, p0001-r0002 and 1 more',
      'not reported by runs p0002-r0000, p0002-r0001, p0002-r0002 and 1 more',
    ]);
  });
});
