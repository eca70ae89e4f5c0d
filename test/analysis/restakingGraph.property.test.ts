// Theorem 1 of Durvasula and Roughgarden (arXiv 2407.21785) and the local condition (their Claim 1
// and Corollary 2) checked on thousands of random small graphs with exact arithmetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../sim/analysis/rational.js';
import {
  cascade,
  localCondition,
  slackGamma,
  worstCaseLossExact,
  type RestakingGraphInput,
} from '../../sim/analysis/restakingGraph.js';

const SHOCKS = ['0.01', '0.05', '0.2', '0.5'].map(Rational.fromDecimalString);

// Up to 5 services and 6 validators; stakes in halves as decimal strings, thresholds in tenths as
// numbers, profits kept below typical backing so that a good share of graphs have positive slack.
const smallGraph: fc.Arbitrary<RestakingGraphInput> = fc
  .record({ services: fc.integer({ min: 1, max: 5 }), validators: fc.integer({ min: 1, max: 6 }) })
  .chain(({ services, validators }) =>
    fc.record({
      profits: fc.array(fc.integer({ min: 0, max: 16 }), { minLength: services, maxLength: services }),
      thresholds: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: services, maxLength: services }),
      halfStakes: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: validators, maxLength: validators }),
      adjacency: fc.array(fc.array(fc.boolean(), { minLength: validators, maxLength: validators }), {
        minLength: services,
        maxLength: services,
      }),
    }),
  )
  .filter(({ halfStakes }) => halfStakes.some(h => h > 0))
  .map(({ profits, thresholds, halfStakes, adjacency }) => ({
    services: profits.map((profit, s) => ({ id: `s${s}`, profit, threshold: (thresholds[s] ?? 10) / 10 })),
    validators: halfStakes.map((h, v) => ({ id: `v${v}`, stake: String(h / 2) })),
    edges: adjacency.flatMap((row, s) => row.flatMap((on, v) => (on ? [[`s${s}`, `v${v}`] as [string, string]] : []))),
  }));

describe('restaking graph: properties on random small graphs', () => {
  it('γ-slack with γ > 0 keeps every cascade under (1 + 1/γ)ψ (Theorem 1)', () => {
    let slackGraphs = 0;
    fc.assert(
      fc.property(smallGraph, graph => {
        const gamma = slackGamma(graph);
        if (gamma === null || gamma.sign() <= 0) return;
        slackGraphs++;
        const factor = Rational.ONE.add(Rational.ONE.div(gamma));
        for (const psi of SHOCKS) {
          const loss = worstCaseLossExact(graph, psi);
          expect(loss.lt(factor.mul(psi)), `R_${psi} = ${loss} with γ = ${gamma}`).toBe(true);
        }
      }),
      { seed: 7_2407_21785, numRuns: 5000 },
    );
    // The generator must actually produce graphs the theorem speaks about.
    expect(slackGraphs).toBeGreaterThan(1000);
  });

  it('the local condition certifies no more slack than the graph has (Corollary 2)', () => {
    let certified = 0;
    fc.assert(
      fc.property(smallGraph, graph => {
        const { gammaStar } = localCondition(graph);
        const gamma = slackGamma(graph);
        // Both are unbounded exactly when no service with profit can be corrupted.
        expect(gammaStar === null).toBe(gamma === null);
        if (gammaStar === null || gamma === null) return;
        if (gammaStar.sign() > 0) certified++;
        expect(gammaStar.le(gamma), `γ* = ${gammaStar} above slack ${gamma}`).toBe(true);
      }),
      { seed: 2025_48, numRuns: 5000 },
    );
    expect(certified).toBeGreaterThan(500);
  });

  it('a cascade never loses more than the worst case for a shock of its size (Corollary 1)', () => {
    fc.assert(
      fc.property(smallGraph, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (graph, pick) => {
        const shock = graph.validators.filter((_, v) => pick[v]);
        const total = graph.validators.reduce((sum, v) => sum.add(Rational.fromDecimalString(String(v.stake))), Rational.ZERO);
        const shocked = shock.reduce((sum, v) => sum.add(Rational.fromDecimalString(String(v.stake))), Rational.ZERO);
        const result = cascade(graph, shock.map(v => v.id));
        for (const step of result.steps) expect(step.cost.lt(step.profit)).toBe(true);
        const corrupted = result.steps.flatMap(step => step.services);
        expect(new Set(corrupted).size).toBe(corrupted.length);
        expect(result.lostFraction.le(worstCaseLossExact(graph, shocked.div(total)))).toBe(true);
      }),
      { seed: 31, numRuns: 1500 },
    );
  });
});
