// The Kernel on simjs. simjs keeps the future event list; this adapter adds what simjs lacks:
// - priorities: simjs breaks ties in time first-in-first-out only, so every event due at the
//   current time is first collected from simjs into a small "due" list ordered by
//   (priority, sequence), and run from there;
// - a horizon that loses nothing: simjs's `simulate(until)` pops the first event after `until` and
//   drops it, and leaves its clock at the last event. The adapter never lets simjs see past the
//   horizon: it peeks at the root of simjs's heap and advances one queue entry at a time with
//   `simulate(until, 1)`, then parks simjs's clock at `until`;
// - `stop()`, which simjs does not have.
import type { EventHandle, Kernel, RunEnd } from './kernel.js';
import { checkDelay, checkEventBudget, checkHorizon, checkPriority } from './checks.js';
import { loadSimjs, type SimjsEntity, type SimjsRequest, type SimjsSim } from './simjs.js';

const PENDING = 0;
const DONE = 1;
const CANCELLED = 2;

class SimjsEvent implements EventHandle {
  state = PENDING;
  /** simjs's request while the event still sits in simjs's queue. */
  request: SimjsRequest | null = null;

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
    this.request?.cancel();
    this.request = null;
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
    const event = new SimjsEvent(this.currentTime + delay, priority, this.nextSequence++, fn);
    if (event.time === this.dueTime) {
      // simjs would deliver it after the current due list has been collected: put it there directly.
      this.insertDue(event);
    } else {
      // simjs computes the same `time() + delay` sum, so both clocks agree to the last bit.
      event.request = this.timer.setTimer(delay).done(this.collect, undefined, event);
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

  /** Moves every simjs entry due at `time` (cancelled ones included) into the due list. */
  private collectDueAt(time: number, until: number): void {
    this.currentTime = time;
    this.dueTime = time;
    const heap = this.sim.queue.data;
    do {
      this.sim.simulate(until, 1);
    } while (heap[0] !== undefined && heap[0].deliverAt === time);
  }

  private runNextDue(): void {
    const event = this.due[this.dueHead++] as SimjsEvent;
    if (this.dueHead === this.due.length) {
      this.due.length = 0;
      this.dueHead = 0;
    }
    const action = event.action;
    if (event.state !== PENDING || action === null) return;
    event.state = DONE;
    event.action = null;
    this.processed++;
    action();
  }

  /** simjs's delivery callback: the event is due now, in (priority, sequence) order. */
  private readonly collect = (event: unknown): void => {
    const due = event as SimjsEvent;
    due.request = null;
    this.insertDue(due);
  };

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
