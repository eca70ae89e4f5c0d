// A provider's holdings keep the GPUs of everything held as a running total (utilization reads it for
// every provider at each sample): after any sequence of holds, replacements and releases it must be
// the sum over what is held, which a total that misses a replaced entry's GPUs or a release would not be.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BidId } from '../../sim/contracts/leasing/ids.js';
import { Holdings } from '../../sim/agents/holdings.js';

const bid = (dseq: number): BidId => ({ owner: 'tenant', dseq, gseq: 1, oseq: 1, provider: 'p' });

const step = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), dseq: fc.integer({ min: 1, max: 4 }), gpus: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), dseq: fc.integer({ min: 1, max: 4 }) }),
);

describe('Holdings', () => {
  it('keeps its GPU total equal to the sum over what it holds, through holds, replacements and releases', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const holdings = new Holdings();
        for (const s of steps) {
          if (s.kind === 'set') holdings.set({ id: bid(s.dseq), gpus: s.gpus, pricePerGpuHour: 1 });
          else holdings.delete(bid(s.dseq));
          expect(holdings.gpus()).toBe(holdings.values().reduce((n, h) => n + h.gpus, 0));
        }
      }),
    );
  });

  it('holds a replaced id once, in its place', () => {
    const holdings = new Holdings();
    holdings.set({ id: bid(1), gpus: 2, pricePerGpuHour: 1 });
    holdings.set({ id: bid(2), gpus: 3, pricePerGpuHour: 1 });
    holdings.set({ id: bid(1), gpus: 5, pricePerGpuHour: 2 });
    expect(holdings.values().map((h) => [h.id.dseq, h.gpus])).toEqual([[1, 5], [2, 3]]);
    expect([holdings.size, holdings.gpus()]).toEqual([2, 8]);
    expect(holdings.delete(bid(3))).toBeUndefined();
  });
});
