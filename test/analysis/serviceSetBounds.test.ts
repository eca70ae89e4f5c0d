// The attack search's two tests of a subtree of service sets (sim/analysis/serviceSetBounds.ts)
// against enumeration: on small random graphs under each cost model, for every set `chosen` and
// its subtree (supersets by the services after it), neither test may say no where some set of the
// subtree holds a valid attack (no dearer than the best, for the second). Each must also say no
// often enough to be worth its cost, or it tests nothing.
import { describe, expect, it } from 'vitest';
import { attackCost, attackModel, corrupts, profitOf, type AttackModel } from '../../sim/analysis/attackModel.js';
import { CoverState } from '../../sim/analysis/coverBranchAndBound.js';
import { coverProblem } from '../../sim/analysis/coverProblem.js';
import { ATTACK_COST_MODELS, type RestakingGraphInput } from '../../sim/analysis/restakingGraph.js';
import { parseGraph } from '../../sim/analysis/restakingInput.js';
import { subtreeMayBeat, subtreeMayProfit } from '../../sim/analysis/serviceSetBounds.js';
import { streams } from '../../sim/engine/index.js';
import { randomRestakingGraph } from '../../sim/validation/restakingSamples.js';

/** The cheapest coalition corrupting exactly `services` and what it costs, by enumeration; undefined if none. */
function cheapestCover(model: AttackModel, services: number[]): bigint | undefined {
  const members = [...Array(model.validators).keys()].filter(v => services.some(s => (model.weight[s]?.[v] ?? 0n) > 0n));
  let cheapest: bigint | undefined;
  for (let mask = 0; mask < 2 ** members.length; mask++) {
    const coalition = members.filter((_, i) => mask & (1 << i));
    if (!services.every(s => corrupts(model, s, coalition))) continue;
    const cost = attackCost(model, services, coalition);
    if (cheapest === undefined || cost < cheapest) cheapest = cost;
  }
  return cheapest;
}

/** The graph with each service worth `factor()` times the cheapest cover of it alone (rounded up), so that attacks are near the edge of validity, where a loose test would say no. */
function nearTheEdge(graph: RestakingGraphInput, factor: () => number): AttackModel {
  const alone = attackModel(parseGraph(graph));
  const services = graph.services.map((service, s) => {
    const cost = cheapestCover(alone, [s]);
    return { ...service, profit: cost === undefined ? 0 : Math.ceil(Number(cost) * factor()) };
  });
  return attackModel(parseGraph({ ...graph, services }));
}

const subsets = (m: number): number[][] =>
  Array.from({ length: 2 ** m - 1 }, (_, i) => [...Array(m).keys()].filter(s => (i + 1) & (1 << s)));

describe('tests of a subtree of service sets, against enumeration', () => {
  for (const costModel of ATTACK_COST_MODELS) {
    it(`${costModel}: never no where the subtree holds a valid attack, and no often enough`, () => {
      const rng = streams('service-set-bounds-test').get(costModel);
      let subtrees = 0;
      let noProfit = 0;
      let noBeat = 0;
      for (let i = 0; i < 50; i++) {
        const shape = { validators: [3, 8] as [number, number], services: [2, 5] as [number, number], maxStake: 20, maxProfit: 1, edgeProbability: 0.6 };
        const model = nearTheEdge(randomRestakingGraph(rng, costModel, shape), () => 0.4 + 0.8 * rng.next());
        const sets = subsets(model.services);
        // The cheapest valid attack on each set, if any.
        const valid = new Map(sets.map(set => {
          const cost = cheapestCover(model, set);
          return [set.join(), cost !== undefined && cost < profitOf(model, set) ? cost : undefined];
        }));
        const best = [...valid.values()].reduce<bigint | undefined>((least, c) => (c !== undefined && (least === undefined || c < least) ? c : least), undefined);
        for (const chosen of sets) {
          const rest = [...Array(model.services).keys()].filter(u => u > Math.max(...chosen));
          const root = new CoverState(coverProblem(model, chosen)).relaxation();
          if (root === undefined) continue; // chosen cannot be covered: no subtree to test
          const exceeds = (t: bigint): boolean => (root === 'covered' ? 0n > t : root.exceeds(t));
          const inSubtree = subsets(rest.length).map(extra => [...chosen, ...extra.map(e => rest[e] as number)].sort((a, b) => a - b)).concat([chosen]);
          const attacks = inSubtree.map(set => valid.get(set.join())).filter((c): c is bigint => c !== undefined);
          subtrees++;
          const label = `graph ${i}, chosen ${chosen}`;
          const mayProfit = subtreeMayProfit(model, chosen, rest);
          if (attacks.length > 0) expect(mayProfit, label).toBe(true);
          if (!mayProfit) noProfit++;
          for (const bestCost of [undefined, best, best === undefined ? undefined : best - 1n]) {
            const mayBeat = subtreeMayBeat(model, rest, profitOf(model, chosen), exceeds, bestCost);
            if (attacks.some(c => bestCost === undefined || c <= bestCost)) expect(mayBeat, `${label}, best ${bestCost}`).toBe(true);
            if (!mayBeat) noBeat++;
          }
        }
      }
      console.log(`${costModel}: ${subtrees} subtrees; the relaxation says no to ${noProfit}, the bound against the best to ${noBeat} of ${3 * subtrees}`);
      expect(noProfit).toBeGreaterThan(subtrees / 10);
      expect(noBeat).toBeGreaterThan(subtrees / 5);
    });
  }
});

describe('the elastic relaxation charges for the services a set adds', () => {
  // One validator a (σ = 10) allocating 8 to each of s and u, each needing all of its backing
  // (α = 1): a alone burns min(10, 8) = 8 on one service and min(10, 16) = 10 on both.
  const graph = (profitU: number): AttackModel =>
    attackModel(parseGraph({
      services: [{ id: 's', profit: 5, threshold: 1 }, { id: 'u', profit: profitU, threshold: 1 }],
      validators: [{ id: 'a', stake: 10 }],
      edges: [['s', 'a'], ['u', 'a']],
      allocations: [{ service: 's', validator: 'a', amount: 8 }, { service: 'u', validator: 'a', amount: 8 }],
      attackCost: 'elastic',
    }));

  it('says yes where adding u makes the pair valid (11 for 10), though s alone is not (5 for 8)', () => {
    expect(cheapestCover(graph(6), [0, 1])).toBe(10n);
    expect(subtreeMayProfit(graph(6), [0], [1])).toBe(true);
  });

  it('says no where the pair is not valid (9 for 10): only the shares see it', () => {
    // Cost only growing with A lets u be added for nothing (8·x − 4·y reaches 4 = π(s) − 1); a's
    // share ρ = 10/16 of each slice charges 5 for s and 5 for u: 5 + 5 − 4 = 6 > 4.
    expect(subtreeMayProfit(graph(4), [0], [1])).toBe(false);
  });
});
