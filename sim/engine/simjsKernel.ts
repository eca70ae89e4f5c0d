// The Kernel on simjs. simjs keeps the future event list; this adapter adds what simjs lacks:
// - priorities: simjs breaks ties in time first-in-first-out only, so every event due at the
//   current time is first collected from simjs into a small "due" list ordered by
//   (priority, sequence), and run from there;
// - a horizon that loses nothing: simjs's `simulate(until)` pops the first event after `until` and
//   drops it, and leaves its clock at the last event. The adapter never lets simjs see past the
//   horizon: it peeks at the root of simjs's heap and advances one queue entry at a time with
//   `simulate(until, 1)`, then parks simjs's clock at `until`;
// - `stop()`, which simjs does not have.
//
// simjs holds one timer for the events scheduled one after another for the same future time, not
// one per event: they wait together as a list threaded through the events themselves (`sameTime`),
// whose first event is the timer's data. In the month a quarter of the events fall at a time
// another event already waits for (block times, all of them), and two thirds of those at the time
// of the timer made last: its list is remembered and joined, which needs no lookup. (A map from
// every pending time to its list caught every tie but cost a hash of a double at each schedule,
// and its rehashed tables were promoted to the old generation.) Ties the timer made last does not
// catch get a timer of their own and meet in the due list, in (priority, sequence) order as before.
// Each simjs timer costs a request, two argument checks, and a push and a pop on simjs's heap. The
// list is found when simjs's clock reaches its timer: `simulate(until, 1)` pops exactly the heap's
// root, which the adapter has just peeked at, so no per-timer callback is needed either.
//
// Nothing else is allocated per timer or per instant: the list lives in the events (an object and an
// array per timer lived until its time before), and the due list is one array reused from instant to
// instant, its length kept beside it.
import type { EventHandle, Kernel, RunEnd } from './kernel.js';
import { checkDelay, checkEventBudget, checkHorizon, checkPriority } from './checks.js';
import { loadSimjs, type SimjsEntity, type SimjsRequest, type SimjsSim } from './simjs.js';

const PENDING = 0;
const DONE = 1;
const CANCELLED = 2;

class SimjsEvent implements EventHandle {
  state = PENDING;
  /**
   * The event scheduled next for the same time while this one's simjs timer waits: the events of one
   * timer, in the order they were scheduled, from the first (the timer's data). A cancelled event
   * stays in its list, its action dropped at once, and is skipped when its time comes: simjs cannot
   * take an entry out of its heap, so a timer whose events were all cancelled stays there, collected
   * with nothing to run.
   */
  sameTime: SimjsEvent | null = null;

  constructor(
    readonly time: number,
    readonly priority: number,
    readonly sequence: number,
    public action: (() => void) | null,
  ) {}

  cancel(): void {
    if (this.state !== PENDING) return;
    this.state = CANCELLED;
    this.action = null;
  }
}

let TimerEntity: (new (sim: SimjsSim, name?: string) => SimjsEntity) | undefined;

/**
 * The class of the entity that owns a kernel's timers (simjs insists that it define start()). One
 * class per process, not one per kernel: a class made in each kernel gave each run's timer entity a
 * map of its own, on which the optimized timer code of the kernel and simjs was thrown away in a
 * sweep's first runs (--trace-deopt, 60 short runs on one worker: 8-9 deoptimizations of the timer
 * code, 1 with one class). Per-run CPU is the same either way (the last 60 of 80 runs in one
 * process, 3 alternated processes each: 12.64 against 12.59 s). simjs numbers entities per class,
 * so the timer's id counts the process's kernels; nothing reads it.
 */
function timerEntityClass(): new (sim: SimjsSim, name?: string) => SimjsEntity {
  return (TimerEntity ??= class Timer extends loadSimjs().Entity {
    start(): void {}
  });
}

function runsBefore(a: SimjsEvent, b: SimjsEvent): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence);
}

export class SimjsKernel implements Kernel {
  private readonly sim: SimjsSim;
  private readonly timer: SimjsEntity;
  private currentTime = 0;
  private nextSequence = 0;
  private stopRequested = false;
  private processed = 0;

