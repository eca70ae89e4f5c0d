// The two restaking rows that test the analyses (sim/validation/restakingSearchRows.ts) go red when
// the analysis they check is wrong in the way they are meant to catch: planted bugs in the attack
// search's integer model, and a weakened or overreaching worst case.
import { describe, expect, it } from 'vitest';
import { attackModel, type AttackModel } from '../../sim/analysis/attackModel.js';
import { cheapestAttackExact } from '../../sim/analysis/attackSearch.js';
import { Rational } from '../../sim/analysis/rational.js';
import { worstCaseLossExact, type RestakingGraphInput } from '../../sim/analysis/restakingGraph.js';
import { parseGraph } from '../../sim/analysis/restakingInput.js';
import {
  THEOREM_ONE_MIN_CASES,
  labSearch,
  searchAgreementRow,
  theoremOneRow,
  type AttackSearchUnderTest,
} from '../../sim/validation/restakingSearchRows.js';

/** The exact search run on a model that a bug has changed. */
const plantedSearch = (bug: (model: AttackModel) => AttackModel): AttackSearchUnderTest => (graph: RestakingGraphInput) =>
  cheapestAttackExact(bug(attackModel(parseGraph(graph)))).attack;

const GRAPHS = 40;

describe('row (a): attack search against enumeration', () => {
  it('passes with the lab search', () => {
    const row = searchAgreementRow(labSearch, GRAPHS);
    expect(row.pass).toBe(true);
    expect(row.lab).toBe(1);
  });

  it('goes red when a backing equal to the threshold no longer corrupts (≥ taken as >)', () => {
    const row = searchAgreementRow(plantedSearch(model => ({ ...model, need: model.need.map(n => n + 1n) })), GRAPHS);
    expect(row.pass).toBe(false);
    expect(row.lab).toBeLessThan(0.97);
  });

  it('goes red when the first validator is dropped from every coalition\'s backing', () => {
    const bug = (model: AttackModel): AttackModel => ({ ...model, weight: model.weight.map(row => row.map((a, v) => (v === 0 ? 0n : a))) });
    const row = searchAgreementRow(plantedSearch(bug), GRAPHS);
    expect(row.pass).toBe(false);
    expect(row.lab).toBeLessThan(0.97);
  });
});

describe('row (c): Theorem 1 near the edge of security', () => {
  it('passes with the lab worst case, on enough non-vacuous cases', () => {
    const row = theoremOneRow();
    expect(row.pass).toBe(true);
    const cascading = Number(/(\d+) non-vacuous/.exec(row.name)?.[1]);
    expect(cascading).toBeGreaterThanOrEqual(THEOREM_ONE_MIN_CASES);
  });

  it('goes red when the cascade is weakened to nothing beyond the shock', () => {
    // The heaviest shock alone: what R_ψ would be if no attack ever followed.
    const shockOnly = (graph: RestakingGraphInput, psi: Rational): Rational =>
      worstCaseLossExact({ ...graph, services: graph.services.map(s => ({ ...s, profit: 0 })) }, psi);
    const row = theoremOneRow(shockOnly);
    expect(row.lab).toBe(1); // still under the bound everywhere...
    expect(row.pass).toBe(false); // ...but it no longer tests anything
    expect(row.name).toMatch(/; 0 non-vacuous/);
  });

  it('goes red when the shock may take twice its budget', () => {
    const doubled = (graph: RestakingGraphInput, psi: Rational): Rational =>
      worstCaseLossExact(graph, Rational.min(Rational.ONE, psi.mul(Rational.of(2))));
    const row = theoremOneRow(doubled);
    expect(row.pass).toBe(false);
    expect(row.lab).toBeLessThan(1);
  });
});
