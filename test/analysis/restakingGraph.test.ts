// Restaking-graph analyses on graphs small enough to check by hand, and the constructions of
// Durvasula and Roughgarden, "Robust Restaking Networks" (arXiv 2407.21785), Theorems 2 and 3,
// as taken from the public summary named in sim/analysis/restakingGraph.ts and re-derived below.
import { describe, expect, it } from 'vitest';
import { invalidField } from '../support/graphErrors.js';
import { Rational } from '../../sim/analysis/rational.js';
import {
  cascade,
  findValidAttacks,
  isSecure,
  localCondition,
  slackGamma,
  worstCaseLoss,
  worstCaseLossExact,
  type RestakingGraphInput,
} from '../../sim/analysis/restakingGraph.js';

const q = (num: bigint | number, den: bigint | number = 1n) => Rational.of(num, den);
const same = (actual: Rational | null, expected: Rational) => {
  expect(actual, `got ${actual}, want ${expected}`).not.toBeNull();
  expect(actual?.equals(expected), `got ${actual}, want ${expected}`).toBe(true);
};
const summary = (steps: { services: string[]; validators: string[]; profit: Rational; cost: Rational }[]) =>
  steps.map(s => ({ services: s.services, validators: s.validators, profit: s.profit.toString(), cost: s.cost.toString() }));

// One service x (π = 10, α = 1/2) backed by a and b with 8 each. Either validator alone holds half
// the stake, enough to corrupt x, and forfeits 8 < 10: insecure.
const halfThreshold = (profit: number): RestakingGraphInput => ({
  services: [{ id: 'x', profit, threshold: '0.5' }],
  validators: [{ id: 'a', stake: 8 }, { id: 'b', stake: 8 }],
  edges: [['x', 'a'], ['x', 'b']],
});

// Two services in a chain, x ← {a, b} and y ← {b, c}, both α = 1 and π = 5; σ = (2, 4, 4.5).
// Coalitions that corrupt anything: {a,b} → x (6 ≥ 5), {b,c} → y (8.5 ≥ 5), all → both (10.5 ≥ 10):
// secure, and the tightest is 10.5/10, so γ = 1/20. Losing a leaves x to b alone (4 < 5: b loots x);
// losing b then leaves y to c alone (4.5 < 5: c loots y). Everything goes, in two steps.
const chain: RestakingGraphInput = {
  services: [{ id: 'x', profit: 5, threshold: 1 }, { id: 'y', profit: 5, threshold: 1 }],
  validators: [{ id: 'a', stake: 2 }, { id: 'b', stake: 4 }, { id: 'c', stake: '4.5' }],
  edges: [['x', 'a'], ['x', 'b'], ['y', 'b'], ['y', 'c']],
};

describe('restaking graph: hand-computed graphs', () => {
  it('finds the single-validator attacks on an underpriced service', () => {
    const g = halfThreshold(10);
    expect(isSecure(g)).toBe(false);
    expect(summary(findValidAttacks(g))).toEqual([
      { services: ['x'], validators: ['a'], profit: '10', cost: '8' },
      { services: ['x'], validators: ['b'], profit: '10', cost: '8' },
    ]);
    // Cheapest coalition over its loot: 8/10 − 1.
    same(slackGamma(g), q(-1, 5));
    // T = 10/(1/2 · 16) = 5/4 for both; γ* = 4/5 − 1.
    const local = localCondition(g);
    expect(local.validators.map(v => v.T?.toString())).toEqual(['5/4', '5/4']);
    same(local.gammaStar, q(-1, 5));
  });

  it('cascades one step with no shock, and all the way after a shock of half the stake', () => {
    const g = halfThreshold(10);
    const quiet = cascade(g, []);
    expect(summary(quiet.steps)).toEqual([{ services: ['x'], validators: ['a'], profit: '10', cost: '8' }]);
    same(quiet.lostFraction, q(1, 2));
    // Without a shock the worst is one validator looting x; a shock of a leaves b alone on x,
    // which it then loots too.
    same(worstCaseLossExact(g, 0), q(1, 2));
    same(worstCaseLossExact(g, '0.49'), q(1, 2));
    same(worstCaseLossExact(g, '0.5'), q(1));
    expect(worstCaseLoss(g, 0.5)).toBe(1);
  });

  it('keeps a well-priced service secure, with slack from the cheapest coalition', () => {
    const g = halfThreshold(6);
    expect(isSecure(g)).toBe(true);
    expect(findValidAttacks(g)).toEqual([]);
    same(slackGamma(g), q(1, 3)); // 8/6 − 1
    same(localCondition(g).gammaStar, q(1, 3)); // T = 6/8
    expect(cascade(g, []).steps).toEqual([]);
    same(worstCaseLossExact(g, 0), q(0));
    // Losing a leaves b alone with 8 > 6 at stake: the shock is all that is lost.
    same(worstCaseLossExact(g, '0.5'), q(1, 2));
    same(cascade(g, ['a']).lostFraction, q(1, 2));
  });

  it('runs a two-step cascade down a chain of services', () => {
    expect(isSecure(chain)).toBe(true);
    same(slackGamma(chain), q(1, 20));
    const after = cascade(chain, ['a']);
    expect(summary(after.steps)).toEqual([
      { services: ['x'], validators: ['b'], profit: '5', cost: '4' },
      { services: ['y'], validators: ['c'], profit: '5', cost: '9/2' },
    ]);
    same(after.lostStake, q(21, 2));
    same(after.lostFraction, q(1));
    // The shock of a is 2/10.5 = 4/21 of the stake; the worst case merges the cascade into one
    // attack ({x, y}, {b, c}) on what the shock left, 10 > 8.5.
    same(worstCaseLossExact(chain, q(4, 21)), q(1));
    // A smaller shock cannot remove a validator, and the graph is secure: nothing is lost.
    same(worstCaseLossExact(chain, q(3, 21)), q(0));
  });

  it('certifies less slack locally than the graph has: the local condition is only sufficient', () => {
    // T_a = 5/6, T_b = 5/6 + 5/8.5 = 145/102, T_c = 5/8.5 = 10/17: b fails the local condition
    // although the graph has slack 1/20.
    const local = localCondition(chain);
    expect(local.validators.map(v => `${v.id}:${v.T}`)).toEqual(['a:5/6', 'b:145/102', 'c:10/17']);
    same(local.gammaStar, q(102, 145).sub(q(1)));
    expect(local.gammaStar?.lt(slackGamma(chain) as Rational)).toBe(true);
  });

  it('treats a profitable service without stake as free to corrupt', () => {
    const g: RestakingGraphInput = {
      services: [{ id: 'x', profit: 3, threshold: 1 }, { id: 'orphan', profit: 1, threshold: '0.5' }],
      validators: [{ id: 'a', stake: 10 }, { id: 'idle', stake: 5 }],
      edges: [['x', 'a']],
    };
    expect(isSecure(g)).toBe(false);
    same(slackGamma(g), q(-1));
    same(localCondition(g).gammaStar, q(-1));
    expect(summary(cascade(g, []).steps)).toEqual([{ services: ['orphan'], validators: [], profit: '1', cost: '0' }]);
    // An idle validator may join the orphan's attack only while the loot still beats the stake:
    // 1 > 0 alone, so the worst case loses nothing without a shock.
    same(worstCaseLossExact(g, 0), q(0));
  });
});