  /** The first and last events of the timer made last, which an event scheduled for the same time joins until simjs's clock reaches it. */
  private latest: SimjsEvent | null = null;
  private latestTail: SimjsEvent | null = null;
  /** Events due at `dueTime` are `due[dueHead]` to `due[dueLength - 1]`, sorted so that `due[dueHead]` runs next. */
  private readonly due: (SimjsEvent | undefined)[] = [];
  private dueHead = 0;
  private dueLength = 0;
  /** The time the due list belongs to; NaN until the first event is collected. */
  private dueTime = NaN;

  constructor() {
    this.sim = new (loadSimjs().Sim)();
    this.timer = this.sim.addEntity(timerEntityClass());
  }

  get eventsProcessed(): number {
    return this.processed;
  }

  now(): number {
    return this.currentTime;
  }

  schedule(delay: number, fn: () => void, priority = 0): EventHandle {
    checkDelay(delay);
    checkPriority(priority);
    const time = this.currentTime + delay;
    const event = new SimjsEvent(time, priority, this.nextSequence++, fn);
    if (time === this.dueTime) {
      // simjs would deliver it after the current due list has been collected: put it there directly.
      this.insertDue(event);
    } else if (this.latestTail !== null && this.latestTail.time === time) {
      this.latestTail.sameTime = event;
      this.latestTail = event;
    } else {
      // simjs computes the same `time() + delay` sum, so both clocks agree to the last bit.
      this.latest = this.latestTail = event;
      this.timer.setTimer(delay).setData(event);
    }
    return event;
  }

  run(until: number, maxEvents = Number.POSITIVE_INFINITY): RunEnd {
    checkHorizon(until, this.currentTime);
    checkEventBudget(maxEvents);
    if (this.processed >= maxEvents) return 'budget';
    this.stopRequested = false;
    const end = this.runEvents(until, maxEvents);
    if (!this.stopRequested) this.currentTime = until;
    this.sim.simTime = this.currentTime;
    return end;
  }

  /**
   * The event loop of `run`, apart from what `run` does once a call. V8 compiles a long loop while
   * it runs (on-stack replacement) and keeps that code for later calls; code after the loop, in the
   * same function, then had no type feedback in it, and the compiled code was left there once a run.
   */
  private runEvents(until: number, maxEvents: number): RunEnd {
    const heap = this.sim.queue.data;
    while (!this.stopRequested) {
      if (this.dueHead < this.dueLength) {
        this.runNextDue();
        if (this.stopRequested) return 'stop';
        if (this.processed >= maxEvents) {
          this.stopRequested = true;
          return 'budget';
        }
        continue;
      }
      const head = heap[0];
      if (head === undefined || head.deliverAt > until) break;
      this.collectDueAt(head.deliverAt, until);
    }
    return 'horizon';
  }

  stop(): void {
    this.stopRequested = true;
  }

  /** Moves every event of the timers due at `time` into the due list. */
  private collectDueAt(time: number, until: number): void {
    this.currentTime = time;
    this.dueTime = time;
    const heap = this.sim.queue.data;
    do {
      const request = heap[0] as SimjsRequest;
      // simjs pops the root just peeked at and moves its clock there; the adapter takes its events.
      this.sim.simulate(until, 1);
      this.collectTimer(request.data as SimjsEvent);
    } while (heap[0] !== undefined && heap[0].deliverAt === time);
  }

  private collectTimer(first: SimjsEvent): void {
    // Nothing may join a timer's list once it is collected: an event for its time goes to the due list.
    if (this.latest === first) this.latest = this.latestTail = null;
    for (let event: SimjsEvent | null = first; event !== null; ) {
      const next: SimjsEvent | null = event.sameTime;
      event.sameTime = null;
      this.insertDue(event);
      event = next;
    }
  }

  private runNextDue(): void {
    const event = this.due[this.dueHead] as SimjsEvent;
    // Cleared so that the reused list keeps no event that has run alive.
    this.due[this.dueHead++] = undefined;
    const action = event.action;
    if (event.state !== PENDING || action === null) return;
    event.state = DONE;
    event.action = null;
    this.processed++;
    action();
  }

  private insertDue(event: SimjsEvent): void {
    if (this.dueHead === this.dueLength) this.dueHead = this.dueLength = 0;
    const due = this.due;
    let i = this.dueLength++;
    // Events usually arrive in (priority, sequence) order already, so this loop rarely runs.
    while (i > this.dueHead && runsBefore(event, due[i - 1] as SimjsEvent)) {
      due[i] = due[i - 1];
      i--;
    }
    due[i] = event;
  }
}
