// The cheapest valid attack (sim/analysis/attackSearch.ts through cheapestValidAttack) under the
// three attack-cost models: hand-computed graphs, and on every graph here the same answer as HiGHS
// (a mixed-integer solver, on the program of sim/analysis/attackMip.ts) for cost and profit, and as
// exhaustive enumeration (sim/validation/attackEnumeration.ts) for the whole answer, ties included.
import { beforeAll, describe, expect, it } from 'vitest';
import { invalidField } from '../support/graphErrors.js';
import { solveAttackMip, type MipSolver } from '../../sim/analysis/attackMip.js';
import {
  ATTACK_COST_MODELS,
  AttackSearchBudgetExceeded,
  attackSearch,
  cascade,
  cheapestValidAttack,
  type Attack,
  type AttackCostModel,
  type RestakingGraphInput,
} from '../../sim/analysis/restakingGraph.js';
import { parseGraph } from '../../sim/analysis/restakingInput.js';
import { attackModel } from '../../sim/analysis/attackModel.js';
import { cheapestAttackExact } from '../../sim/analysis/attackSearch.js';
import { Rational } from '../../sim/analysis/rational.js';
import { streams } from '../../sim/engine/index.js';
import { cheapestAttackByEnumeration } from '../../sim/validation/attackEnumeration.js';
import { loadHighs } from '../../sim/validation/highs.js';
import { randomRestakingGraph, type GraphShape } from '../../sim/validation/restakingSamples.js';
import { CONTAGION_SCALE, contagionNetwork, inWholeTokens, withCostModel, type ContagionShape } from '../../bench/restakingNetworks.js';

let highs: MipSolver;
beforeAll(async () => {
  highs = await loadHighs();
});

const summary = (a: Attack | undefined) =>
  a && { services: a.services, validators: a.validators, profit: a.profit.toString(), cost: a.cost.toString() };

/** The search's answer, after checking it against HiGHS and enumeration on the same graph. */
function checked(graph: RestakingGraphInput): Attack | undefined {
  const g = parseGraph(graph);
  const found = enumerationAgrees(graph);
  const reference = solveAttackMip(highs, g);
  const scaled = (x: Attack['cost']) => (x.num * g.scale) / x.den;
  const mine = found && { cost: scaled(found.cost), profit: scaled(found.profit) };
  expect(mine, 'search against HiGHS (cost, profit)').toEqual(reference && { cost: reference.cost, profit: reference.profit });
  return found;
}

/** The search's answer, after checking it, ties included, against enumeration on the same graph. */
function enumerationAgrees(graph: RestakingGraphInput, label = 'search against enumeration'): Attack | undefined {
  const g = parseGraph(graph);
  const found = cheapestValidAttack(graph);
  const enumerated = cheapestAttackByEnumeration(graph);
  const scaled = (x: Attack['cost']) => (x.num * g.scale) / x.den;
  const mine = found && { cost: scaled(found.cost), profit: scaled(found.profit) };
  expect(
    found && { services: found.services, validators: found.validators, ...mine },
    label,
  ).toEqual(
    enumerated && {
      services: enumerated.services.map(s => g.serviceIds[s]),
      validators: enumerated.validators.map(v => g.validatorIds[v]),
      cost: enumerated.cost,
      profit: enumerated.profit,
    },
  );
  return found;
}

/** (A, B) valid by the definitions, in rationals straight from the input. */
function isValidAttack(graph: RestakingGraphInput, attack: Attack): boolean {
  const amount = (x: unknown) => (x instanceof Rational ? x : typeof x === 'number' ? Rational.fromNumber(x) : Rational.fromDecimalString(String(x)));
  const stake = new Map(graph.validators.map(v => [v.id, amount(v.stake)]));
  const allocation = new Map((graph.allocations ?? []).map(a => [`${a.service}:${a.validator}`, amount(a.amount)]));
  const weight = (s: string, v: string): Rational => {
    if (!graph.edges.some(([es, ev]) => es === s && ev === v)) return Rational.ZERO;
    return graph.attackCost === 'stake' || graph.attackCost === undefined ? stake.get(v)! : allocation.get(`${s}:${v}`) ?? stake.get(v)!;
  };
  const sum = (xs: Rational[]) => xs.reduce((a, b) => a.add(b), Rational.ZERO);
  for (const s of attack.services) {
    const service = graph.services.find(x => x.id === s)!;
    const total = sum(graph.validators.map(v => weight(s, v.id)));
    if (sum(attack.validators.map(v => weight(s, v))).lt(amount(service.threshold).mul(total))) return false;
  }
  const cost = sum(attack.validators.map(v => {
    if (graph.attackCost === 'stake' || graph.attackCost === undefined) return stake.get(v)!;
    const slices = sum(attack.services.map(s => weight(s, v)));
    return graph.attackCost === 'elastic' ? Rational.min(slices, stake.get(v)!) : slices;
  }));
  const profit = sum(attack.services.map(s => amount(graph.services.find(x => x.id === s)!.profit)));
  return cost.equals(attack.cost) && profit.equals(attack.profit) && cost.lt(profit);
}

