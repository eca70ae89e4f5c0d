// Who hears an order (sim/markets/lease/orderReach.ts): every able provider when they are at most
// `reach`, else `reach` distinct ones drawn uniformly among the providers with the free GPUs.
import { describe, expect, it } from 'vitest';
import { streams } from '../../sim/engine/streams.js';
import { OrderReach } from '../../sim/markets/lease/orderReach.js';

const stream = (name: string) => streams('order-reach-test').get(name);

describe('OrderReach', () => {
  it('reaches every provider with enough free GPUs when they are at most the reach', () => {
    const reach = new OrderReach<string>();
    reach.offer('a', 'H100', 8);
    reach.offer('b', 'H100', 2);
    reach.offer('c', 'H100', 4);
    reach.offer('d', 'A100', 8);
    expect(reach.draw('H100', 3, 20, stream('s')).sort()).toEqual(['a', 'c']);
    expect(reach.draw('H100', 1, 20, stream('s')).sort()).toEqual(['a', 'b', 'c']);
    expect(reach.draw('B200', 1, 20, stream('s'))).toEqual([]);
  });

  it('follows each provider’s offer: a change of free GPUs moves it, 0 takes it out', () => {
    const reach = new OrderReach<string>();
    for (const name of ['a', 'b', 'c', 'd']) reach.offer(name, 'H100', 8);
    reach.offer('b', 'H100', 0);
    reach.offer('a', 'H100', 1);
    expect(reach.draw('H100', 2, 20, stream('s')).sort()).toEqual(['c', 'd']);
    reach.offer('b', 'H100', 2);
    expect(reach.draw('H100', 2, 20, stream('s')).sort()).toEqual(['b', 'c', 'd']);
  });

  it('draws `reach` distinct providers uniformly among the able ones', () => {
    // 100 able providers (half of them in another bucket of free GPUs) and 50 with too few GPUs.
    const reach = new OrderReach<number>();
    for (let i = 0; i < 150; i++) reach.offer(i, 'H100', i < 50 ? 8 : i < 100 ? 4 : 2);
    const draws = 20_000;
    const k = 10;
    const heard = new Array<number>(150).fill(0);
    const s = stream('uniform');
    for (let d = 0; d < draws; d++) {
      const drawn = reach.draw('H100', 3, k, s);
      expect(new Set(drawn).size).toBe(k);
      for (const i of drawn) heard[i]!++;
    }
    // Each able provider is heard Binomial(20,000, 0.1) times: mean 2,000, sd √(20,000·0.1·0.9) ≈
    // 42.4. Five sd (212) bounds all 100 counts but with probability about 100 · 5.7e-7.
    const sd = Math.sqrt(draws * 0.1 * 0.9);
    for (let i = 0; i < 100; i++) expect(Math.abs(heard[i]! - draws * 0.1), `provider ${i}`).toBeLessThan(5 * sd);
    for (let i = 100; i < 150; i++) expect(heard[i]).toBe(0);
  });
});
