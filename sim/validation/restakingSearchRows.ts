// Two rows of validation spec §2 that test the restaking analyses, not a formula against itself:
// - (a) the branch-and-bound attack search gives the same cheapest valid attack (services,
//   validators, profit and cost, ties included) as exhaustive enumeration written from the
//   definitions, on seeded random graphs of up to 14 validators under each attack-cost model;
// - (c) Theorem 1 of Durvasula and Roughgarden: on a γ-slack graph, R_ψ < (1 + 1/γ)ψ, counted only
//   where it says something: a cascade beyond the shock (R_ψ > ψ) and a bound below 1. Random
//   graphs are pushed to the edge of security (profits scaled to a thin slack γ, shocks of one
//   validator's share), so that most cases are such.
// Each row takes the function it tests as an input, so that a test can hand it a planted bug and
// watch it fail (test/validation/restakingSearchRows.test.ts).
import { Rational } from '../analysis/rational.js';
import { cheapestValidAttack, slackGamma, worstCaseLossExact, type RestakingGraphInput } from '../analysis/restakingGraph.js';
import { parseGraph } from '../analysis/restakingInput.js';
import { streams, type RandomStream } from '../engine/index.js';
import { cheapestAttackByEnumeration, type EnumeratedAttack } from './attackEnumeration.js';
import { randomRestakingGraph } from './restakingSamples.js';
import { exactRow, type ReproductionRow } from './rows.js';

const SECTION = '§2 restaking security';
const PAPER = 'Durvasula & Roughgarden, ITCS 2025 (arXiv 2407.21785)';

/** A search under test: the cheapest valid attack in the graph's integers (indices, scaled amounts). */
export type AttackSearchUnderTest = (graph: RestakingGraphInput) => EnumeratedAttack | undefined;

/** The lab's search through its public entry, read back as indices and scaled integers. */
export const labSearch: AttackSearchUnderTest = graph => {
  const g = parseGraph(graph);
  const found = cheapestValidAttack(graph);
  if (found === undefined) return undefined;
  const scaled = (x: Rational): bigint => (x.num * g.scale) / x.den;
  return {
    services: found.services.map(id => g.serviceIds.indexOf(id)),
    validators: found.validators.map(id => g.validatorIds.indexOf(id)),
    profit: scaled(found.profit),
    cost: scaled(found.cost),
  };
};

export const SEARCH_GRAPHS = 200;
const MODELS = ['stake', 'allocated', 'elastic'] as const;

/** Row (a): each of `graphs` random graphs (2-14 validators, 1-4 services) under each model. */
export function searchAgreementRow(search: AttackSearchUnderTest = labSearch, graphs = SEARCH_GRAPHS): ReproductionRow {
  const rng = streams('reproduce-attack-search').get('graphs');
  let agree = 0;
  const withAttack: Record<(typeof MODELS)[number], number> = { stake: 0, allocated: 0, elastic: 0 };
  for (let i = 0; i < graphs; i++) {
    // One shape and one stream per graph: the three models' graphs share validators, services and edges.
    const shape = { validators: [2, 14] as [number, number], services: [1, 4] as [number, number], maxStake: 20, maxProfit: 20 + Math.floor(rng.next() * 60), edgeProbability: 0.3 + 0.4 * rng.next() };
    const seed = `${i}`;
    for (const model of MODELS) {
      const graph = randomRestakingGraph(streams('reproduce-attack-search').get(seed), model, shape);
      const expected = cheapestAttackByEnumeration(graph);
      if (expected !== undefined) withAttack[model]++;
      if (sameAttack(search(graph), expected)) agree++;
    }
  }
  const compared = graphs * MODELS.length;
  return exactRow(
    {
      section: SECTION,
      name: `attack search = exhaustive enumeration (share of ${graphs} graphs × 3 cost models; graphs with an attack: stake ${withAttack.stake}, allocated ${withAttack.allocated}, elastic ${withAttack.elastic})`,
      source: 'definition of a valid attack (Durvasula & Roughgarden; EigenLayer unique stake; Bar-Zur & Eyal)',
      claim: 'every graph',
    },
    1,
    agree / compared,
    0,
    `exact integers: services, validators, profit and cost compared, ties included; 2-14 validators, 1-4 services, small integer amounts so that ties and threshold equalities occur`,
  );
}