// Services x and y (π = 10, α = 1/2) both backed by a and b (σ = 8 each).
const twoByTwo = (attackCost: AttackCostModel, slice: number): RestakingGraphInput => ({
  services: [{ id: 'x', profit: 10, threshold: '0.5' }, { id: 'y', profit: 10, threshold: '0.5' }],
  validators: [{ id: 'a', stake: 8 }, { id: 'b', stake: 8 }],
  edges: [['x', 'a'], ['x', 'b'], ['y', 'a'], ['y', 'b']],
  attackCost,
  ...(attackCost === 'stake'
    ? {}
    : { allocations: ['x', 'y'].flatMap(service => ['a', 'b'].map(validator => ({ service, validator, amount: slice }))) }),
});

describe('cheapest valid attack: hand-computed graphs', () => {
  it('pooled stake: one validator corrupts both services for its whole stake', () => {
    // a alone holds half of each service (8 of 16): ({x, y}, {a}) burns 8 for 20. {b} ties; a comes first.
    expect(summary(checked(twoByTwo('stake', 0)))).toEqual({ services: ['x', 'y'], validators: ['a'], profit: '20', cost: '8' });
  });

  it('unique stake: only the slice on the attacked service burns, so one service alone is cheapest', () => {
    // Slices of 4: a holds 4 of 8 on x; ({x}, {a}) burns 4 for 10, ({x, y}, {a}) burns 8 for 20.
    expect(summary(checked(twoByTwo('allocated', 4)))).toEqual({ services: ['x'], validators: ['a'], profit: '10', cost: '4' });
  });

  it('elastic: the burn is capped at the stake', () => {
    // Allocations of 6 (12 > σ = 8 in all): ({x}, {a}) burns min(8, 6) = 6; ({x, y}, {a}) min(8, 12) = 8.
    expect(summary(checked(twoByTwo('elastic', 6)))).toEqual({ services: ['x'], validators: ['a'], profit: '10', cost: '6' });
    // With allocations of 8 (the whole stake on each) the pair costs 8 for 20, a single service 8 for 10.
    expect(summary(checked(twoByTwo('elastic', 8)))).toEqual({ services: ['x', 'y'], validators: ['a'], profit: '20', cost: '8' });
  });

  it('counts a backing equal to the threshold as corrupting, and a profit equal to the cost as no attack', () => {
    const g = (profit: number): RestakingGraphInput => ({
      services: [{ id: 'x', profit, threshold: '0.5' }],
      validators: [{ id: 'a', stake: 5 }, { id: 'b', stake: 5 }],
      edges: [['x', 'a'], ['x', 'b']],
    });
    expect(checked(g(5))).toBeUndefined();
    expect(summary(checked(g(6)))).toEqual({ services: ['x'], validators: ['a'], profit: '6', cost: '5' });
  });

  it('prefers the cheapest coalition, then the more profitable set, then the earlier validator', () => {
    // x (π 9, α 1) backed by c alone (σ 7); y (π 9, α 1) by d alone (σ 7); z (π 20, α 1) by e (σ 12).
    // ({x}, {c}) and ({y}, {d}) cost 7 for 9: c comes first. ({z}, {e}) costs more.
    const g: RestakingGraphInput = {
      services: [{ id: 'x', profit: 9, threshold: 1 }, { id: 'y', profit: 9, threshold: 1 }, { id: 'z', profit: 20, threshold: 1 }],
      validators: [{ id: 'e', stake: 12 }, { id: 'd', stake: 7 }, { id: 'c', stake: 7 }],
      edges: [['x', 'c'], ['y', 'd'], ['z', 'e']],
    };
    expect(summary(checked(g))).toEqual({ services: ['y'], validators: ['d'], profit: '9', cost: '7' });
    // Give x more profit: same cost, more profit wins.
    const richer = { ...g, services: g.services.map(s => (s.id === 'x' ? { ...s, profit: 10 } : s)) };
    expect(summary(checked(richer))).toEqual({ services: ['x'], validators: ['c'], profit: '10', cost: '7' });
  });

  it('a service nobody backs is corrupted for free', () => {
    const g: RestakingGraphInput = {
      services: [{ id: 'x', profit: 3, threshold: 1 }, { id: 'orphan', profit: 1, threshold: '0.5' }],
      validators: [{ id: 'a', stake: 10 }],
      edges: [['x', 'a']],
    };
    expect(summary(checked(g))).toEqual({ services: ['orphan'], validators: [], profit: '1', cost: '0' });
  });
});

