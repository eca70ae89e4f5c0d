// Regression tests for the simjs 2.0.3 bugs the adapter works around (specs/stack.md, "Known
// bugs"). Each pair shows the bug in raw simjs, then the adapter's behaviour. If a simjs upgrade
// fixes a bug, its "raw simjs" test fails and the workaround can be reconsidered.
import { describe, expect, it } from 'vitest';
import { loadSimjs, type SimjsSim } from '../../sim/engine/simjs.js';
import { SimjsKernel } from '../../sim/engine/simjsKernel.js';

function rawSimWithTimers(times: number[], seen: number[]): SimjsSim {
  const { Sim, Entity } = loadSimjs();
  const sim = new Sim();
  class Timers extends Entity {
    start(): void {}
  }
  const entity = sim.addEntity(Timers);
  for (const t of times) entity.setTimer(t).done(() => void seen.push(sim.time()), undefined, undefined);
  return sim;
}

describe('loading simjs', () => {
  it('evaluates the bundle once and returns working classes', () => {
    expect(loadSimjs()).toBe(loadSimjs());
    const seen: number[] = [];
    rawSimWithTimers([2, 1], seen).simulate(10);
    expect(seen).toEqual([1, 2]);
  });
});

describe('bug 1: simulate(until) drops the first event after until', () => {
  it('raw simjs loses the event and leaves its clock at the last event', () => {
    const seen: number[] = [];
    const sim = rawSimWithTimers([1, 2, 3, 4], seen);
    sim.simulate(2.5);
    expect(seen).toEqual([1, 2]);
    expect(sim.time()).toBe(2);
    sim.simulate(10);
    expect(seen).toEqual([1, 2, 4]); // the event at 3 is gone
  });

  it('the adapter keeps it, parks the clock at until, and a resumed run loses nothing', () => {
    const kernel = new SimjsKernel();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4]) kernel.schedule(t, () => seen.push(kernel.now()));
    kernel.run(2.5);
    expect(seen).toEqual([1, 2]);
    expect(kernel.now()).toBe(2.5);
    // Delays after the horizon count from it, not from the last event.
    kernel.schedule(1, () => seen.push(kernel.now()));
    kernel.run(10);
    expect(seen).toEqual([1, 2, 3, 3.5, 4]);
  });

  it('the adapter loses nothing when the first event after until was cancelled', () => {
    const kernel = new SimjsKernel();
    const seen: number[] = [];
    kernel.schedule(3, () => seen.push(3)).cancel();
    kernel.schedule(3, () => seen.push(kernel.now()));
    kernel.run(2);
    kernel.run(10);
    expect(seen).toEqual([3]);
  });
});

describe('same-time ties: simjs is first-in first-out only', () => {
  it('raw simjs runs same-time timers in scheduling order, with no notion of priority', () => {
    const { Sim, Entity } = loadSimjs();
    const sim = new Sim();
    class Timers extends Entity {
      start(): void {}
    }
    const entity = sim.addEntity(Timers);
    const seen: string[] = [];
    entity.setTimer(1).done(() => void seen.push('first'), undefined, undefined);
    entity.setTimer(1).done(() => void seen.push('second'), undefined, undefined);
    sim.simulate(5);
    expect(seen).toEqual(['first', 'second']);
  });

  it('the adapter runs the lower priority first even when it was scheduled later', () => {
    const kernel = new SimjsKernel();
    const seen: string[] = [];
    kernel.schedule(1, () => seen.push('normal'));
    kernel.schedule(1, () => seen.push('urgent'), -1);
    kernel.run(5);
    expect(seen).toEqual(['urgent', 'normal']);
  });
});

describe('one simjs timer for the events scheduled one after another for the same time', () => {
  it('an event scheduled for a time whose earlier events were all cancelled still runs', () => {
    // All three share one simjs timer; the cancelled two must neither run nor take the third with them.
    const kernel = new SimjsKernel();
    const seen: string[] = [];
    kernel.schedule(5, () => seen.push('cancelled a')).cancel();
    const b = kernel.schedule(5, () => seen.push('cancelled b'));
    b.cancel();
    kernel.schedule(5, () => seen.push('kept'));
    kernel.run(10);
    expect(seen).toEqual(['kept']);
    expect(kernel.eventsProcessed).toBe(1);
  });

  it('events of one time from several timers run in (priority, sequence) order', () => {
    const kernel = new SimjsKernel();
    const seen: string[] = [];
    kernel.schedule(4, () => seen.push('first timer, p1'), 1);
    kernel.schedule(2, () => seen.push('other time'));
    // Joins no timer: the timer made last is the one at 2.
    kernel.schedule(4, () => seen.push('second timer, p0'));
    kernel.schedule(4, () => seen.push('second timer, p1'), 1);
    kernel.run(10);
    expect(seen).toEqual(['other time', 'second timer, p0', 'first timer, p1', 'second timer, p1']);
  });
});
