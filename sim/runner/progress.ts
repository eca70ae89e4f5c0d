// Progress of a long command on stderr: runs done, simulated time, rate and time left. On a
// terminal one line is rewritten in place; elsewhere (a CI log, a pipe) a plain line is printed
// every PLAIN_INTERVAL_MS; --quiet silences both. The clock is injected (`now`, in milliseconds)
// because nothing under sim/ may read the wall clock; the command-line entry point provides it.
import { formatDuration as formatSimulated } from '../scenario/units.js';

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** How often a plain line is printed when stderr is not a terminal. */
export const PLAIN_INTERVAL_MS = 30_000;
/** A terminal line is redrawn at most this often (a finished run always redraws it). */
const REDRAW_MS = 200;

export interface ProgressOptions {
  /** The command, first on the line: "check", "compare". */
  readonly label: string;
  /** What is counted, plural: "runs", "sections". */
  readonly unit?: string;
  /** Every item's key, with its simulated horizon in seconds when the model has one. */
  readonly items: ReadonlyMap<string, number | undefined>;
  /** Items finished before this invocation (a resumed sweep), with whether each failed. */
  readonly finished?: ReadonlyMap<string, boolean>;
  readonly quiet: boolean;
  /** Whether failures are worth a word on the line ("2 failed"). */
  readonly countFailures?: boolean;
}

export interface ProgressState {
  readonly label: string;
  readonly unit: string;
  readonly done: number;
  readonly total: number;
  /** Undefined when failures are not counted. */
  readonly failed?: number;
  /** Simulated seconds run so far and in all, when every item has a horizon. */
  readonly simulated?: { readonly done: number; readonly total: number };
  /** Milliseconds since this invocation started. */
  readonly elapsedMs: number;
  /** Share of the whole work done in this invocation (a resumed sweep's earlier runs do not count toward the rate). */
  readonly workHere: number;
  /** Share of the whole work still to do. */
  readonly workLeft: number;
}

export function formatProgress(state: ProgressState): string {
  const counted = `${state.done}/${state.total} ${state.unit}${state.failed === undefined ? '' : `, ${state.failed} failed`}`;
  const parts = [state.total === 1 && state.simulated ? '' : counted];
  if (state.simulated) parts.push(`${formatSimulated(state.simulated.done)} of ${formatSimulated(state.simulated.total)} simulated`);
  if (state.workHere > 0 && state.elapsedMs > 0) {
    const perMs = state.workHere / state.elapsedMs;
    if (state.simulated) parts.push(simulatedRate(state.simulated.total * perMs * 1000));
    else parts.push(`${((state.total * perMs) * 1000).toFixed(1)} ${state.unit}/s`);
    parts.push(`${formatWallTime(state.workLeft / perMs / 1000)} left`);
  }
  return `${state.label}: ${parts.filter((part) => part !== '').join(', ')}`;
}

/** Simulated seconds per wall second, in days, hours or minutes per second, whichever is at least 1. */
function simulatedRate(perSecond: number): string {
  const [unit, size] = perSecond >= 86_400 ? ['days', 86_400] : perSecond >= 3600 ? ['hours', 3600] : ['minutes', 60];
  return `${(perSecond / size).toPrecision(2)} simulated ${unit}/s`;
}

/** Wall time as a person reads it: 59s, 1m00s, 2h03m. */
export function formatWallTime(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

export class Progress {
  private readonly startedAt: number;
  private readonly unit: string;
  /** Every item's horizon, when all have one: progress then counts simulated time. */
  private readonly horizons: ReadonlyMap<string, number> | undefined;
  private readonly totalWork: number;
  private readonly workAtStart: number;
  private readonly finished = new Map<string, boolean>();
  private readonly inFlight = new Map<string, number>();
  private readonly mode: 'terminal' | 'plain' | 'silent';
  private lastDrawn = -Infinity;

  constructor(
    private readonly sink: ProgressSink,
    private readonly now: () => number,
    private readonly options: ProgressOptions,
  ) {
    this.startedAt = now();
    this.unit = options.unit ?? 'runs';
    const horizons = [...options.items.values()];
    this.horizons = horizons.every((h) => h !== undefined && h > 0) ? (options.items as ReadonlyMap<string, number>) : undefined;
    this.totalWork = this.horizons ? horizons.reduce<number>((sum, h) => sum + h!, 0) : options.items.size;
    for (const [key, failed] of options.finished ?? []) this.finished.set(key, failed);
    this.workAtStart = this.workDone();
    this.mode = options.quiet ? 'silent' : sink.isTTY === true ? 'terminal' : 'plain';
    if (this.mode === 'terminal') this.draw();
    else this.lastDrawn = this.startedAt;
  }

  /** An item in flight has reached `simulated` seconds. */
  advance(key: string, simulated: number): void {
    if (this.finished.has(key)) return;
    this.inFlight.set(key, simulated);
    this.maybeDraw(false);
  }

  itemFinished(key: string, failed: boolean): void {
    this.inFlight.delete(key);
    this.finished.set(key, failed);
    this.maybeDraw(true);
  }

  /** A line of the command's own output on stderr, kept clear of the progress line. */
  print(line: string): void {
    if (this.mode === 'terminal') {
      this.sink.write(`\r\x1b[K${line}\n`);
      this.draw();
    } else {
      this.sink.write(`${line}\n`);
    }
  }

  /** Leaves the last figures on a terminal and moves to a fresh line. */
  end(): void {
    if (this.mode !== 'terminal') return;
    this.draw();
    this.sink.write('\n');
  }

  state(): ProgressState {
    const failed = [...this.finished.values()].filter(Boolean).length;
    const work = this.workDone();
    return {
      label: this.options.label,
      unit: this.unit,
      done: this.finished.size,
      total: this.options.items.size,
      ...(this.options.countFailures === false ? {} : { failed }),
      ...(this.horizons ? { simulated: { done: work, total: this.totalWork } } : {}),
      elapsedMs: this.now() - this.startedAt,
      workHere: (work - this.workAtStart) / this.totalWork,
      workLeft: (this.totalWork - work) / this.totalWork,
    };
  }

  private workDone(): number {
    if (!this.horizons) return this.finished.size;
    let work = 0;
    for (const key of this.finished.keys()) work += this.horizons.get(key) ?? 0;
    for (const simulated of this.inFlight.values()) work += simulated;
    return work;
  }

  private maybeDraw(finished: boolean): void {
    const now = this.now();
    if (this.mode === 'terminal' && (finished || now - this.lastDrawn >= REDRAW_MS)) this.draw();
    if (this.mode === 'plain' && now - this.lastDrawn >= PLAIN_INTERVAL_MS) {
      this.lastDrawn = now;
      this.sink.write(`${formatProgress(this.state())}\n`);
    }
  }

  private draw(): void {
    this.lastDrawn = this.now();
    // \r returns to the line start and ESC[K clears what a longer previous line left behind.
    this.sink.write(`\r${formatProgress(this.state())}\x1b[K`);
  }
}
