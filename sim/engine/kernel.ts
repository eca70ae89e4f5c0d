// The event kernel every model runs on. Two implementations sit behind it: the simjs adapter (the
// chosen kernel) and a typed-array heap (the reference, and the practical speed limit). A model
// that only talks to this interface runs identically on both.

/** A scheduled event. Cancelling an event that already ran, or was cancelled, does nothing. */
export interface EventHandle {
  /** Simulated time at which the event fires. */
  readonly time: number;
  cancel(): void;
}

/** Why `run` returned. */
export type RunEnd = 'horizon' | 'stop' | 'budget';

export interface Kernel {
  /** Current simulated time. */
  now(): number;
  /**
   * Runs `fn` at `now() + delay` (delay >= 0, finite). Events at the same time run in order of
   * `priority` (lower first, default 0), then in the order they were scheduled.
   */
  schedule(delay: number, fn: () => void, priority?: number): EventHandle;
  /**
   * Processes every event with time <= `until`, then leaves `now() === until`. Events after
   * `until` stay queued, so a later `run` resumes exactly where this one stopped. If an event
   * calls `stop()`, `run` returns after that event and `now()` is that event's time. With
   * `maxEvents`, `run` also returns (the same way) once `eventsProcessed` reaches it: an event budget
   * that bounds a run whatever its events do, a storm at one instant included. Returns what ended
   * it: the horizon, a `stop()`, or the budget.
   */
  run(until: number, maxEvents?: number): RunEnd;
  /** Ends the current `run` after the event that is executing. */
  stop(): void;
  /** Events executed so far (cancelled events are not counted). */
  readonly eventsProcessed: number;
}
