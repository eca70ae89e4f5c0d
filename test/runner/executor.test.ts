import { describe, expect, it } from 'vitest';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { executeAll, type Executor } from '../../sim/runner/executor.js';
import { InlineExecutor } from '../../sim/runner/inlineExecutor.js';
import { fakeRun, fakeSpecs } from './fakeRuns.js';

/** Holds every submitted run until the test releases it, to control completion order. */
class ManualExecutor implements Executor {
  readonly pending = new Map<string, () => void>();
  maxInFlight = 0;
  constructor(readonly concurrency: number) {}
  submit(spec: RunSpec): Promise<RunResult> {
    return new Promise((resolve) => {
      this.pending.set(spec.id, () => resolve(fakeRun(spec)));
      this.maxInFlight = Math.max(this.maxInFlight, this.pending.size);
    });
  }
  release(id: string): void {
    const resolve = this.pending.get(id)!;
    this.pending.delete(id);
    resolve();
  }
  async close(): Promise<void> {}
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('executeAll', () => {
  it('delivers results in completion order and keeps at most twice the concurrency in flight', async () => {
    const executor = new ManualExecutor(2);
    const specs = fakeSpecs(3, 3);
    const delivered: string[] = [];
    const done = executeAll(executor, specs, (result) => {
      delivered.push(result.id);
    });
    // Always finish the newest submitted run first: the reverse of spec order within each window.
    while (delivered.length < specs.length) {
      await settle();
      const newest = [...executor.pending.keys()].at(-1);
      if (newest) executor.release(newest);
    }
    await done;
    expect(executor.maxInFlight).toBe(4);
    expect(new Set(delivered)).toEqual(new Set(specs.map((spec) => spec.id)));
    expect(delivered).not.toEqual(specs.map((spec) => spec.id));
  });

  it('stops, drops later results and rethrows the first error when storing a result fails', async () => {
    const executor = new ManualExecutor(2);
    const seen: string[] = [];
    const done = executeAll(executor, fakeSpecs(6, 1), (result) => {
      seen.push(result.id);
      if (seen.length === 2) throw new Error('disk full');
    });
    await settle();
    // Four runs are in flight; all finish, but only the first two reach the store.
    for (const id of [...executor.pending.keys()]) executor.release(id);
    await expect(done).rejects.toThrow('disk full');
    expect(seen).toEqual(['p0000-r0000', 'p0001-r0000']);
    expect(executor.pending.size).toBe(0);
  });

  it('runs every spec once on the inline executor', async () => {
    const ids: string[] = [];
    await executeAll(new InlineExecutor(fakeRun), fakeSpecs(2, 2), (result) => {
      ids.push(result.id);
    });
    expect(ids).toEqual(['p0000-r0000', 'p0000-r0001', 'p0001-r0000', 'p0001-r0001']);
  });
});
