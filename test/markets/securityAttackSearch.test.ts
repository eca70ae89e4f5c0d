// The greedy attack search of the pooled model against the exact one of sim/analysis on random
// small graphs (seeded), where both can run.
import { describe, expect, it } from 'vitest';
import { findValidAttacks } from '../../sim/analysis/restakingGraph.js';
import { streams } from '../../sim/engine/streams.js';
import { greedyCheapestAttack, planCascade, searchMethodFor, toGraphInput } from '../../sim/markets/security/attackSearch.js';
import type { PooledGraph } from '../../sim/markets/security/pooled.js';

const GRAPHS = 300;

/** 5–8 validators (stake 1–20), 2–5 services (π 1–40, α in {1/3, 1/2, 2/3, 1}), each edge with probability 1/2. */
function randomGraphs(): PooledGraph[] {
  const rng = streams('attack-search-test').get('graphs');
  const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
  const thresholds = [1 / 3, 0.5, 2 / 3, 1];
  return Array.from({ length: GRAPHS }, () => {
    const validators = Array.from({ length: int(5, 8) }, (_, i) => ({ id: `v${i}`, stake: BigInt(int(1, 20)) }));
    const services = Array.from({ length: int(2, 5) }, (_, i) => ({ id: `s${i}`, profit: BigInt(int(1, 40)), threshold: thresholds[int(0, 3)]! }));
    const edges = services.flatMap((s) => validators.filter(() => rng.next() < 0.5).map((v) => [s.id, v.id] as const));
    return { services, validators, edges };
  });
}

describe('greedy attack search', () => {
  const graphs = randomGraphs();
  const results = graphs.map((g) => ({ g, greedy: greedyCheapestAttack(g), exact: planCascade(g, 'exact')[0] }));

  it('reports only valid attacks, never cheaper than the cheapest one', () => {
    for (const { g, greedy, exact } of results) {
      if (greedy === undefined) continue;
      const valid = findValidAttacks(toGraphInput(g)).find(
        (a) => a.validators.length === greedy.validators.length && a.validators.every((v) => greedy.validators.includes(v)),
      );
      expect(valid, `greedy coalition ${greedy.validators} is not a valid attack`).toBeDefined();
      // A_max(B) from the exact search is the same service set, so the profits agree.
      expect([...greedy.services].sort()).toEqual([...valid!.services].sort());
      expect(exact).toBeDefined();
      expect(greedy.cost >= exact!.cost).toBe(true);
    }
  });

  it('finds an attack on most graphs where one exists', () => {
    const insecure = results.filter((r) => r.exact !== undefined);
    const found = insecure.filter((r) => r.greedy !== undefined);
    const cheapest = insecure.filter((r) => r.greedy !== undefined && r.greedy.cost === r.exact!.cost);
    // Measured on these 300 seeded graphs: 280 insecure, the greedy search finds an attack on 279
    // and the cheapest one on 275. The bounds guard against regressions; they are not guarantees.
    expect(insecure.length).toBe(280);
    expect(found.length).toBeGreaterThanOrEqual(277); // ≥ 99%
    expect(cheapest.length).toBeGreaterThanOrEqual(272); // ≥ 97%
  });

  it('uses the exact search up to 12 validators and the greedy one beyond', () => {
    const graph = (n: number): PooledGraph => ({ services: [], validators: Array.from({ length: n }, (_, i) => ({ id: `v${i}`, stake: 1n })), edges: [] });
    expect(searchMethodFor(graph(12))).toBe('exact');
    expect(searchMethodFor(graph(13))).toBe('greedy');
  });
});
