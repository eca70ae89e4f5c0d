// Seeded random restaking graphs under each attack-cost model, for the attack-search validation row
// and tests. Small integer amounts make exact ties and threshold equalities common, which is where
// a search goes wrong.
import { Rational } from '../analysis/rational.js';
import type { AttackCostModel, RestakingGraphInput } from '../analysis/restakingGraph.js';
import type { RandomStream } from '../engine/index.js';

export interface GraphShape {
  validators: [number, number];
  services: [number, number];
  maxStake: number;
  maxProfit: number;
  edgeProbability: number;
}

const THRESHOLDS: [number, number?][] = [[1, 4], [1, 3], [1, 2], [2, 3], [3, 4], [1]];

export function randomRestakingGraph(rng: RandomStream, model: AttackCostModel, shape: GraphShape): RestakingGraphInput {
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  const n = int(...shape.validators);
  const m = int(...shape.services);
  const validators = Array.from({ length: n }, (_, v) => ({ id: `v${v}`, stake: int(1, shape.maxStake) }));
  const services = Array.from({ length: m }, (_, s) => {
    const [num, den = 1] = THRESHOLDS[int(0, THRESHOLDS.length - 1)] as [number, number?];
    return { id: `s${s}`, profit: int(0, shape.maxProfit), threshold: Rational.of(num, den) };
  });
  const edges: [string, string][] = [];
  for (const v of validators) for (const s of services) if (rng.next() < shape.edgeProbability) edges.push([s.id, v.id]);
  // Allocations after every edge is drawn, so that the same stream gives the same graph under each model.
  const allocations: { service: string; validator: string; amount: number }[] = [];
  const left = new Map(validators.map(v => [v.id, v.stake]));
  for (const [service, validator] of edges) {
    const stake = validators.find(v => v.id === validator)?.stake ?? 0;
    if (model === 'allocated') {
      const amount = int(0, left.get(validator) ?? 0);
      left.set(validator, (left.get(validator) ?? 0) - amount);
      allocations.push({ service, validator, amount });
    } else if (model === 'elastic') {
      allocations.push({ service, validator, amount: int(0, stake) });
    }
  }
  return { services, validators, edges, attackCost: model, ...(model === 'stake' ? {} : { allocations }) };
}
