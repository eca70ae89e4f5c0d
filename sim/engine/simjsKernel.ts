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
// one per event: they wait together in an Instant, the timer's data. In the month a quarter of the
// events fall at a time another event already waits for (block times, all of them), and two
// thirds of those at the time of the Instant made last: the Instant made last is remembered and
// joined, which needs no lookup. (A map from every pending time to its Instant caught every tie but
// cost a hash of a double at each schedule, and its rehashed tables were promoted to the old
// generation.) Ties the Instant made last does not catch get a timer of their own and meet in
// the due list, in (priority, sequence) order as before. Each simjs timer costs a request, two
// argument checks, and a push and a pop on simjs's heap. The Instant is found when simjs's clock
// reaches its timer: `simulate(until, 1)` pops exactly the heap's root, which the adapter has just
// peeked at, so no per-timer callback is needed either.
import type { EventHandle, Kernel, RunEnd } from './kernel.js';
import { checkDelay, checkEventBudget, checkHorizon, checkPriority } from './checks.js';
import { loadSimjs, type SimjsEntity, type SimjsRequest, type SimjsSim } from './simjs.js';

const PENDING = 0;
const DONE = 1;
const CANCELLED = 2;

/**
 * The events due at one future time, in the order they were scheduled; simjs holds one timer for
 * them. A cancelled event stays in it, its action dropped at once, and is skipped when its time
 * comes: simjs cannot take an entry out of its heap, so an Instant whose events were all cancelled
 * stays there as one timer, collected with nothing to run.
 */
class Instant {
  /**
   * Made with its first event as an array of one: most Instants hold one event, and an array that
   * starts empty grows to room for 17 at its first push, on an object that lives until its time.
   */
  readonly events: SimjsEvent[];

  constructor(
    readonly time: number,
    first: SimjsEvent,
  ) {
    this.events = [first];
  }
}

class SimjsEvent implements EventHandle {
  state = PENDING;

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

  /** The Instant made last, which an event scheduled for the same time joins until simjs's clock reaches it. */
  private latest: Instant | null = null;
  /** Events due at `dueTime`, sorted so that `due[dueHead]` runs next. */
  private due: SimjsEvent[] = [];
  private dueHead = 0;
  /** The time the due list belongs to; NaN until the first event is collected. */
  private dueTime = NaN;

  constructor() {
    const { Sim, Entity } = loadSimjs();
    this.sim = new Sim();
    // The entity only owns timers; simjs insists that it define start().
    class Timer extends Entity {
      start(): void {}
    }
    this.timer = this.sim.addEntity(Timer);
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
    } else if (this.latest !== null && this.latest.time === time) {
      this.latest.events.push(event);
    } else {
      // simjs computes the same `time() + delay` sum, so both clocks agree to the last bit.
      this.latest = new Instant(time, event);
      this.timer.setTimer(delay).setData(this.latest);
    }
    return event;
  }

  run(until: number, maxEvents = Number.POSITIVE_INFINITY): RunEnd {
    checkHorizon(until, this.currentTime);
    checkEventBudget(maxEvents);
    if (this.processed >= maxEvents) return 'budget';
    this.stopRequested = false;
    let end: RunEnd = 'horizon';
    const heap = this.sim.queue.data;
    while (!this.stopRequested) {
      if (this.dueHead < this.due.length) {
        this.runNextDue();
        if (this.stopRequested) end = 'stop';
        else if (this.processed >= maxEvents) {
          this.stopRequested = true;
          end = 'budget';
        }
        continue;
      }
      const head = heap[0];
      if (head === undefined || head.deliverAt > until) break;
      this.collectDueAt(head.deliverAt, until);
    }
    if (!this.stopRequested) this.currentTime = until;
    this.sim.simTime = this.currentTime;
    return end;
  }

  stop(): void {
    this.stopRequested = true;
  }

  /** Moves every event of the Instants due at `time` into the due list. */
  private collectDueAt(time: number, until: number): void {
    this.currentTime = time;
    this.dueTime = time;
    const heap = this.sim.queue.data;
    do {
      const request = heap[0] as SimjsRequest;
      // simjs pops the root just peeked at and moves its clock there; the adapter takes the Instant.
      this.sim.simulate(until, 1);
      this.collectInstant(request.data as Instant);
    } while (heap[0] !== undefined && heap[0].deliverAt === time);
  }

  private collectInstant(instant: Instant): void {
    // Nothing may join an Instant once it is collected: an event for its time goes to the due list.
    if (this.latest === instant) this.latest = null;
    const events = instant.events;
    if (this.dueHead === this.due.length) {
      // The usual case: the Instant's own list, already in sequence order, becomes the due list.
      sortBySchedule(events);
      this.due = events;
      this.dueHead = 0;
    } else {
      for (const event of events) this.insertDue(event);
    }
  }

  private runNextDue(): void {
    const event = this.due[this.dueHead++] as SimjsEvent;
    const action = event.action;
    if (event.state !== PENDING || action === null) return;
    event.state = DONE;
    event.action = null;
    this.processed++;
    action();
  }

  private insertDue(event: SimjsEvent): void {
    const due = this.due;
    let i = due.length;
    due.push(event);
    // Events usually arrive in (priority, sequence) order already, so this loop rarely runs.
    while (i > this.dueHead && runsBefore(event, due[i - 1] as SimjsEvent)) {
      due[i] = due[i - 1] as SimjsEvent;
      i--;
    }
    due[i] = event;
  }
}

/** Orders events of one time by (priority, sequence); they come in sequence order, so this is one pass unless priorities differ. */
function sortBySchedule(events: SimjsEvent[]): void {
  for (let j = 1; j < events.length; j++) {
    const event = events[j] as SimjsEvent;
    let i = j;
    while (i > 0 && runsBefore(event, events[i - 1] as SimjsEvent)) {
      events[i] = events[i - 1] as SimjsEvent;
      i--;
    }
    events[i] = event;
  }
}
