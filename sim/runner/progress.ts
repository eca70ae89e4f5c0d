// Sweep progress on stderr. The clock is injected (`now`, in milliseconds) because nothing under
// sim/ may read the wall clock; the command-line entry point outside sim/ provides it.

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** Milliseconds since the first run of this invocation started. */
  readonly elapsedMs: number;
  /** Runs finished in this invocation (a resumed sweep's earlier runs do not count toward the rate). */
  readonly doneHere: number;
}

export function formatProgress(state: ProgressState): string {
  const parts = [`${state.done}/${state.total} runs`, `${state.failed} failed`];
  if (state.doneHere > 0 && state.elapsedMs > 0) {
    const perSecond = (state.doneHere * 1000) / state.elapsedMs;
    const secondsLeft = (state.total - state.done) / perSecond;
    parts.push(`${perSecond.toFixed(1)} runs/s`, `${formatDuration(secondsLeft)} left`);
  }
  return parts.join(', ');
}

export function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

/** A single line rewritten in place on a terminal; nothing at all when stderr is not a terminal. */
export class ProgressLine {
  private readonly startedAt: number;
  private readonly startDone: number;
  private readonly visible: boolean;

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number,
    private readonly total: number,
    private done: number,
    private failed: number,
    quiet: boolean,
  ) {
    this.startedAt = now();
    this.startDone = done;
    this.visible = !quiet && sink.isTTY === true;
    this.draw();
  }

  runFinished(failed: boolean): void {
    this.done += 1;
    if (failed) this.failed += 1;
    this.draw();
  }

  /** Leaves the last figures on screen and moves to a fresh line. */
  end(): void {
    if (this.visible) this.sink.write('\n');
  }

  private draw(): void {
    if (!this.visible) return;
    const text = formatProgress({
      done: this.done,
      total: this.total,
      failed: this.failed,
      elapsedMs: this.now() - this.startedAt,
      doneHere: this.done - this.startDone,
    });
    // \r returns to the line start and ESC[K clears what a longer previous line left behind.
    this.sink.write(`\r${text}\x1b[K`);
  }
}