describe('cascades under each cost model', () => {
  it('unique stake: each step burns only its slices, the rest stay slashable', () => {
    // ({x}, {a}) burns 4 of a; then y: a's slice of 4 still holds half of 8: ({y}, {a}) burns 4 more.
    const result = cascade(twoByTwo('allocated', 4), []);
    expect(result.steps.map(summary)).toEqual([
      { services: ['x'], validators: ['a'], profit: '10', cost: '4' },
      { services: ['y'], validators: ['a'], profit: '10', cost: '4' },
    ]);
    expect(result.lostStake.toString()).toBe('8');
    expect(result.lostFraction.toString()).toBe('1/2');
  });

  it('elastic: after a slash what is left stretches over the other allocations', () => {
    // ({x}, {a}) burns 6: σ_a = 2 and w_{a,y} = min(6, 2) = 2. On y (total 2 + 6, need 4) a alone no
    // longer holds, b does: ({y}, {b}) burns min(8, 6) = 6.
    const result = cascade(twoByTwo('elastic', 6), []);
    expect(result.steps.map(summary)).toEqual([
      { services: ['x'], validators: ['a'], profit: '10', cost: '6' },
      { services: ['y'], validators: ['b'], profit: '10', cost: '6' },
    ]);
    expect(result.lostStake.toString()).toBe('12');
  });

  it('pooled: the coalition is lost whole, with every service it corrupts', () => {
    const result = cascade(twoByTwo('stake', 0), []);
    expect(result.steps.map(summary)).toEqual([{ services: ['x', 'y'], validators: ['a'], profit: '20', cost: '8' }]);
    expect(result.lostFraction.toString()).toBe('1/2');
  });
});

describe('cheapest valid attack: against HiGHS and enumeration on random graphs', () => {
  const shapes: [string, GraphShape, number][] = [
    ['small', { validators: [1, 7], services: [1, 4], maxStake: 12, maxProfit: 30, edgeProbability: 0.5 }, 80],
    ['medium', { validators: [8, 12], services: [2, 4], maxStake: 40, maxProfit: 120, edgeProbability: 0.6 }, 20],
  ];
  for (const model of ['stake', 'allocated', 'elastic'] as const) {
    it(`${model}: ${shapes.map(([name, , count]) => `${count} ${name}`).join(' and ')} graphs`, () => {
      let attacks = 0;
      let secure = 0;
      for (const [name, shape, count] of shapes) {
        const rng = streams('attack-search-test').get(`${model}-${name}`);
        for (let i = 0; i < count; i++) {
          if (checked(randomRestakingGraph(rng, model, shape)) !== undefined) attacks++;
          else secure++;
        }
      }
      // Both answers must be exercised.
      expect(attacks).toBeGreaterThan(10);
      expect(secure).toBeGreaterThan(3);
    });
  }
});

describe('cheapest valid attack: more than 12 services (the depth-first search over service sets)', () => {
  for (const model of ['stake', 'allocated', 'elastic'] as const) {
    it(`${model}: 6 graphs of 13-14 services`, () => {
      const rng = streams('attack-search-test').get(`many-services-${model}`);
      for (let i = 0; i < 6; i++) {
        checked(randomRestakingGraph(rng, model, { validators: [2, 6], services: [13, 14], maxStake: 30, maxProfit: 9, edgeProbability: 0.8 }));
      }
    });
  }
});

