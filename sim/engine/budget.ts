// A run's budget: it may process at most `maxEvents` events, and it stops early when whoever holds
// a wall clock says its time is up. The kernel runs in slices of events; between two slices the run
// reports where it stands and asks whether to go on. Slicing changes nothing in what the run
// computes: the kernel resumes exactly where a slice stopped.
import type { Kernel } from './kernel.js';

/** Events per slice: a check every few tens of milliseconds of a busy run, too rare to cost anything. */
export const EVENTS_PER_SLICE = 20_000;

export interface RunControl {
  /** Asked between slices; true ends the run now, as past its wall-clock budget. Nothing under sim/ reads a clock: the caller's clock decides. */
  readonly overWallTime?: () => boolean;
  /** The wall-clock budget in words, for the failure's reason (e.g. "limits.maxWallTime = 2h"). */
  readonly wallTimeLimit?: string;
  /** Told after every slice where the run stands: simulated seconds and events processed. */
  readonly progress?: (simTime: number, events: number) => void;
}

export type BudgetStop = 'maxEvents' | 'maxWallTime';

/** Where a run stood when it stopped short of its horizon. */
export interface StoppedEarly {
  readonly reason: BudgetStop;
  /** Simulated seconds reached. */
  readonly simTime: number;
  readonly events: number;
}

/**
 * Runs `kernel` to `until`, or until the event budget or the wall-clock budget ends it. Returns
 * where it stopped when it stopped short, undefined when it reached the horizon.
 */
export function runWithinBudget(kernel: Kernel, until: number, maxEvents: number, control: RunControl = {}): StoppedEarly | undefined {
  for (;;) {
    const sliceEnd = Math.min(maxEvents, kernel.eventsProcessed + EVENTS_PER_SLICE);
    const end = kernel.run(until, sliceEnd);
    const events = kernel.eventsProcessed;
    control.progress?.(kernel.now(), events);
    if (end !== 'budget') return undefined; // the horizon, or the model's own stop()
    if (events >= maxEvents) return { reason: 'maxEvents', simTime: kernel.now(), events };
    if (control.overWallTime?.() === true) return { reason: 'maxWallTime', simTime: kernel.now(), events };
  }
}

/** The one-line reason a stopped run gives, with where it stood. */
export function describeStop(stop: StoppedEarly, maxEvents: number, wallTimeLimit = 'its wall-clock limit'): string {
  const what = stop.reason === 'maxEvents' ? `its event budget (limits.maxEvents = ${maxEvents})` : `its wall-clock budget (${wallTimeLimit})`;
  return `stopped by ${what} at simulated time ${formatSimTime(stop.simTime)} after ${stop.events} events`;
}

function formatSimTime(seconds: number): string {
  return seconds >= 86_400 ? `${seconds} s (${(seconds / 86_400).toFixed(3)} d)` : `${seconds} s`;
}
