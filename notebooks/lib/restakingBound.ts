// The Durvasula-Roughgarden bound for a contagion scenario: after a shock that removes a share ψ of
// all stake, a graph with slack γ loses at most (1 + 1/γ)·ψ of it to the shock and the cascade.
//
// The results hold no restaking graph (operators pick their services at random, stakers their
// operators by yield, and both change during a run), so the bound is taken on the graph the
// scenario describes: every operator holds an equal share of the expected stake and backs
// `setsPerOperator` services, assigned round robin so that every service has the same backers.
// Runs above the bound are runs whose realised graph had less slack than that design.
import { localCondition, slackGamma, type RestakingGraphInput } from '../../sim/analysis/restakingGraph.ts';

/** The scenario fields the design graph is built from (a resolved sweep point's parameters). */
export interface ContagionDesign {
  readonly stakers: { readonly count: number; readonly deposit: { readonly mean: number } };
  readonly operators: { readonly count: number; readonly allocation: { readonly setsPerOperator: number } };
  readonly services: { readonly count: number; readonly profitFromCorruption: number; readonly attackThreshold: number };
}

/**
 * The design graph's slack γ, null when no coalition can corrupt a profitable service. 'exact'
 * searches every coalition; beyond 20 operators that search would take hours, and the slack the
 * EigenLayer local condition certifies, γ* = min_v 1/T_v − 1, stands in: a lower bound on γ, so
 * a looser bound on the loss that still holds.
 */
export interface DesignSlack {
  readonly gamma: number | null;
  readonly method: 'exact' | 'local condition';
}

const EXACT_SEARCH_OPERATORS = 20;

export function designGraph(design: ContagionDesign): RestakingGraphInput {
  const { stakers, operators, services } = design;
  const stake = (stakers.count * stakers.deposit.mean) / operators.count;
  const sets = Math.min(operators.allocation.setsPerOperator, services.count);
  const serviceIds = Array.from({ length: services.count }, (_, s) => `service:${s}`);
  const validators = Array.from({ length: operators.count }, (_, v) => ({ id: `operator:${v}`, stake }));
  const edges: [string, string][] = [];
  for (let v = 0; v < operators.count; v++) {
    for (let j = 0; j < sets; j++) edges.push([serviceIds[(v * sets + j) % services.count]!, `operator:${v}`]);
  }
  return {
    services: serviceIds.map((id) => ({ id, profit: services.profitFromCorruption, threshold: services.attackThreshold })),
    validators,
    edges,
  };
}

export function designSlack(design: ContagionDesign): DesignSlack {
  const graph = designGraph(design);
  if (design.operators.count <= EXACT_SEARCH_OPERATORS) return { gamma: slackGamma(graph)?.toNumber() ?? null, method: 'exact' };
  return { gamma: localCondition(graph).gammaStar?.toNumber() ?? null, method: 'local condition' };
}

/**
 * (1 + 1/γ)·ψ, capped at all of the stake; ψ alone when nothing is worth corrupting (γ null);
 * undefined when γ ≤ 0 (an insecure graph has no bound).
 */
export function contagionBound(gamma: number | null, psi: number): number | undefined {
  if (gamma === null) return psi;
  if (!(gamma > 0)) return undefined;
  return Math.min(1, (1 + 1 / gamma) * psi);
}