describe('cheapest valid attack: graphs shaped like the bench\'s, in small', () => {
  // scenarios/contagion.yaml at a size enumeration can take (bench/restakingNetworks.ts): 400
  // stakers' lognormal deposits over 14 operators, each on 3 of 4 services, α = 1/2, π = 1,650 per
  // service (about a third of each service's need: near the edge, as the bench's graphs are), whole
  // tokens, after a shock of 10% or 20% of the stake (the largest operators that fit).
  const shape: ContagionShape = { ...CONTAGION_SCALE, stakers: 400, operators: 14, services: 4, profit: 1650 };
  const graphs = [0.1, 0.2].flatMap(psi => {
    const rng = streams('attack-search-test').get(`bench-shaped-${psi}`);
    return Array.from({ length: 6 }, (_, i) => ({ label: `ψ = ${psi} #${i}`, graph: inWholeTokens(contagionNetwork(rng, shape, psi)) }));
  });

  for (const model of ATTACK_COST_MODELS) {
    it(`${model}: 12 graphs against enumeration, ties included`, () => {
      let attacks = 0;
      for (const { label, graph } of graphs) if (enumerationAgrees(withCostModel(graph, model), label) !== undefined) attacks++;
      expect(attacks).toBeGreaterThan(6);
    });
  }

  it('the same answer with every amount in base units (10^18 per token), where the search works in doubles near 10^22', () => {
    const base = (x: unknown): Rational => (x as Rational).mul(Rational.of(10n ** 18n));
    for (const model of ATTACK_COST_MODELS) {
      for (const { label, graph } of graphs.slice(0, 4)) {
        const tokens = withCostModel(graph, model);
        const units: RestakingGraphInput = {
          ...tokens,
          services: tokens.services.map(s => ({ ...s, profit: base(s.profit) })),
          validators: tokens.validators.map(v => ({ ...v, stake: base(v.stake) })),
          allocations: tokens.allocations?.map(a => ({ ...a, amount: base(a.amount) })),
        };
        const inTokens = cheapestValidAttack(tokens);
        const inUnits = cheapestValidAttack(units);
        expect(inUnits && { ...summary(inUnits), cost: inUnits.cost.div(Rational.of(10n ** 18n)).toString(), profit: inUnits.profit.div(Rational.of(10n ** 18n)).toString() }, `${model} ${label}`).toEqual(summary(inTokens));
      }
    }
  });
});

