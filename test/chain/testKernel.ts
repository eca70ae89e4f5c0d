// A deliberately naive Kernel for the chain and metrics tests: a list kept in (time, priority,
// insertion) order. It keeps these tests independent of the real kernels, which have their own.
import type { EventHandle, Kernel, RunEnd } from '../../sim/engine/kernel.js';

interface Entry {
  time: number;
  priority: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class ListKernel implements Kernel {
  #now = 0;
  #seq = 0;
  #queue: Entry[] = [];
  #stopped = false;
  eventsProcessed = 0;

  now(): number {
    return this.#now;
  }

  schedule(delay: number, fn: () => void, priority = 0): EventHandle {
    if (!(delay >= 0) || !Number.isFinite(delay)) throw new RangeError(`bad delay ${delay}`);
    const entry: Entry = { time: this.#now + delay, priority, seq: this.#seq++, fn, cancelled: false };
    const at = this.#queue.findIndex(
      (e) => e.time > entry.time || (e.time === entry.time && e.priority > entry.priority),
    );
    this.#queue.splice(at === -1 ? this.#queue.length : at, 0, entry);
    return {
      time: entry.time,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  run(until: number, maxEvents = Number.POSITIVE_INFINITY): RunEnd {
    this.#stopped = false;
    while (this.#queue.length > 0 && this.#queue[0]!.time <= until) {
      if (this.eventsProcessed >= maxEvents) return 'budget';
      const entry = this.#queue.shift()!;
      if (entry.cancelled) continue;
      this.#now = entry.time;
      this.eventsProcessed += 1;
      entry.fn();
      if (this.#stopped) return 'stop';
    }
    this.#now = until;
    return 'horizon';
  }

  stop(): void {
    this.#stopped = true;
  }
}
