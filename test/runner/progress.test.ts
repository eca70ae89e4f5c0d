import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, ProgressLine } from '../../sim/runner/progress.js';

class Sink {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(text: string): void {
    this.text += text;
  }
}

describe('progress', () => {
  it('reports runs done, failures, rate and time left', () => {
    // 50 runs in 10 s is 5 runs/s; 150 remain, so 30 s.
    expect(formatProgress({ done: 50, total: 200, failed: 2, elapsedMs: 10_000, doneHere: 50 })).toBe('50/200 runs, 2 failed, 5.0 runs/s, 30s left');
    // A resumed sweep: 100 runs were done before; 10 run here in 4 s is 2.5 runs/s; 90 remain, so 36 s.
    expect(formatProgress({ done: 110, total: 200, failed: 0, elapsedMs: 4_000, doneHere: 10 })).toBe('110/200 runs, 0 failed, 2.5 runs/s, 36s left');
    expect(formatProgress({ done: 0, total: 8, failed: 0, elapsedMs: 0, doneHere: 0 })).toBe('0/8 runs, 0 failed');
  });

  it('formats time left in seconds, minutes or hours', () => {
    expect([58.2, 59.5, 61, 3599, 3600, 7384].map(formatDuration)).toEqual(['59s', '1m00s', '1m01s', '59m59s', '1h00m', '2h03m']);
  });

  it('rewrites one line on a terminal with an injected clock', () => {
    const sink = new Sink(true);
    let clock = 1000;
    const line = new ProgressLine(sink, () => clock, 4, 0, 0, false);
    clock = 3000;
    line.runFinished(false);
    clock = 5000;
    line.runFinished(true);
    line.end();
    expect(sink.text).toBe('\r0/4 runs, 0 failed\x1b[K\r1/4 runs, 0 failed, 0.5 runs/s, 6s left\x1b[K\r2/4 runs, 1 failed, 0.5 runs/s, 4s left\x1b[K\n');
  });

  it('is silent when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const sink = new Sink(tty);
      const line = new ProgressLine(sink, () => 0, 2, 0, 0, quiet);
      line.runFinished(false);
      line.end();
      expect(sink.text).toBe('');
    }
  });
});