describe('cheapest valid attack: interchangeable validators and zero allocations', () => {
  it('many identical validators: the first ones in input order, under each model (against HiGHS and enumeration)', () => {
    // Twelve validators of stake 5 on x and y, and three of stake 7 on y and z; α = 1/2 everywhere.
    const validators = [...Array.from({ length: 12 }, (_, i) => ({ id: `same${i}`, stake: 5 })), ...['p', 'q', 'r'].map(id => ({ id, stake: 7 }))];
    const edges: [string, string][] = [
      ...validators.slice(0, 12).flatMap(v => [['x', v.id], ['y', v.id]] as [string, string][]),
      ...['p', 'q', 'r'].flatMap(id => [['y', id], ['z', id]] as [string, string][]),
    ];
    const services = [{ id: 'x', profit: 24, threshold: '0.5' }, { id: 'y', profit: 24, threshold: '0.5' }, { id: 'z', profit: 8, threshold: '0.5' }];
    const pooled = checked({ services, validators, edges });
    // Pooled: x needs 30 of 60 (six of the twelve), y 41 of 81: seven of the twelve and one of p, q,
    // r (42 for 48); x, y and z would take six and two of p, q, r (44 for 56). The first ones of each.
    expect(summary(pooled)).toEqual({ services: ['x', 'y'], validators: ['same0', 'same1', 'same2', 'same3', 'same4', 'same5', 'same6', 'p'], profit: '48', cost: '42' });
    for (const attackCost of ['allocated', 'elastic'] as const) {
      const slices = edges.map(([service, validator]) => ({ service, validator, amount: validator.startsWith('same') ? 2 : 3 }));
      const found = checked({ services, validators, edges, attackCost, allocations: slices });
      expect(found?.validators.filter(v => v.startsWith('same')), attackCost).toEqual(found?.validators.filter(v => v.startsWith('same')).map((_, i) => `same${i}`));
    }
  });

  it('a validator with a zero allocation on a service is no member for it (against HiGHS and enumeration)', () => {
    // a allocates nothing to x, so only b backs it (x needs half of 4): b alone, for its slice of 4.
    const graph = (attackCost: 'allocated' | 'elastic'): RestakingGraphInput => ({
      services: [{ id: 'x', profit: 5, threshold: '0.5' }],
      validators: [{ id: 'a', stake: 6 }, { id: 'b', stake: 6 }],
      edges: [['x', 'a'], ['x', 'b']],
      attackCost,
      allocations: [{ service: 'x', validator: 'a', amount: 0 }, { service: 'x', validator: 'b', amount: 4 }],
    });
    for (const model of ['allocated', 'elastic'] as const) {
      expect(summary(checked(graph(model))), model).toEqual({ services: ['x'], validators: ['b'], profit: '5', cost: '4' });
    }
  });

  for (const model of ['allocated', 'elastic'] as const) {
    it(`${model}: random graphs with half their allocations zero, against HiGHS and enumeration`, () => {
      const rng = streams('attack-search-test').get(`zero-allocations-${model}`);
      let attacks = 0;
      for (let i = 0; i < 20; i++) {
        const graph = randomRestakingGraph(rng, model, { validators: [4, 10], services: [2, 4], maxStake: 20, maxProfit: 40, edgeProbability: 0.6 });
        const zeroed = { ...graph, allocations: graph.allocations?.map(a => (rng.next() < 0.5 ? { ...a, amount: 0 } : a)) };
        if (checked(zeroed) !== undefined) attacks++;
      }
      expect(attacks).toBeGreaterThan(5);
    });
  }
});

describe('greedy search', () => {
  it('reports only valid attacks, never cheaper than the exact one; its misses are measured', () => {
    const lines: string[] = [];
    for (const model of ['stake', 'allocated', 'elastic'] as const) {
      const rng = streams('attack-search-test').get(`greedy-${model}`);
      let exactAttacks = 0;
      let missed = 0;
      let dearer = 0;
      let excess = 0;
      for (let i = 0; i < 200; i++) {
        const graph = randomRestakingGraph(rng, model, { validators: [4, 10], services: [2, 5], maxStake: 30, maxProfit: 80, edgeProbability: 0.5 });
        const exact = cheapestValidAttack(graph);
        const greedy = cheapestValidAttack(graph, { method: 'greedy' });
        if (greedy !== undefined) {
          expect(isValidAttack(graph, greedy), `greedy attack ${JSON.stringify(summary(greedy))} is not valid`).toBe(true);
          expect(exact).toBeDefined();
          expect(exact!.cost.le(greedy.cost)).toBe(true);
        }
        if (exact === undefined) continue;
        exactAttacks++;
        if (greedy === undefined) missed++;
        else if (exact.cost.lt(greedy.cost)) {
          dearer++;
          excess += greedy.cost.div(exact.cost).toNumber() - 1;
        }
      }
      lines.push(`${model}: exact finds ${exactAttacks} attacks in 200 graphs; greedy misses ${missed} (${((100 * missed) / exactAttacks).toFixed(1)}%), overpays on ${dearer} (mean excess ${dearer ? ((100 * excess) / dearer).toFixed(1) : 0}%)`);
    }
    console.log(`greedy against exact on random graphs (4-10 validators, 2-5 services):\n  ${lines.join('\n  ')}`);
  });
});

