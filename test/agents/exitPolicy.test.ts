// A provider's exit policy on a scripted price, with hourly checks: when it leaves, how long it
// drains, when it is out, and when it comes back.
import { describe, expect, it } from 'vitest';
import { ExitPolicy, type ExitActions, type ExitSettings, type Standing } from '../../sim/agents/exitPolicy.js';
import { createKernel } from '../../sim/engine/index.js';

const H = 3600;
const SETTINGS: ExitSettings = { enabled: true, after: 3 * H, returnAfter: 2 * H, checkInterval: H, window: H };

/** A provider of cost 1 whose expected price is `price(t)` and whose work ends at `workEnds`. */
function provider(price: (t: number) => number | undefined, options: { workEnds?: number; stopFails?: number } = {}) {
  const kernel = createKernel('heap');
  const standings: [number, Standing][] = [];
  let stopCalls = 0;
  const actions: ExitActions = {
    costPerGpuHour: 1,
    expectedPrice: () => price(kernel.now()),
    stopOffering: (done) => done(++stopCalls > (options.stopFails ?? 0)),
    resumeOffering: (done) => done(true),
    workEndsAt: () => (options.workEnds !== undefined && options.workEnds > kernel.now() ? options.workEnds : undefined),
  };
  const policy = new ExitPolicy(kernel, SETTINGS, actions, (s) => standings.push([kernel.now() / H, s]));
  policy.start();
  return { kernel, policy, standings, stopCalls: () => stopCalls };
}

describe('the exit policy', () => {
  it('leaves once the price has been below cost for `after`, drains its work, and returns after `returnAfter` above it', () => {
    // Below cost from the first check (1 h) to 9 h, above from 10 h.
    const p = provider((t) => (t < 10 * H ? 0.5 : 1.5), { workEnds: 6 * H });
    p.kernel.run(20 * H);
    // Below since 1 h: the check at 4 h finds 3 h below and stops offering; its work ends at 6 h.
    // Above since 10 h: the check at 12 h finds 2 h above and offers again.
    expect(p.standings).toEqual([[4, 'draining'], [6, 'out'], [12, 'offering']]);
    expect([p.policy.exits, p.policy.entries]).toEqual([1, 1]);
  });

  it('with no work to finish is out as soon as it stops offering', () => {
    const p = provider(() => 0.5);
    p.kernel.run(5 * H);
    expect(p.standings).toEqual([[4, 'draining'], [4, 'out']]);
  });

  it('restarts its clock on a check without evidence, and on one at or above cost', () => {
    // Below at 1-2 h, no trade at 3 h, below again from 4 h: 3 h below is reached at 7 h. At cost
    // (not below) counts as above.
    const p = provider((t) => (t === 3 * H ? undefined : t === 8 * H ? 1 : 0.5));
    p.kernel.run(7 * H);
    expect(p.standings).toEqual([[7, 'draining'], [7, 'out']]);
    const q = provider((t) => (t === 3 * H ? 1 : 0.5));
    q.kernel.run(6.5 * H);
    expect(q.standings).toEqual([]);
  });

  it('keeps offering when its stop fails, and tries again at the next check', () => {
    const p = provider(() => 0.5, { stopFails: 1 });
    p.kernel.run(6 * H);
    expect(p.stopCalls()).toBe(2);
    expect(p.standings).toEqual([[5, 'draining'], [5, 'out']]);
    expect(p.policy.exits).toBe(1);
  });

  it('does nothing when disabled', () => {
    const kernel = createKernel('heap');
    const policy = new ExitPolicy(kernel, { ...SETTINGS, enabled: false }, {
      costPerGpuHour: 1,
      expectedPrice: () => 0,
      stopOffering: () => {
        throw new Error('a disabled policy never stops');
      },
      resumeOffering: () => {},
      workEndsAt: () => undefined,
    });
    policy.start();
    kernel.run(100 * H);
    expect([policy.standing, policy.exits, kernel.eventsProcessed]).toEqual(['offering', 0, 0]);
  });
});
