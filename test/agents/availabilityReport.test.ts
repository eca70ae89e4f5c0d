// A provider's availability reports: one in flight, the state at the receipt sent next.
import { describe, expect, it } from 'vitest';
import { AvailabilityReport } from '../../sim/agents/availabilityReport.js';

function reporter() {
  let up = true;
  const sent: boolean[] = [];
  const pending: (() => void)[] = [];
  const report = new AvailabilityReport(
    () => up,
    (state, landed) => {
      sent.push(state);
      pending.push(landed);
    },
  );
  return {
    sent,
    set: (state: boolean) => {
      up = state;
      report.report();
    },
    land: () => pending.shift()!(),
    inFlight: () => pending.length,
  };
}

describe('availability reports', () => {
  it('sends nothing while the machine is as last sent (up at the start)', () => {
    const r = reporter();
    r.set(true);
    expect(r.sent).toEqual([]);
  });

  it('sends each change once the previous report has landed', () => {
    const r = reporter();
    r.set(false);
    r.land();
    r.set(true);
    expect(r.sent).toEqual([false, true]);
  });

  it('keeps one report in flight: a thousand flips before the receipt send nothing more, and the state at the receipt goes next', () => {
    const r = reporter();
    r.set(false);
    for (let i = 0; i < 1000; i++) r.set(i % 2 === 0);
    // The last flip (i = 999) leaves it down, as the chain heard: nothing to send at the receipt.
    expect(r.inFlight()).toBe(1);
    r.land();
    expect(r.sent).toEqual([false]);
    r.set(true);
    expect(r.sent).toEqual([false, true]);
    // Up again before that landed, then down: at the receipt it is down, which differs from up.
    r.set(false);
    r.land();
    expect(r.sent).toEqual([false, true, false]);
    expect(r.inFlight()).toBe(1);
  });
});