describe('Theorem 2: γ = 0 is fragile', () => {
  // One service x (π = 1, α = 1) backed by a (σ = ε) and b (σ = 1 − ε). Both have T_v = 1: the
  // local condition holds with equality, and the only attacking coalition, {a, b}, forfeits exactly
  // π: secure with zero slack. A shock of a (ε of the stake) leaves b alone, 1 − ε < 1: b loots x.
  const fragile = (epsilon: string): RestakingGraphInput => ({
    services: [{ id: 'x', profit: 1, threshold: 1 }],
    validators: [{ id: 'a', stake: epsilon }, { id: 'b', stake: q(1).sub(Rational.fromDecimalString(epsilon)) }],
    edges: [['x', 'a'], ['x', 'b']],
  });

  for (const epsilon of ['0.001', '0.000000001', '1e-30']) {
    it(`loses all stake after a shock of ε = ${epsilon}`, () => {
      const g = fragile(epsilon);
      const eps = Rational.fromDecimalString(epsilon);
      expect(isSecure(g)).toBe(true);
      expect(localCondition(g).validators.map(v => v.T?.toString())).toEqual(['1', '1']);
      same(localCondition(g).gammaStar, q(0));
      same(slackGamma(g), q(0));
      // R_ψ(G) = 1 for every ψ ≥ ε.
      for (const psi of [eps, eps.mul(q(2)), q(1, 2), q(1)]) same(worstCaseLossExact(g, psi), q(1));
      // Any smaller shock removes nobody, and the graph is secure.
      same(worstCaseLossExact(g, eps.mul(q(999, 1000))), q(0));
      const fall = cascade(g, ['a']);
      expect(fall.steps.map(s => [s.services, s.validators])).toEqual([[['x'], ['b']]]);
      same(fall.lostFraction, q(1));
    });
  }
});