function sameAttack(a: EnumeratedAttack | undefined, b: EnumeratedAttack | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const same = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.cost === b.cost && a.profit === b.profit && same(a.services, b.services) && same(a.validators, b.validators);
}

/** R_ψ of a graph: the lab's worst-case loss. */
export type WorstCaseUnderTest = (graph: RestakingGraphInput, psi: Rational) => Rational;

export const THEOREM_ONE_GRAPHS = 160;
/** Non-vacuous cases the row must see. */
export const THEOREM_ONE_MIN_CASES = 50;
const SLACKS = ['0.05', '0.1', '0.2', '0.3'].map(s => Rational.fromDecimalString(s));

/**
 * Row (c). Each graph (4-9 validators, 1-4 services, α in quarters and thirds) has its profits
 * scaled so that its exact slack is a thin γ ∈ {0.05, 0.1, 0.2, 0.3}; then each shock ψ equal to
 * one validator's share of the stake with (1 + 1/γ)ψ < 1 is a case. It passes when every case has
 * R_ψ < (1 + 1/γ)ψ and at least THEOREM_ONE_MIN_CASES cases cascade beyond the shock.
 */
export function theoremOneRow(worstCase: WorstCaseUnderTest = worstCaseLossExact, graphs = THEOREM_ONE_GRAPHS): ReproductionRow {
  const rng = streams('reproduce-theorem-1').get('graphs');
  let cases = 0;
  let cascading = 0;
  let under = 0;
  let worstRatio = 0;
  for (let i = 0; i < graphs; i++) {
    const graph = nearTheEdge(rng);
    if (graph === undefined) continue;
    const { g: input, gamma } = graph;
    const total = input.validators.reduce((sum, v) => sum.add(v.stake as Rational), Rational.ZERO);
    const factor = Rational.ONE.add(Rational.ONE.div(gamma));
    const shares = new Map<string, Rational>();
    for (const v of input.validators) {
      const share = (v.stake as Rational).div(total);
      shares.set(share.toString(), share);
    }
    for (const psi of shares.values()) {
      const bound = factor.mul(psi);
      if (!bound.lt(Rational.ONE)) continue;
      cases++;
      const loss = worstCase(input, psi);
      if (loss.lt(bound)) under++;
      if (psi.lt(loss)) cascading++;
      worstRatio = Math.max(worstRatio, loss.div(bound).toNumber());
    }
  }
  const pass = under === cases && cascading >= THEOREM_ONE_MIN_CASES;
  return {
    ...exactRow(
      {
        section: SECTION,
        name: `Theorem 1 near the edge: R_ψ < (1 + 1/γ)ψ on γ-slack graphs (share of ${cases} cases with bound < 1; ${cascading} non-vacuous: a cascade beyond the shock, at least ${THEOREM_ONE_MIN_CASES} required)`,
        source: PAPER,
        claim: 'every case',
      },
      1,
      cases === 0 ? 0 : under / cases,
      0,
      `exact rationals; ${graphs} seeded graphs (4-9 validators) with profits scaled to slack γ ∈ {0.05, 0.1, 0.2, 0.3} (exact γ by enumeration), ψ = one validator's share; largest R_ψ / bound = ${worstRatio.toFixed(4)}`,
    ),
    pass,
  };
}

/** A random graph with its profits scaled so that its exact slack is one of SLACKS, or undefined if it has none. */
function nearTheEdge(rng: RandomStream): { g: RestakingGraphInput; gamma: Rational } | undefined {
  const base = randomRestakingGraph(rng, 'stake', { validators: [4, 9], services: [1, 4], maxStake: 20, maxProfit: 40, edgeProbability: 0.6 });
  const slack = slackGamma(base);
  if (slack === null || !Rational.ONE.neg().lt(slack)) return undefined;
  const gamma = SLACKS[Math.floor(rng.next() * SLACKS.length)] as Rational;
  // Slack is σ(B)/π(A) − 1 at the tightest coalition, so scaling every profit by k maps 1 + γ to (1 + γ)/k.
  const k = Rational.ONE.add(slack).div(Rational.ONE.add(gamma));
  const toRational = (x: unknown): Rational => (x instanceof Rational ? x : Rational.fromNumber(Number(x)));
  return {
    g: {
      ...base,
      services: base.services.map(s => ({ ...s, profit: toRational(s.profit).mul(k) })),
      validators: base.validators.map(v => ({ ...v, stake: toRational(v.stake) })),
    },
    gamma,
  };
}
