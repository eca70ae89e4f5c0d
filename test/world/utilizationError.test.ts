// utilization_error_rms of the posted-price world (sim/world/postedWorld.ts): the root mean square,
// over every price adjustment of every GPU model, of the window's utilization minus the target.
import { describe, expect, it } from 'vitest';
import { runMarketWorld } from '../../sim/world/marketWorld.js';
import type { WorldParams } from '../../sim/world/params.js';
import { smallMarketParams } from './smallMarket.js';

function posted(changes: { rate: number; target: number; duration: number }): WorldParams {
  const params = smallMarketParams();
  return {
    ...params,
    duration: changes.duration,
    market: { ...params.market, kind: 'posted-price', postedPrice: { ...params.market.postedPrice, targetUtilization: changes.target, adjustInterval: 3600 } },
    users: { ...params.users, arrival: { ...params.users.arrival, rate: changes.rate } },
  };
}

describe('utilization_error_rms', () => {
  it('is the target itself when nobody buys: every window sits at utilization 0', () => {
    for (const target of [0.8, 0.35]) {
      const outcome = runMarketWorld(posted({ rate: 0, target, duration: 6 * 3600 }), 'no-demand', { kernel: 'heap' });
      expect(outcome.summary['price_adjustments']).toBeGreaterThanOrEqual(5);
      expect(outcome.summary['utilization_error_rms']).toBeCloseTo(target, 12);
    }
  });
});
