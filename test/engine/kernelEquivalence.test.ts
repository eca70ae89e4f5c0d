// Both kernels must follow the identical event sequence on the same seeded model. The model below
// is built to stress the ordering rules: delays on a coarse grid (many same-time events), mixed
// priorities, zero delays, cancellations, stop() and runs resumed at several horizons. A naive
// oracle (a linear scan for the smallest (time, priority, sequence)) checks the shared answer.
// A property test then lets fast-check write the programs, including calls made between runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKernel, streams, type EventHandle, type Kernel, type RunEnd } from '../../sim/engine/index.js';

class OracleKernel implements Kernel {
  private pending: { time: number; priority: number; sequence: number; fn: () => void; live: boolean }[] = [];
  private sequence = 0;
  private time = 0;
  private stopped = false;
  eventsProcessed = 0;

  now(): number {
    return this.time;
  }

  schedule(delay: number, fn: () => void, priority = 0): EventHandle {
    const entry = { time: this.time + delay, priority, sequence: this.sequence++, fn, live: true };
    this.pending.push(entry);
    return { time: entry.time, cancel: () => void (entry.live = false) };
  }

  run(until: number): RunEnd {
    this.stopped = false;
    while (!this.stopped) {
      this.pending = this.pending.filter((e) => e.live);
      let best = this.pending[0];
      for (const e of this.pending) {
        if (!best || e.time < best.time || (e.time === best.time && (e.priority < best.priority || (e.priority === best.priority && e.sequence < best.sequence)))) best = e;
      }
      if (!best || best.time > until) break;
      best.live = false;
      this.time = best.time;
      this.eventsProcessed++;
      best.fn();
    }
    if (!this.stopped) this.time = until;
    return this.stopped ? 'stop' : 'horizon';
  }

  stop(): void {
    this.stopped = true;
  }
}

/** Runs the stress model on a kernel and returns its trace: one line per event, plus run ends. */
function trace(kernel: Kernel, seed: string): string[] {
  const random = streams(seed).get('model');
  const lines: string[] = [];
  const handles: EventHandle[] = [];
  let nextLabel = 0;
  const spawn = (): void => {
    const label = nextLabel++;
    const delay = 0.5 * Math.floor(random.next() * 4); // 0, 0.5, 1 or 1.5
    const priority = Math.floor(random.next() * 4) - 1; // -1 .. 2
    handles.push(
      kernel.schedule(
        delay,
        () => {
          lines.push(`${label}@${kernel.now()}p${priority}`);
          if (nextLabel < 3000) {
            const children = random.next() < 0.5 ? 1 : 2;
            for (let i = 0; i < children; i++) spawn();
          }
          if (random.next() < 0.15) handles[Math.floor(random.next() * handles.length)]?.cancel();
          if (random.next() < 0.005) kernel.stop();
        },
        priority,
      ),
    );
  };
  for (let i = 0; i < 5; i++) spawn();
  for (const until of [0, 3, 3, 7.25, 20, 50, 400, 1e6]) {
    kernel.run(until);
    lines.push(`run(${until}) -> now ${kernel.now()}, ${kernel.eventsProcessed} events`);
    while (kernel.now() < until) {
      // A stop() ended the run early: resume to the same horizon.
      kernel.run(until);
      lines.push(`resumed -> now ${kernel.now()}, ${kernel.eventsProcessed} events`);
    }
  }
  return lines;
}

describe('kernel equivalence', () => {
  it.each(['alpha', 'beta', 'gamma', 'delta'])('simjs, heap and the oracle agree event by event (seed %s)', (seed) => {
    const oracle = trace(new OracleKernel(), seed);
    expect(trace(createKernel('heap'), seed)).toEqual(oracle);
    expect(trace(createKernel('simjs'), seed)).toEqual(oracle);
    // The model must actually exercise what it claims to: ties, stops and cancellations.
    expect(oracle.length).toBeGreaterThan(1000);
    expect(oracle.some((line) => line.startsWith('resumed'))).toBe(true);
    const events = oracle.filter((line) => line.includes('@'));
    const times = events.map((line) => line.split('@')[1]?.split('p')[0]);
    expect(new Set(times).size).toBeLessThan(events.length / 4);
  });
});

interface Script {
  children: { delay: number; priority: number }[];
  cancel: number | null;
  stop: boolean;
}

type Op = { op: 'schedule'; delay: number; priority: number } | { op: 'run'; advance: number } | { op: 'cancel'; index: number };

const delayArb = fc.constantFrom(0, 0.25, 0.5, 1, 3);
const priorityArb = fc.integer({ min: -2, max: 2 });
const scriptArb: fc.Arbitrary<Script> = fc.record({
  children: fc.array(fc.record({ delay: delayArb, priority: priorityArb }), { maxLength: 3 }),
  cancel: fc.option(fc.nat(), { nil: null }),
  stop: fc.boolean(),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('schedule' as const), delay: delayArb, priority: priorityArb }),
  fc.record({ op: fc.constant('run' as const), advance: fc.constantFrom(0, 0.25, 1, 2.5, 10) }),
  fc.record({ op: fc.constant('cancel' as const), index: fc.nat() }),
);

/** Runs a generated program: top-level operations, and a script for what each event does. */
function execute(kernel: Kernel, scripts: Script[], ops: Op[]): string[] {
  const lines: string[] = [];
  const handles: EventHandle[] = [];
  let labels = 0;
  const add = (delay: number, priority: number): void => {
    const label = labels++;
    const script = scripts[label % scripts.length] as Script;
    const fn = (): void => {
      lines.push(`${label}@${kernel.now()}`);
      if (labels < 300) for (const child of script.children) add(child.delay, child.priority);
      if (script.cancel !== null) handles[script.cancel % handles.length]?.cancel();
      if (script.stop) kernel.stop();
    };
    handles.push(kernel.schedule(delay, fn, priority));
  };
  for (const op of ops) {
    if (op.op === 'schedule') add(op.delay, op.priority);
    else if (op.op === 'cancel') handles[op.index % Math.max(1, handles.length)]?.cancel();
    else {
      kernel.run(kernel.now() + op.advance);
      lines.push(`run -> ${kernel.now()}, ${kernel.eventsProcessed}`);
    }
  }
  kernel.run(kernel.now() + 1000);
  lines.push(`end -> ${kernel.now()}, ${kernel.eventsProcessed}`);
  return lines;
}

describe('kernel equivalence on generated programs', () => {
  it('simjs and heap follow the oracle for any program', () => {
    fc.assert(
      fc.property(fc.array(scriptArb, { minLength: 1, maxLength: 8 }), fc.array(opArb, { maxLength: 40 }), (scripts, ops) => {
        const oracle = execute(new OracleKernel(), scripts, ops);
        expect(execute(createKernel('heap'), scripts, ops)).toEqual(oracle);
        expect(execute(createKernel('simjs'), scripts, ops)).toEqual(oracle);
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });
});
