// The capacity desk's listing states and the provider views the exit policy and the margin read,
// called directly with transaction contexts (timestamps in seconds).
import { describe, expect, it } from 'vitest';
import { Revert } from '../../sim/contracts/errors.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { TxContext } from '../../sim/contracts/types.js';
import { CapacityDesk } from '../../sim/markets/intents/capacityDesk.js';

const DESK = 'desk';
const at = (sender: string, timestamp: number): TxContext => ({ sender, block: timestamp, timestamp });

function desk(): { desk: CapacityDesk; usd: ERC20 } {
  const usd = new ERC20('USD Coin', 'USDC', 6, 'treasury');
  usd.mint(at('treasury', 0), 'solver', 1_000_000_000n);
  const vouchers = new Map([['H100', new ERC20('H100 GPU-second voucher', 'GPUS-H100', 0, DESK)]]);
  const d = new CapacityDesk(DESK, usd, vouchers, 120);
  // 3.6 USD per GPU-hour: 1,000 micro-USD per GPU-second.
  d.list(at('P', 0), 'H100', 4, 3_600_000n);
  return { desk: d, usd };
}

describe('a closed listing on the capacity desk', () => {
  it('sells nothing new, and its reservations run to their end', () => {
    const { desk: d } = desk();
    // 2 GPUs for 200 GPU-seconds at t = 10: redeemed at t = 20, so held until 20 + 100 = 120.
    const r = d.reserve(at('solver', 10), 'P', 'H100', 2, 200n, 'solver');
    d.redeem(at('solver', 20), r.id);
    expect(d.setOpen(at('P', 30), false)).toBe(true);
    expect(d.setOpen(at('P', 31), false)).toBe(false);
    expect(d.cheapestOffer('H100', 1, 40)).toBeUndefined();
    expect(d.availableGpus()).toBe(0);
    expect(() => d.quote(at('solver', 40), 'P', 'H100', 1, 10n)).toThrow(new Revert('ListingClosed', 'P'));
    // Still held, and known to end at 120.
    expect(d.busyGpus(40)).toBe(2);
    expect(d.holdsUntil('P', 40)).toBe(120);
    expect(d.holdsUntil('P', 120)).toBeUndefined();
    expect(d.setOpen(at('P', 50), true)).toBe(true);
    expect(d.cheapestOffer('H100', 2, 60)).toEqual({ provider: 'P', pricePerGpuHour: 3_600_000n });
  });

  it('counts held GPU-seconds from purchase to the end, the lapse of the redeem window, or the outage', () => {
    const { desk: d } = desk();
    // Redeemed: held from 0 to 20 + 50 = 70 (100 GPU-seconds on 2 GPUs): 2 · 70 = 140.
    const a = d.reserve(at('solver', 0), 'P', 'H100', 2, 100n, 'solver');
    d.redeem(at('solver', 20), a.id);
    // Never redeemed: held from 10 through its last redeemable second 130: 1 · 121.
    d.reserve(at('solver', 10), 'P', 'H100', 1, 50n, 'solver');
    // Cut by an outage at 200: held from 150 to 200: 1 · 50.
    const c = d.reserve(at('solver', 150), 'P', 'H100', 1, 500n, 'solver');
    d.redeem(at('solver', 160), c.id);
    d.setAvailability(at('P', 200), false);
    expect(d.heldGpuSeconds('P', 1_000)).toBe(140 + 121 + 50);
    // Up to 60 only: 2 · 60 + 1 · 50.
    expect(d.heldGpuSeconds('P', 60)).toBe(120 + 50);
    expect(d.heldGpuSeconds('Q', 1_000)).toBe(0);
  });
});
