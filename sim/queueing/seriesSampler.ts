// Samples a piecewise-constant queue state at regular times without scheduling events of its own,
// so sampling never changes a model's event sequence or event count. When the series reaches its
// point budget it keeps every other point and doubles its interval, so a run that lasts longer
// than expected still yields at most `maxPoints` evenly spaced points.

export interface QueueSeries {
  time: number[];
  queueLength: number[];
  busy: number[];
}

export class SeriesSampler {
  private readonly time: number[] = [];
  private readonly queueLength: number[] = [];
  private readonly busy: number[] = [];

  constructor(
    private interval: number,
    private readonly maxPoints: number,
  ) {
    if (!(interval > 0) || !Number.isFinite(interval)) throw new RangeError(`sample interval must be > 0, got ${interval}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  }

  /** Reports the state that held until `now`: every sample time before `now` takes it. */
  observe(now: number, queueLength: number, busy: number): void {
    for (let next = this.time.length * this.interval; next < now; next = this.time.length * this.interval) {
      this.time.push(next);
      this.queueLength.push(queueLength);
      this.busy.push(busy);
      if (this.time.length === this.maxPoints) this.thin();
    }
  }

  series(): QueueSeries {
    return { time: [...this.time], queueLength: [...this.queueLength], busy: [...this.busy] };
  }

  private thin(): void {
    for (const column of [this.time, this.queueLength, this.busy]) {
      let kept = 0;
      for (let i = 0; i < column.length; i += 2) column[kept++] = column[i] as number;
      column.length = kept;
    }
    this.interval *= 2;
  }
}
