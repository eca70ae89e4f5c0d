import { describe, expect, it } from 'vitest';
import { formatProgress, formatWallTime, PLAIN_INTERVAL_MS, Progress } from '../../sim/runner/progress.js';

class Sink {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(text: string): void {
    this.text += text;
  }
}

const DAY = 86_400;

describe('formatProgress', () => {
  it('counts runs, failures, rate and time left when the runs have no horizon', () => {
    // 50 of 200 runs in 10 s: a quarter of the work, so 5 runs/s; 150 remain, so 30 s.
    const state = { label: 'check', unit: 'runs', done: 50, total: 200, failed: 2, elapsedMs: 10_000, workHere: 0.25, workLeft: 0.75 };
    expect(formatProgress(state)).toBe('check: 50/200 runs, 2 failed, 5.0 runs/s, 30s left');
    // A resumed sweep: 100 runs were done before; 10 more in 4 s is 2.5 runs/s; 90 remain, so 36 s.
    expect(formatProgress({ ...state, done: 110, failed: 0, elapsedMs: 4_000, workHere: 0.05, workLeft: 0.45 })).toBe('check: 110/200 runs, 0 failed, 2.5 runs/s, 36s left');
    expect(formatProgress({ ...state, done: 0, failed: 0, elapsedMs: 0, workHere: 0, workLeft: 1 })).toBe('check: 0/200 runs, 0 failed');
  });

  it('counts simulated time, in days per second, when every run has a horizon', () => {
    // 12 of 30 simulated days in 4 s: 3 days/s; 18 days remain, so 6 s.
    const single = { label: 'run', unit: 'runs', done: 0, total: 1, failed: 0, simulated: { done: 12 * DAY, total: 30 * DAY }, elapsedMs: 4_000, workHere: 0.4, workLeft: 0.6 };
    expect(formatProgress(single)).toBe('run: 12d of 30d simulated, 3.0 simulated days/s, 6s left');
    // Half a day of two in 10 s: 4,320 simulated seconds a second, 1.2 hours; 1.5 days remain, 30 s.
    const slow = { ...single, simulated: { done: DAY / 2, total: 2 * DAY }, elapsedMs: 10_000, workHere: 0.25, workLeft: 0.75 };
    expect(formatProgress(slow)).toBe('run: 12h of 2d simulated, 1.2 simulated hours/s, 30s left');
    const many = { ...single, label: 'compare', done: 3, total: 16, simulated: { done: 100 * DAY, total: 480 * DAY }, elapsedMs: 20_000, workHere: 100 / 480, workLeft: 380 / 480 };
    expect(formatProgress(many)).toBe('compare: 3/16 runs, 0 failed, 100d of 480d simulated, 5.0 simulated days/s, 1m16s left');
  });

  it('formats wall time in seconds, minutes or hours', () => {
    expect([58.2, 59.5, 61, 3599, 3600, 7384].map(formatWallTime)).toEqual(['59s', '1m00s', '1m01s', '59m59s', '1h00m', '2h03m']);
  });
});

describe('Progress', () => {
  it('rewrites one line on a terminal, from the simulated time runs report', () => {
    const sink = new Sink(true);
    let clock = 1000;
    const items = new Map([['a', 10 * DAY], ['b', 10 * DAY]]);
    const progress = new Progress(sink, () => clock, { label: 'check', items, quiet: false });
    clock = 3000;
    progress.advance('a', 5 * DAY);
    clock = 5000;
    progress.itemFinished('a', false);
    progress.end();
    expect(sink.text.split('\x1b[K').map((line) => line.replace('\r', ''))).toEqual([
      'check: 0/2 runs, 0 failed, 0s of 20d simulated',
      // 5 days in 2 s: 2.5 days/s; 15 days left, 6 s.
      'check: 0/2 runs, 0 failed, 5d of 20d simulated, 2.5 simulated days/s, 6s left',
      'check: 1/2 runs, 0 failed, 10d of 20d simulated, 2.5 simulated days/s, 4s left',
      'check: 1/2 runs, 0 failed, 10d of 20d simulated, 2.5 simulated days/s, 4s left',
      '\n',
    ]);
  });

  it('prints a plain line every PLAIN_INTERVAL_MS when stderr is not a terminal', () => {
    const sink = new Sink(false);
    let clock = 0;
    const progress = new Progress(sink, () => clock, { label: 'sweep', items: new Map([['a', undefined], ['b', undefined], ['c', undefined]]), quiet: false });
    clock = PLAIN_INTERVAL_MS - 1;
    progress.itemFinished('a', false);
    expect(sink.text).toBe('');
    clock = PLAIN_INTERVAL_MS + 1000;
    progress.itemFinished('b', true);
    progress.end();
    expect(sink.text).toBe('sweep: 2/3 runs, 1 failed, 0.1 runs/s, 16s left\n');
  });

  it('counts a resumed sweep from where it stopped, and is silent with --quiet', () => {
    const sink = new Sink(true);
    const items = new Map([['a', undefined], ['b', undefined]]);
    new Progress(sink, () => 0, { label: 'sweep', items, finished: new Map([['a', true]]), quiet: false }).end();
    expect(sink.text).toBe('\rsweep: 1/2 runs, 1 failed\x1b[K\rsweep: 1/2 runs, 1 failed\x1b[K\n');
    const quiet = new Sink(true);
    const progress = new Progress(quiet, () => 0, { label: 'sweep', items, quiet: true });
    progress.itemFinished('a', false);
    progress.print('kept');
    progress.end();
    expect(quiet.text).toBe('kept\n');
  });
});
