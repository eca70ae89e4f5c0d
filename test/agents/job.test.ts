// The one job lifecycle the tenant, the intent user and the posted buyer share, driven by hand on a
// kernel: every number below follows from the times at which the steps happen.
import { describe, expect, it } from 'vitest';
import { JobLifecycle, type Job, type JobReport } from '../../sim/agents/job.js';
import { createKernel, type Kernel } from '../../sim/engine/index.js';

const JOB: Job = { id: 7, gpuModel: 'H100', gpus: 2, duration: 1000, wtpPerGpuHour: 2, patience: 300 };

/** Runs `steps` at their kernel times, after building the lifecycle at time `arrival`. */
function drive(arrival: number, steps: Record<number, (life: JobLifecycle) => void>): { life: JobLifecycle; reports: JobReport[] } {
  const kernel: Kernel = createKernel('heap');
  const reports: JobReport[] = [];
  let life: JobLifecycle | undefined;
  kernel.schedule(arrival, () => (life = new JobLifecycle(kernel, JOB, (r) => reports.push(r))));
  for (const [at, step] of Object.entries(steps)) kernel.schedule(Number(at), () => step(life!));
  kernel.run(1e9);
  return { life: life!, reports };
}

describe('JobLifecycle', () => {
  it('measures the wait from arrival to the first start, and counts every purchase price', () => {
    const { life, reports } = drive(100, {
      150: (l) => {
        expect(l.giveUpAt).toBe(400); // arrival 100 + patience 300
        l.paid(1.5);
        l.running();
      },
      // An interruption after 200 s of running leaves 800 s; the new wait starts at 350.
      350: (l) => expect(l.interrupted(200)).toBe(true),
      360: (l) => {
        expect(l.waitingSince).toBe(350);
        expect(l.giveUpAt).toBe(650);
        expect(l.remaining).toBe(800);
        l.paid(1.75);
        l.running(); // a restart is not a first start
      },
      2000: (l) => expect(l.finish('completed')).toBe(true),
    });
    expect(reports).toEqual([{ job: JOB, outcome: 'completed', wait: 50, interruptions: 1, prices: [1.5, 1.75] }]);
    expect(life.done).toBe(true);
  });

  it('gives up as unserved before any start and as failed after one; reports once', () => {
    const never = drive(0, { 400: (l) => l.finish(l.giveUpOutcome) });
    expect(never.reports.map((r) => [r.outcome, r.wait])).toEqual([['unserved', Number.NaN]]);

    const cut = drive(0, {
      10: (l) => l.running(),
      20: (l) => l.interrupted(10),
      400: (l) => {
        expect(l.giveUpOutcome).toBe('failed');
        expect(l.finish('failed')).toBe(true);
        expect(l.finish('completed')).toBe(false);
      },
    });
    expect(cut.reports.map((r) => r.outcome)).toEqual(['failed']);
  });

  it('says no compute is left once an interruption comes after the whole duration ran', () => {
    drive(0, { 5: (l) => expect(l.interrupted(1000)).toBe(false) });
    drive(0, { 5: (l) => expect(l.interrupted(5000)).toBe(false) });
    drive(0, { 5: (l) => {
      expect(l.interrupted(999)).toBe(true);
      expect(l.remaining).toBe(1);
    } });
  });

  it('counts compute lost before its start as an interruption, without restarting the wait', () => {
    const { reports } = drive(0, {
      100: (l) => {
        l.purchaseLost();
        expect(l.waitingSince).toBe(0);
        expect(l.remaining).toBe(1000);
      },
      300: (l) => l.finish(l.giveUpOutcome),
    });
    expect(reports.map((r) => [r.outcome, r.interruptions])).toEqual([['unserved', 1]]);
  });

  it('rejects a job with no GPUs or no finite duration', () => {
    const kernel = createKernel('heap');
    expect(() => new JobLifecycle(kernel, { ...JOB, gpus: 0 }, () => {})).toThrow('job 7: need a whole number of GPUs > 0 and a finite duration > 0, got 0 GPUs for 1000 s');
    expect(() => new JobLifecycle(kernel, { ...JOB, gpus: 1.5 }, () => {})).toThrow(RangeError);
    expect(() => new JobLifecycle(kernel, { ...JOB, duration: Number.POSITIVE_INFINITY }, () => {})).toThrow(RangeError);
  });
});