describe('Theorem 3: the bound (1 + 1/γ)ψ is tight', () => {
  // Service x (α = 1) backed by a and b; c backs nothing and only pads the total to σ(V) = 1.
  //   σ_a = ψ, σ_b = ψ/γ − ε, σ_c = 1 − σ_a − σ_b, π_x = (σ_a + σ_b)/(1 + γ).
  // Then T_a = T_b = π_x/(σ_a + σ_b) = 1/(1 + γ): the local condition certifies exactly γ, and the
  // one attacking coalition on x, {a, b}, has (1 + γ)π_x = σ(B): exactly γ-slack. A shock of a
  // (ψ of the stake) leaves b alone on x, and π_x − σ_b = γε/(1 + γ) > 0: b loots x, and the loss
  // is σ_a + σ_b = (1 + 1/γ)ψ − ε. (The summary prints π_x = (1 + 1/γ)ψ − ε, which breaks the
  // local condition; its own margin γεσ_a/((1 + γ)ψ) matches the π_x above.)
  const tight = (gamma: Rational, psi: Rational, epsilon: Rational): RestakingGraphInput => {
    const a = psi;
    const b = psi.div(gamma).sub(epsilon);
    const c = q(1).sub(a).sub(b);
    return {
      services: [{ id: 'x', profit: a.add(b).div(q(1).add(gamma)), threshold: 1 }],
      validators: [{ id: 'a', stake: a }, { id: 'b', stake: b }, { id: 'c', stake: c }],
      edges: [['x', 'a'], ['x', 'b']],
    };
  };

  const cases = [
    { gamma: q(1, 10), psi: q(1, 1000) }, // the paper's headline: 0.1% shock, 10% buffer → under 1.1%
    { gamma: q(1, 10), psi: q(1, 100) },
    { gamma: q(1, 2), psi: q(1, 10) },
    { gamma: q(3), psi: q(1, 5) },
  ];
  for (const { gamma, psi } of cases) {
    it(`approaches (1 + 1/γ)ψ from below for γ = ${gamma}, ψ = ${psi}`, () => {
      const bound = q(1).add(q(1).div(gamma)).mul(psi);
      let previous = q(0);
      for (const epsilon of [psi.div(gamma).div(q(2)), q(1, 10n ** 6n).mul(psi), q(1, 10n ** 18n)]) {
        const g = tight(gamma, psi, epsilon);
        same(slackGamma(g), gamma);
        same(localCondition(g).gammaStar, gamma);
        const loss = worstCaseLossExact(g, psi);
        same(loss, bound.sub(epsilon));
        expect(loss.lt(bound)).toBe(true);
        expect(previous.lt(loss)).toBe(true);
        previous = loss;
      }
    });
  }
});

describe('restaking graph: input validation', () => {
  const base = (): RestakingGraphInput => halfThreshold(10);
  const field = invalidField;

  it('names the field of an unknown id', () => {
    expect(field(() => isSecure({ ...base(), edges: [['x', 'a'], ['z', 'b']] }))).toBe('edges[1][0]');
    expect(field(() => isSecure({ ...base(), edges: [['x', 'q']] }))).toBe('edges[0][1]');
    expect(field(() => cascade(base(), ['a', 'nobody']))).toBe('shockSet[1]');
    expect(() => cascade(base(), ['nobody'])).toThrow(/shockSet\[0\]: unknown validator id "nobody"/);
  });

  it('rejects thresholds outside (0, 1]', () => {
    for (const threshold of [0, '1.5', '-0.2', 1.0000001]) {
      const g = { ...base(), services: [{ id: 'x', profit: 1, threshold }] };
      expect(() => slackGamma(g)).toThrow(/services\[0\]\.threshold: must be in \(0, 1\]/);
    }
  });

  it('rejects negative or malformed amounts, duplicates and a bad ψ', () => {
    const negative = { ...base(), validators: [{ id: 'a', stake: 8 }, { id: 'b', stake: '-0.01' }] };
    expect(() => localCondition(negative)).toThrow(/validators\[1\]\.stake: must be ≥ 0/);
    const words = { ...base(), validators: [{ id: 'a', stake: 'eight' }, { id: 'b', stake: 8 }] };
    expect(field(() => isSecure(words))).toBe('validators[0].stake');
    const negativeProfit = { ...base(), services: [{ id: 'x', profit: -1, threshold: 1 }] };
    expect(field(() => isSecure(negativeProfit))).toBe('services[0].profit');
    const twice = { ...base(), validators: [{ id: 'a', stake: 8 }, { id: 'a', stake: 8 }] };
    expect(field(() => isSecure(twice))).toBe('validators[1].id');
    expect(field(() => isSecure({ ...base(), edges: [['x', 'a'], ['x', 'a']] }))).toBe('edges[1]');
    expect(field(() => worstCaseLoss(base(), '1.01'))).toBe('psi');
    expect(field(() => worstCaseLoss(base(), -0.1))).toBe('psi');
    expect(field(() => isSecure({ ...base(), services: 'x' } as unknown as RestakingGraphInput))).toBe('services');
    const noStake = { ...base(), validators: [{ id: 'a', stake: 0 }, { id: 'b', stake: 0 }] };
    expect(() => worstCaseLoss(noStake, 0)).toThrow(/total stake is zero/);
  });

  it('refuses graphs too large to enumerate instead of hanging, and searches them', () => {
    const validators = Array.from({ length: 21 }, (_, i) => ({ id: `v${i}`, stake: 1 }));
    const g = { services: [{ id: 'x', profit: 1, threshold: 1 }], validators, edges: [['x', 'v0']] as [string, string][] };
    expect(() => slackGamma(g)).toThrow(/at most 20 validators/);
    expect(localCondition(g).validators).toHaveLength(21);
    // v0 alone holds x and forfeits exactly its profit: not a valid attack.
    expect(isSecure(g)).toBe(true);
    expect(isSecure({ ...g, services: [{ id: 'x', profit: '1.5', threshold: 1 }] })).toBe(false);
  });
});
