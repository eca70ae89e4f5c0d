// The Kernel contract (sim/engine/kernel.ts), checked on both implementations.
import { describe, expect, it } from 'vitest';
import { createKernel, type KernelKind } from '../../sim/engine/index.js';

describe.each<KernelKind>(['simjs', 'heap'])('%s kernel', (kind) => {
  it('runs events in time order and advances now() to each', () => {
    const kernel = createKernel(kind);
    const seen: [string, number][] = [];
    kernel.schedule(3, () => seen.push(['c', kernel.now()]));
    kernel.schedule(1, () => seen.push(['a', kernel.now()]));
    kernel.schedule(2, () => seen.push(['b', kernel.now()]));
    kernel.run(10);
    expect(seen).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(kernel.eventsProcessed).toBe(3);
  });

  it('orders same-time events by priority, then by scheduling order', () => {
    const kernel = createKernel(kind);
    const seen: string[] = [];
    kernel.schedule(1, () => seen.push('p0 first'));
    kernel.schedule(1, () => seen.push('p1'), 1);
    kernel.schedule(1, () => seen.push('p-1'), -1);
    kernel.schedule(1, () => seen.push('p0 second'));
    kernel.schedule(1, () => seen.push('p0.5'), 0.5);
    kernel.run(1);
    expect(seen).toEqual(['p-1', 'p0 first', 'p0 second', 'p0.5', 'p1']);
  });

  it('runs a zero-delay event of lower priority before the rest of the current time', () => {
    const kernel = createKernel(kind);
    const seen: string[] = [];
    kernel.schedule(1, () => {
      seen.push('a');
      kernel.schedule(0, () => seen.push('urgent'), -5);
      kernel.schedule(0, () => seen.push('late'), 9);
    });
    kernel.schedule(1, () => seen.push('b'));
    kernel.schedule(1, () => seen.push('c'), 1);
    kernel.run(5);
    expect(seen).toEqual(['a', 'urgent', 'b', 'c', 'late']);
  });

  it('keeps events after the horizon, leaves now() at the horizon, and resumes losing nothing', () => {
    const kernel = createKernel(kind);
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4, 5]) kernel.schedule(t, () => seen.push(kernel.now()));
    kernel.run(2.5);
    expect(seen).toEqual([1, 2]);
    expect(kernel.now()).toBe(2.5);
    kernel.run(2.5);
    expect(kernel.now()).toBe(2.5);
    kernel.schedule(0.5, () => seen.push(kernel.now()));
    kernel.run(4);
    expect(seen).toEqual([1, 2, 3, 3, 4]);
    kernel.run(100);
    expect(seen).toEqual([1, 2, 3, 3, 4, 5]);
    expect(kernel.now()).toBe(100);
  });

  it('stops at an event budget, even inside a storm of same-instant events, and resumes from there', () => {
    const kernel = createKernel(kind);
    let storm = 0;
    const again = (): void => {
      storm++;
      kernel.schedule(0, again);
    };
    kernel.schedule(1, again);
    kernel.schedule(2, () => {
      throw new Error('the storm never ends, so time never reaches 2');
    });
    kernel.run(10, 1000);
    expect(kernel.eventsProcessed).toBe(1000);
    expect(storm).toBe(1000);
    expect(kernel.now()).toBe(1);
    kernel.run(10, 1500);
    expect(kernel.eventsProcessed).toBe(1500);
    kernel.run(10, 1500);
    expect(kernel.eventsProcessed).toBe(1500);
    expect(() => kernel.run(10, 1.5)).toThrow(RangeError);
  });

  it('processes an event exactly at the horizon', () => {
    const kernel = createKernel(kind);
    let ran = false;
    kernel.schedule(2, () => (ran = true));
    kernel.run(2);
    expect(ran).toBe(true);
  });

  it('stop() ends the run after the current event, and a later run picks up the same time', () => {
    const kernel = createKernel(kind);
    const seen: string[] = [];
    kernel.schedule(1, () => seen.push('a'));
    kernel.schedule(1, () => {
      seen.push('b');
      kernel.stop();
    });
    kernel.schedule(1, () => seen.push('c'));
    kernel.schedule(2, () => seen.push('d'));
    kernel.run(10);
    expect(seen).toEqual(['a', 'b']);
    expect(kernel.now()).toBe(1);
    // Scheduled between runs at the stopped time: still ordered by priority with the leftovers.
    kernel.schedule(0, () => seen.push('urgent'), -1);
    kernel.run(10);
    expect(seen).toEqual(['a', 'b', 'urgent', 'c', 'd']);
    expect(kernel.now()).toBe(10);
  });

  it('does not run or count cancelled events, and cancelling twice or after running is harmless', () => {
    const kernel = createKernel(kind);
    const seen: string[] = [];
    const early = kernel.schedule(1, () => seen.push('early'));
    const dropped = kernel.schedule(2, () => seen.push('dropped'));
    const sameTime = kernel.schedule(3, () => seen.push('same-time dropped'));
    kernel.schedule(3, () => {
      seen.push('canceller');
      sameTime.cancel();
    }, -1);
    expect(dropped.time).toBe(2);
    dropped.cancel();
    dropped.cancel();
    kernel.run(10);
    early.cancel();
    expect(seen).toEqual(['early', 'canceller']);
    expect(kernel.eventsProcessed).toBe(2);
  });

  it('rejects bad delays, priorities and horizons with a RangeError', () => {
    const kernel = createKernel(kind);
    const noop = (): void => {};
    expect(() => kernel.schedule(-1, noop)).toThrow(RangeError);
    expect(() => kernel.schedule(Number.NaN, noop)).toThrow(RangeError);
    expect(() => kernel.schedule(Number.POSITIVE_INFINITY, noop)).toThrow(RangeError);
    expect(() => kernel.schedule(1, noop, Number.NaN)).toThrow(RangeError);
    kernel.run(5);
    expect(() => kernel.run(4)).toThrow(RangeError);
    expect(() => kernel.run(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('createKernel', () => {
  it('rejects an unknown kind', () => {
    expect(() => createKernel('calendar' as KernelKind)).toThrow(/unknown kernel "calendar"/);
  });
});
