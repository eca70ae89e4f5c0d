// The whole lease-auction world of a small scenario: clean books at every block, and the same
// seed giving the same bytes.
import { describe, expect, it } from 'vitest';
import { runMarketWorld, type WorldOutcome } from '../../sim/world/marketWorld.js';
import { smallMarketParams, smallMarketSpec } from './smallMarket.js';

const json = (outcome: WorldOutcome): string =>
  JSON.stringify(outcome, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));

describe('the small market world', () => {
  const params = smallMarketParams();

  it('checks every invariant at every block of the day and finds none violated', () => {
    const outcome = runMarketWorld(params, smallMarketSpec().seed, { kernel: 'heap' });
    // 86,400 s / 12 s = 7,200 blocks, each checked, and one final check at the horizon.
    expect(outcome.invariants).toEqual({ checks: 7_201, violations: [], violationCount: 0 });
    expect(outcome.counters['blocks']).toBe(7_200);
    // The day really exercised the market: jobs ran, some outage interrupted a lease.
    expect(outcome.summary['jobs_completed.last']).toBeGreaterThan(0);
    expect(outcome.summary['sla_breaches.last']).toBeGreaterThan(outcome.summary['jobs_unserved.last']!);
    expect(outcome.summary['protocol_fees_usd']).toBeGreaterThan(0);
  });

  it('gives byte-identical JSON for the same seed, on either kernel, and different JSON for another seed', () => {
    const first = json(runMarketWorld(params, 'seed-a', { kernel: 'heap' }));
    expect(json(runMarketWorld(params, 'seed-a', { kernel: 'heap' }))).toBe(first);
    expect(json(runMarketWorld(params, 'seed-a', { kernel: 'simjs' }))).toBe(first);
    expect(json(runMarketWorld(params, 'seed-b', { kernel: 'heap' }))).not.toBe(first);
  });
});