describe('node budget and input checks', () => {
  const rng = streams('attack-search-test').get('budget');
  const graph = randomRestakingGraph(rng, 'stake', { validators: [12, 12], services: [4, 4], maxStake: 40, maxProfit: 200, edgeProbability: 0.7 });

  it('says when the budget ran out instead of answering silently', () => {
    const full = attackSearch(graph);
    expect(full.exact).toBe(true);
    expect(full.nodes).toBeGreaterThan(5);
    const cut = attackSearch(graph, { nodeBudget: 3 });
    expect(cut.exact).toBe(false);
    // Cut short, it still answers no worse than the greedy search.
    const greedy = cheapestValidAttack(graph, { method: 'greedy' });
    expect(greedy).toBeDefined();
    expect(cut.attack !== undefined && cut.attack.cost.le(greedy!.cost)).toBe(true);
    expect(() => cheapestValidAttack(graph, { nodeBudget: 3 })).toThrow(AttackSearchBudgetExceeded);
    expect(summary(cheapestValidAttack(graph, { nodeBudget: full.nodes }))).toEqual(summary(full.attack));
  });

  it('a search cut short proves a lower bound: never above the cheapest attack\'s cost, which it equals once finished', () => {
    const rng = streams('attack-search-test').get('lower-bound');
    let cut = 0;
    let informative = 0;
    for (let i = 0; i < 30; i++) {
      const model = attackModel(parseGraph(randomRestakingGraph(rng, ATTACK_COST_MODELS[i % 3] as AttackCostModel, { validators: [6, 12], services: [3, 5], maxStake: 30, maxProfit: 90, edgeProbability: 0.6 })));
      const full = cheapestAttackExact(model);
      expect(full.exact).toBe(true);
      expect(full.lowerBound).toBe(full.attack?.cost);
      if (full.attack === undefined) continue;
      for (const share of [0.05, 0.2, 0.5, 0.8]) {
        const outcome = cheapestAttackExact(model, { nodeBudget: Math.floor(full.nodes * share) });
        if (outcome.exact) continue;
        cut++;
        expect(outcome.lowerBound, `graph ${i}, ${share} of the nodes`).toBeDefined();
        expect(outcome.lowerBound! <= full.attack.cost, `graph ${i}, ${share} of the nodes`).toBe(true);
        if (outcome.lowerBound! > 0n) informative++;
      }
    }
    expect(cut).toBeGreaterThan(40);
    expect(informative).toBeGreaterThan(20);
  });

  const field = invalidField;

  it('rejects allocations the model forbids, naming the field', () => {
    const base = twoByTwo('allocated', 4);
    const over = { ...base, allocations: [{ service: 'x', validator: 'a', amount: 9 }] };
    expect(field(() => cheapestValidAttack(over))).toBe('allocations[0].amount');
    expect(field(() => cheapestValidAttack({ ...over, attackCost: 'elastic' }))).toBe('allocations[0].amount');
    // Unique stake: a's slices add up to 6 + 4 > 8.
    const sum = { ...base, allocations: [{ service: 'x', validator: 'a', amount: 6 }, { service: 'y', validator: 'a', amount: 4 }, { service: 'x', validator: 'b', amount: 4 }, { service: 'y', validator: 'b', amount: 4 }] };
    expect(() => cheapestValidAttack(sum)).toThrow(/validators\[0\]: under 'allocated' the allocations of "a" add up to 10/);
    // Without allocations every edge allocates the whole stake: a and b would allocate 16 of 8.
    expect(field(() => cheapestValidAttack({ ...base, allocations: undefined }))).toBe('validators[0]');
    expect(field(() => cheapestValidAttack({ ...base, allocations: [{ service: 'x', validator: 'nobody', amount: 1 }] }))).toBe('allocations[0].validator');
    expect(field(() => cheapestValidAttack({ ...base, allocations: [{ service: 'x', validator: 'a', amount: 1 }, { service: 'x', validator: 'a', amount: 1 }] }))).toBe('allocations[1]');
    const noEdge = { ...base, edges: [['x', 'a'], ['y', 'b']] as [string, string][], allocations: [{ service: 'y', validator: 'a', amount: 1 }] };
    expect(() => cheapestValidAttack(noEdge)).toThrow(/allocations\[0\]: no edge \["y", "a"\]/);
    expect(field(() => cheapestValidAttack({ ...base, attackCost: 'unique' as AttackCostModel }))).toBe('attackCost');
    expect(field(() => cheapestValidAttack(base, { method: 'fast' as 'exact' }))).toBe('method');
    // The pooled analyses refuse the other models rather than answer for the wrong one.
    expect(() => cascade(base, ['nobody'])).toThrow(/shockSet\[0\]/);
  });
});
