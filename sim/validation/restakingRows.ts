// Reproduction rows for validation spec §2: Durvasula and Roughgarden, "Robust Restaking Networks"
// (ITCS 2025, arXiv 2407.21785). The theorems' constructions are evaluated exactly (rationals) by
// sim/analysis/restakingGraph.ts; Claim 1 is checked on seeded random small graphs, Theorem 1 on
// random graphs pushed to the edge of security and the attack search against enumeration
// (restakingSearchRows.ts). The world's attacker is checked against an independent solver in
// contagionRows.ts.
import { Rational } from '../analysis/rational.js';
import { localCondition, slackGamma, worstCaseLossExact, type RestakingGraphInput } from '../analysis/restakingGraph.js';
import { streams } from '../engine/index.js';
import { randomTokenGraph } from './pooledCascade.js';
import { searchAgreementRow, theoremOneRow } from './restakingSearchRows.js';
import { boundRow, exactRow, type ReproductionRow } from './rows.js';

const SECTION = '§2 restaking security (pooled)';
const PAPER = 'Durvasula & Roughgarden, ITCS 2025 (arXiv 2407.21785)';
const RANDOM_GRAPHS = 300;
const q = (num: bigint | number, den: bigint | number = 1n): Rational => Rational.of(num, den);

export function restakingRows(): ReproductionRow[] {
  const rows: ReproductionRow[] = [];

  // Theorem 1 at the paper's headline, on Theorem 3's tight construction: service x (α = 1) backed
  // by a (σ = ψ) and b (σ = ψ/γ − ε), c pads σ(V) to 1, π_x = (σ_a + σ_b)/(1 + γ): exactly γ-slack,
  // and a shock of a lets b loot x, losing (1 + 1/γ)ψ − ε.
  const gamma = q(1, 10);
  const psi = q(1, 1000);
  const bound = q(1).add(q(1).div(gamma)).mul(psi);
  const headline = worstCaseLossExact(tightGraph(gamma, psi, q(1, 10n ** 6n)), psi);
  const epsilon = q(1, 10n ** 18n);
  const gap = bound.sub(worstCaseLossExact(tightGraph(gamma, psi, epsilon), psi));
  rows.push(
    boundRow(
      { section: SECTION, name: 'Theorem 1: R_ψ with γ = 0.1, ψ = 0.001 (Theorem 3 graph, ε = 1e-6)', source: PAPER, claim: '< (1 + 1/γ)ψ = 1.1%' },
      'below',
      bound.toNumber(),
      headline.toNumber(),
      'exact rationals: strictly below the bound',
    ),
    exactRow(
      { section: SECTION, name: 'Theorem 3: the bound is tight: (1 + 1/γ)ψ − R_ψ on the same graph with ε = 1e-18', source: PAPER, claim: 'ε = 1e-18' },
      epsilon.toNumber(),
      gap.toNumber(),
      0,
      `exact rationals: the gap is ${gap.toString()}`,
    ),
  );

  // Theorem 2: x (π = 1, α = 1) backed by a (σ = ε) and b (σ = 1 − ε): T_a = T_b = 1, zero slack.
  const eps = q(1, 10n ** 9n);
  const fragile: RestakingGraphInput = {
    services: [{ id: 'x', profit: 1, threshold: 1 }],
    validators: [{ id: 'a', stake: eps }, { id: 'b', stake: q(1).sub(eps) }],
    edges: [['x', 'a'], ['x', 'b']],
  };
  rows.push(exactRow(
    { section: SECTION, name: 'Theorem 2: γ = 0 is fragile, R_ψ after a shock ψ = ε = 1e-9', source: PAPER, claim: '1 (all stake lost)' },
    1,
    worstCaseLossExact(fragile, eps).toNumber(),
    0,
    `exact rationals; slack γ = ${slackGamma(fragile)?.toString()}`,
  ));

  // Theorem 1 where it says something, and the attack search against enumeration.
  rows.push(theoremOneRow(), searchAgreementRow());

  // Claim 1 on random graphs with positive slack.
  const rng = streams('reproduce-restaking').get('graphs');
  let slackGraphs = 0;
  let certifiedBelowSlack = 0;
  for (let i = 0; i < RANDOM_GRAPHS; i++) {
    const graph = randomTokenGraph(rng);
    const slack = slackGamma(graph);
    if (slack === null || slack.sign() <= 0) continue;
    slackGraphs++;
    const certified = localCondition(graph).gammaStar;
    if (certified !== null && certified.le(slack)) certifiedBelowSlack++;
  }
  rows.push(
    exactRow(
      { section: SECTION, name: `Claim 1 (local condition): certified γ* ≤ true slack γ (share of ${slackGraphs} graphs)`, source: 'EigenLayer whitepaper Claim 1; paper Corollary 2', claim: 'every graph' },
      1,
      certifiedBelowSlack / slackGraphs,
      0,
      'exact rationals',
    ),
  );

  return rows;
}

function tightGraph(gamma: Rational, psi: Rational, epsilon: Rational): RestakingGraphInput {
  const a = psi;
  const b = psi.div(gamma).sub(epsilon);
  const c = q(1).sub(a).sub(b);
  return {
    services: [{ id: 'x', profit: a.add(b).div(q(1).add(gamma)), threshold: 1 }],
    validators: [{ id: 'a', stake: a }, { id: 'b', stake: b }, { id: 'c', stake: c }],
    edges: [['x', 'a'], ['x', 'b']],
  };
}
