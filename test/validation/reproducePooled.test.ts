// The world model's pooled attacker against the exact cascade (validation spec §2).
import { describe, expect, it } from 'vitest';
import { streams } from '../../sim/engine/index.js';
import { compareCascade, randomTokenGraph, shockSet, type TokenGraph } from '../../sim/validation/pooledCascade.js';

// Four validators of 10 STAKE; s1 {v1, v2}, s2 {v2, v3}, s3 {v3, v4}, π = 13, α = 1 (the graph of
// test/markets/securityContagion.test.ts). Secure; a shock of v1 lets v2 loot s1 (13 > 10), then
// v3 loots s2, then v4 loots s3: three steps, all 40 STAKE lost.
const chain: TokenGraph = {
  services: [
    { id: 's1', profit: 13, threshold: 1 },
    { id: 's2', profit: 13, threshold: 1 },
    { id: 's3', profit: 13, threshold: 1 },
  ],
  validators: [{ id: 'v1', stake: 10 }, { id: 'v2', stake: 10 }, { id: 'v3', stake: 10 }, { id: 'v4', stake: 10 }],
  edges: [['s1', 'v1'], ['s1', 'v2'], ['s2', 'v2'], ['s2', 'v3'], ['s3', 'v3'], ['s3', 'v4']],
};

describe('pooled cascade: world model against the exact analysis', () => {
  it('a quarter shock on the chain graph loses everything in three steps, in both', () => {
    expect(shockSet(chain, 0.25)).toEqual(['v1']);
    expect(compareCascade(chain, 0.25)).toEqual({ worldLost: 40, exactLost: 40, worldDepth: 3, exactDepth: 3 });
  });

  it('without a shock the chain graph is secure in both', () => {
    expect(compareCascade(chain, 0)).toEqual({ worldLost: 0, exactLost: 0, worldDepth: 0, exactDepth: 0 });
  });

  it('an underpriced service falls without a shock: the cheapest backer loots it', () => {
    // x (π = 14, α = 1/2) on a (σ = 13) and b (σ = 11): the threshold is 12 of 24; a alone holds
    // 13 ≥ 12 and 14 > 13, while b alone holds only 11.
    const graph: TokenGraph = {
      services: [{ id: 'x', profit: 14, threshold: 0.5 }],
      validators: [{ id: 'a', stake: 13 }, { id: 'b', stake: 11 }],
      edges: [['x', 'a'], ['x', 'b']],
    };
    expect(compareCascade(graph, 0)).toEqual({ worldLost: 13, exactLost: 13, worldDepth: 1, exactDepth: 1 });
  });

  it('shocks the largest validators that fit, largest first, ties in registration order', () => {
    const graph: TokenGraph = { ...chain, validators: [{ id: 'v0', stake: 5 }, { id: 'v1', stake: 10 }, { id: 'v2', stake: 3 }, { id: 'v3', stake: 7 }] };
    // σ(V) = 25. ψ = 0.5: budget 12.5 takes 10, then 7, 5 and 3 each overflow it.
    expect(shockSet(graph, 0.5)).toEqual(['v1']);
    // ψ = 0.6: budget 15 takes 10, skips 7 (17), takes 5 (15).
    expect(shockSet(graph, 0.6)).toEqual(['v1', 'v0']);
    expect(shockSet(chain, 0.5)).toEqual(['v1', 'v2']);
  });

  it('agrees on seeded random graphs, each validator on some service and thresholds in quarters', () => {
    const rng = streams('pooled-test').get('graphs');
    let losing = 0;
    for (let i = 0; i < 25; i++) {
      const graph = randomTokenGraph(rng);
      for (const v of graph.validators) expect(graph.edges.some(([, id]) => id === v.id)).toBe(true);
      for (const s of graph.services) expect([0.25, 0.5, 0.75, 1]).toContain(s.threshold);
      for (const psi of [0, 0.25]) {
        const c = compareCascade(graph, psi);
        expect(c.worldLost).toBe(c.exactLost);
        expect(c.worldDepth).toBe(c.exactDepth);
        if (c.exactLost > 0) losing++;
      }
    }
    // The comparison has teeth only if cascades happen.
    expect(losing).toBeGreaterThan(10);
  });
});
