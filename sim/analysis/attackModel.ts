// What an attack is under each cost model, in the integers of a parsed graph: the one place the
// exact search, the greedy search and the cascade read coverage and cost from.
//
// Service s is corrupted by coalition B when B's backing of s reaches its threshold:
//     Σ_{v∈B} a_{s,v} ≥ α_s · Σ_v a_{s,v},
// with a_{s,v} = σ_v on every edge under 'stake' (pooled stake backs each service in full) and
// a_{s,v} = w_{v,s} under 'allocated' and 'elastic'. Backing is an integer, so the test is
// Σ_{v∈B} a_{s,v} ≥ need_s = ⌈α_s · Σ_v a_{s,v}⌉. What (A, B) burns, per validator v ∈ B:
//     'stake':     σ_v
//     'allocated': Σ_{s∈A} w_{v,s}
//     'elastic':   min(σ_v, Σ_{s∈A} w_{v,s})
// (A, B) is a valid attack when B corrupts every service of A and π(A) > cost(A, B).
import type { AttackCostModel, RestakingGraph } from './restakingInput.js';

export interface AttackModel {
  readonly graph: RestakingGraph;
  readonly costModel: AttackCostModel;
  readonly services: number;
  readonly validators: number;
  /** a_{s,v}, dense: weight[s][v] (0 off the edges). */
  readonly weight: readonly (readonly bigint[])[];
  /** w_{v,s}, dense: allocation[s][v] (0 off the edges). */
  readonly allocation: readonly (readonly bigint[])[];
  /** ⌈α_s · Σ_v a_{s,v}⌉: the least backing that corrupts s (0 for a service nobody backs). */
  readonly need: readonly bigint[];
}

export function attackModel(graph: RestakingGraph): AttackModel {
  const m = graph.serviceIds.length;
  const n = graph.validatorIds.length;
  const allocation = Array.from({ length: m }, () => new Array<bigint>(n).fill(0n));
  const weight = Array.from({ length: m }, () => new Array<bigint>(n).fill(0n));
  graph.backers.forEach((list, s) =>
    list.forEach((v, i) => {
      const w = graph.allocation[s]?.[i] ?? 0n;
      (allocation[s] as bigint[])[v] = w;
      (weight[s] as bigint[])[v] = graph.costModel === 'stake' ? (graph.stake[v] ?? 0n) : w;
    }),
  );
  const need = weight.map((row, s) => {
    const total = row.reduce((sum, a) => sum + a, 0n);
    const num = (graph.thresholdNum[s] ?? 1n) * total;
    const den = graph.thresholdDen[s] ?? 1n;
    return (num + den - 1n) / den;
  });
  return { graph, costModel: graph.costModel, services: m, validators: n, weight, allocation, need };
}

/** What validator v burns in an attack on `services`. */
export function validatorCost(model: AttackModel, v: number, services: readonly number[]): bigint {
  const stake = model.graph.stake[v] ?? 0n;
  if (model.costModel === 'stake') return stake;
  let allocated = 0n;
  for (const s of services) allocated += model.allocation[s]?.[v] ?? 0n;
  return model.costModel === 'elastic' && allocated > stake ? stake : allocated;
}

/**
 * Under 'elastic', v's share of `amount` of its allocations: ⌊ρ_v·amount⌋ with ρ_v = min(1, σ_v / W_v)
 * and W_v all of v's allocations. What v burns on any A' is at least its share of its slices on A':
 * min(σ_v, Σ_{s∈A'} w_{v,s}) ≥ ρ_v·Σ_{s∈A'} w_{v,s}, the minimum being concave in the sum, which
 * lies in [0, W_v]. So it bounds the cost of a set's supersets by a sum over the services added.
 */
export function elasticShare(model: AttackModel, v: number, amount: bigint): bigint {
  const stake = model.graph.stake[v] ?? 0n;
  const total = model.allocation.reduce((sum, row) => sum + (row[v] ?? 0n), 0n);
  return total > stake ? (amount * stake) / total : amount;
}

export function attackCost(model: AttackModel, services: readonly number[], validators: readonly number[]): bigint {
  return validators.reduce((sum, v) => sum + validatorCost(model, v, services), 0n);
}

export function backing(model: AttackModel, s: number, validators: readonly number[]): bigint {
  const row = model.weight[s] ?? [];
  return validators.reduce((sum, v) => sum + (row[v] ?? 0n), 0n);
}

export function corrupts(model: AttackModel, s: number, validators: readonly number[]): boolean {
  return backing(model, s, validators) >= (model.need[s] ?? 0n);
}

export function profitOf(model: AttackModel, services: readonly number[]): bigint {
  return services.reduce((sum, s) => sum + (model.graph.profit[s] ?? 0n), 0n);
}
