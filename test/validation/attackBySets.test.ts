// The contagion rows' reference (one covering program per service set, solved by HiGHS) against
// exhaustive enumeration, on seeded random small graphs under each cost model: the least cost of a
// valid attack, and the most profit at that cost, must agree exactly, attack or none.
import { beforeAll, describe, expect, it } from 'vitest';
import type { MipSolver } from '../../sim/analysis/attackMip.js';
import { ATTACK_COST_MODELS } from '../../sim/analysis/restakingGraph.js';
import { parseGraph } from '../../sim/analysis/restakingInput.js';
import { streams } from '../../sim/engine/index.js';
import { cheapestAttackBySets } from '../../sim/validation/attackBySets.js';
import { cheapestAttackByEnumeration } from '../../sim/validation/attackEnumeration.js';
import { loadHighs } from '../../sim/validation/highs.js';
import { randomRestakingGraph } from '../../sim/validation/restakingSamples.js';

const GRAPHS = 60;
const SHAPE = { validators: [3, 9] as [number, number], services: [1, 4] as [number, number], maxStake: 20, maxProfit: 40, edgeProbability: 0.5 };

let solver: MipSolver;
beforeAll(async () => {
  solver = await loadHighs();
});

describe('cheapestAttackBySets', () => {
  it.each(ATTACK_COST_MODELS)("agrees with enumeration on cost and profit under '%s'", (model) => {
    const rng = streams('attack-by-sets').get(model);
    let attacked = 0;
    for (let i = 0; i < GRAPHS; i++) {
      const graph = randomRestakingGraph(rng, model, SHAPE);
      const expected = cheapestAttackByEnumeration(graph);
      const found = cheapestAttackBySets(solver, parseGraph(graph));
      expect(found && { cost: found.cost, profit: found.profit }, `${model} graph ${i}`).toEqual(expected && { cost: expected.cost, profit: expected.profit });
      if (expected !== undefined) attacked++;
    }
    // The comparison means something only if attacks and their absence both occur.
    expect(attacked).toBeGreaterThan(GRAPHS / 5);
    expect(attacked).toBeLessThan(GRAPHS);
  });

  it("caps an elastic validator's cost at its stake", () => {
    // A validator backing two services with its whole stake each: attacking both burns σ = 10 once,
    // for 12 of profit; uncapped it would burn 20, and no attack would be valid.
    const graph = {
      attackCost: 'elastic' as const,
      services: [{ id: 'a', profit: 6, threshold: 1 }, { id: 'b', profit: 6, threshold: 1 }],
      validators: [{ id: 'v', stake: 10 }],
      edges: [['a', 'v'], ['b', 'v']] as [string, string][],
      allocations: [{ service: 'a', validator: 'v', amount: 10 }, { service: 'b', validator: 'v', amount: 10 }],
    };
    expect(cheapestAttackBySets(solver, parseGraph(graph))).toEqual({ cost: 10n, profit: 12n });
  });
});
