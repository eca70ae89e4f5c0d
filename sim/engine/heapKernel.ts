// The reference Kernel: a binary min-heap on (time, priority, sequence) kept as a struct of typed
// arrays, with the events themselves in a parallel array. Comparisons touch only the typed arrays,
// which is what makes it the practical speed limit for this interface. Cancelled events stay in
// the heap and are skipped when they surface, which keeps cancel() O(1).
import type { EventHandle, Kernel, RunEnd } from './kernel.js';
import { checkDelay, checkEventBudget, checkHorizon, checkPriority } from './checks.js';

class HeapEvent implements EventHandle {
  constructor(
    readonly time: number,
    /** null once the event has run or been cancelled. */
    public action: (() => void) | null,
  ) {}

  cancel(): void {
    this.action = null;
  }
}

const INITIAL_CAPACITY = 1024;

export class HeapKernel implements Kernel {
  private times = new Float64Array(INITIAL_CAPACITY);
  private priorities = new Float64Array(INITIAL_CAPACITY);
  // Float64 rather than Int32: a long run can schedule more than 2^31 events.
  private sequences = new Float64Array(INITIAL_CAPACITY);
  private events: (HeapEvent | undefined)[] = new Array<HeapEvent | undefined>(INITIAL_CAPACITY);
  private size = 0;
  private nextSequence = 0;
  private currentTime = 0;
  private stopRequested = false;
  private processed = 0;

  get eventsProcessed(): number {
    return this.processed;
  }

  now(): number {
    return this.currentTime;
  }

  schedule(delay: number, fn: () => void, priority = 0): EventHandle {
    checkDelay(delay);
    checkPriority(priority);
    const event = new HeapEvent(this.currentTime + delay, fn);
    if (this.size === this.times.length) this.grow();
    this.siftUp(this.size++, event.time, priority, this.nextSequence++, event);
    return event;
  }

  run(until: number, maxEvents = Number.POSITIVE_INFINITY): RunEnd {
    checkHorizon(until, this.currentTime);
    checkEventBudget(maxEvents);
    if (this.processed >= maxEvents) return 'budget';
    this.stopRequested = false;
    let end: RunEnd = 'horizon';
    while (this.size > 0 && !this.stopRequested) {
      const time = this.times[0] as number;
      if (time > until) break;
      const event = this.events[0] as HeapEvent;
      this.removeRoot();
      const action = event.action;
      if (action === null) continue;
      event.action = null;
      this.currentTime = time;
      this.processed++;
      action();
      if (this.stopRequested) end = 'stop';
      else if (this.processed >= maxEvents) {
        this.stopRequested = true;
        end = 'budget';
      }
    }
    if (!this.stopRequested) this.currentTime = until;
    return end;
  }

  stop(): void {
    this.stopRequested = true;
  }

  /** Places an entry at the hole `index` and moves it up to where it belongs. */
  private siftUp(index: number, time: number, priority: number, sequence: number, event: HeapEvent): void {
    const { times, priorities, sequences, events } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time) break;
      if (parentTime === time) {
        const parentPriority = priorities[parent] as number;
        if (parentPriority < priority || (parentPriority === priority && (sequences[parent] as number) < sequence)) break;
      }
      times[index] = parentTime;
      priorities[index] = priorities[parent] as number;
      sequences[index] = sequences[parent] as number;
      events[index] = events[parent];
      index = parent;
    }
    times[index] = time;
    priorities[index] = priority;
    sequences[index] = sequence;
    events[index] = event;
  }

  /** Removes the root by moving the last entry down from the root's hole. */
  private removeRoot(): void {
    const { times, priorities, sequences, events } = this;
    const last = --this.size;
    const time = times[last] as number;
    const priority = priorities[last] as number;
    const sequence = sequences[last] as number;
    const event = events[last];
    events[last] = undefined;
    if (last === 0) return;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this.precedes(right, child)) child = right;
      const childTime = times[child] as number;
      if (childTime > time) break;
      if (childTime === time) {
        const childPriority = priorities[child] as number;
        if (childPriority > priority || (childPriority === priority && (sequences[child] as number) > sequence)) break;
      }
      times[index] = childTime;
      priorities[index] = priorities[child] as number;
      sequences[index] = sequences[child] as number;
      events[index] = events[child];
      index = child;
    }
    times[index] = time;
    priorities[index] = priority;
    sequences[index] = sequence;
    events[index] = event;
  }

  private precedes(a: number, b: number): boolean {
    const { times, priorities } = this;
    const ta = times[a] as number;
    const tb = times[b] as number;
    if (ta !== tb) return ta < tb;
    const pa = priorities[a] as number;
    const pb = priorities[b] as number;
    if (pa !== pb) return pa < pb;
    return (this.sequences[a] as number) < (this.sequences[b] as number);
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const grown = (old: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.times = grown(this.times);
    this.priorities = grown(this.priorities);
    this.sequences = grown(this.sequences);
    this.events.length = capacity;
  }
}
