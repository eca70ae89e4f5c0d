// A provider offers its capacity once it is in the market: its set-up transactions have landed.
// Before, a lease provider still registering (or retrying a dropped registration) heard orders and
// bid, and its bids reverted: the network-scale scenario's golden run had 566 such reverts, now 0.
import { describe, expect, it } from 'vitest';
import { BLOCK_TIME, makeLeaseWorld } from '../world/leaseHarness.js';

describe('a provider joining the market', () => {
  it('offers nothing until its registration and escrow approval land in the first block, then offers', () => {
    const w = makeLeaseWorld();
    const providers = Object.values(w.providers);
    expect(providers.map((p) => p.account.offering)).toEqual([false, false, false]);
    w.runTo(BLOCK_TIME);
    expect(providers.every((p) => w.market.akash.providers.get(p.config.address) !== undefined)).toBe(true);
    expect(providers.map((p) => p.account.offering)).toEqual([true, true, true]);
  });
});
