// Restaking networks of realistic shape for the attack-search benchmark and the validation rows:
// each validator backs a few services, stakes spread like operators' (a few large, many small),
// services worth a share of the stake, thresholds of a half to two thirds. `nearEdge` scales the
// profits so that the local condition certifies a thin slack γ*, then removes the largest
// validators up to a shock fraction ψ: the graph an attacker faces after a shock on a network
// designed with a thin buffer (issue 12's case: γ* ≈ 0.07, ψ = 10-20%).
import { localCondition, type AttackCostModel, type RestakingGraphInput } from '../sim/analysis/restakingGraph.js';
import { parseAmount } from '../sim/analysis/restakingInput.js';
import { Rational } from '../sim/analysis/rational.js';
import type { RandomStream } from '../sim/engine/index.js';

export interface NetworkShape {
  readonly validators: number;
  readonly services: number;
  /** Services each validator backs. */
  readonly degree: number;
}

/** A pooled network in whole tokens: stakes 200-5,000 (log-uniform), profits near 40% of each service's backing. */
export function restakingNetwork(rng: RandomStream, shape: NetworkShape): RestakingGraphInput {
  const validators = Array.from({ length: shape.validators }, (_, v) => ({ id: `op${v}`, stake: Math.round(200 * 25 ** rng.next()) }));
  const edges: [string, string][] = [];
  for (const v of validators) {
    const picked = new Set<number>();
    while (picked.size < Math.min(shape.degree, shape.services)) picked.add(Math.floor(rng.next() * shape.services));
    for (const s of [...picked].sort((a, b) => a - b)) edges.push([`svc${s}`, v.id]);
  }
  const services = Array.from({ length: shape.services }, (_, s) => {
    const backing = edges.filter(([id]) => id === `svc${s}`).reduce((sum, [, v]) => sum + (validators.find(x => x.id === v)?.stake ?? 0), 0);
    return { id: `svc${s}`, profit: Math.round(backing * (0.3 + 0.2 * rng.next())), threshold: rng.next() < 0.5 ? Rational.of(1, 2) : Rational.of(2, 3) };
  });
  return { services, validators, edges };
}

/** Profits scaled so that γ* = `gamma` (whole tokens, rounded down), then the largest validators removed up to ψ of the stake. */
export function nearEdge(graph: RestakingGraphInput, gamma: number, psi: number): RestakingGraphInput {
  const certified = localCondition(graph).gammaStar;
  if (certified === null) return graph;
  const factor = (1 + certified.toNumber()) / (1 + gamma);
  const services = graph.services.map(s => ({ ...s, profit: Math.floor(Number(s.profit) * factor) }));
  const total = graph.validators.reduce((sum, v) => sum + Number(v.stake), 0);
  const byStake = [...graph.validators].sort((a, b) => Number(b.stake) - Number(a.stake));
  const gone = new Set<string>();
  let shocked = 0;
  for (const v of byStake) {
    if (shocked + Number(v.stake) > psi * total) continue;
    gone.add(v.id);
    shocked += Number(v.stake);
  }
  return {
    services,
    validators: graph.validators.filter(v => !gone.has(v.id)),
    edges: graph.edges.filter(([, v]) => !gone.has(v)),
  };
}

/**
 * The same network under another cost model: 'allocated' splits each stake evenly over its
 * services (unique stake); 'elastic' allocates 60% of the stake to each (restaking degree 1.8 at
 * three services). Allocations are whole units of the graph's amounts, rounded down.
 */
export function withCostModel(graph: RestakingGraphInput, model: AttackCostModel): RestakingGraphInput {
  if (model === 'stake') return { ...graph, attackCost: 'stake' };
  const degree = new Map<string, bigint>();
  for (const [, v] of graph.edges) degree.set(v, (degree.get(v) ?? 0n) + 1n);
  const stake = new Map(graph.validators.map(v => [v.id, parseAmount(v.stake, `validators[${v.id}].stake`)]));
  const share = (validator: string): Rational => {
    const sigma = stake.get(validator) ?? Rational.ZERO;
    const [num, den] = model === 'allocated' ? [1n, degree.get(validator) ?? 1n] : [6n, 10n];
    return Rational.of((sigma.num * num) / (sigma.den * den));
  };
  return { ...graph, attackCost: model, allocations: graph.edges.map(([service, validator]) => ({ service, validator, amount: share(validator) })) };
}

export interface ContagionShape {
  readonly stakers: number;
  readonly operators: number;
  readonly services: number;
  /** Services each operator backs. */
  readonly setsPerOperator: number;
  /** Mean and coefficient of variation of a staker's deposit, in tokens (lognormal). */
  readonly depositMean: number;
  readonly depositCv: number;
  /** π_s in tokens, α_s. */
  readonly profit: number;
  readonly threshold: Rational;
}

/** scenarios/contagion.yaml at full scale: 1,000 stakers of 32 tokens (cv 1) over 30 operators on 3 of 5 services, π = 3,000, α = 1/2. */
export const CONTAGION_SCALE: ContagionShape = {
  stakers: 1000,
  operators: 30,
  services: 5,
  setsPerOperator: 3,
  depositMean: 32,
  depositCv: 1,
  profit: 3000,
  threshold: Rational.of(1, 2),
};

const WEI = 10n ** 18n;

/**
 * A pooled graph shaped like a contagion.yaml run, amounts in base units (10^18 per token): each
 * staker's lognormal deposit goes to an operator drawn uniformly, and each operator backs
 * `setsPerOperator` services drawn uniformly. Then the largest operators that fit in ψ of the stake
 * are removed, as the `validators` shock does.
 */
export function contagionNetwork(rng: RandomStream, shape: ContagionShape, psi: number): RestakingGraphInput {
  const sigma = Math.sqrt(Math.log(1 + shape.depositCv ** 2));
  const mu = Math.log(shape.depositMean) - sigma ** 2 / 2;
  const stake = new Array<bigint>(shape.operators).fill(0n);
  for (let i = 0; i < shape.stakers; i++) {
    // Box-Muller from two uniforms of the stream.
    const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const deposit = BigInt(Math.round(Math.exp(mu + sigma * normal) * 1e6)) * (WEI / 1_000_000n);
    const operator = Math.floor(rng.next() * shape.operators);
    stake[operator] = (stake[operator] ?? 0n) + deposit;
  }
  const validators = stake.map((s, v) => ({ id: `op${v}`, stake: s }));
  const edges: [string, string][] = [];
  for (const v of validators) {
    const picked = new Set<number>();
    while (picked.size < Math.min(shape.setsPerOperator, shape.services)) picked.add(Math.floor(rng.next() * shape.services));
    for (const s of [...picked].sort((a, b) => a - b)) edges.push([`svc${s}`, v.id]);
  }
  const total = stake.reduce((a, b) => a + b, 0n);
  const budget = (total * BigInt(Math.round(psi * 1e6))) / 1_000_000n;
  const gone = new Set<string>();
  let shocked = 0n;
  for (const v of [...validators].sort((a, b) => (a.stake === b.stake ? 0 : a.stake > b.stake ? -1 : 1))) {
    if (shocked + v.stake > budget) continue;
    gone.add(v.id);
    shocked += v.stake;
  }
  return {
    services: Array.from({ length: shape.services }, (_, s) => ({ id: `svc${s}`, profit: Rational.of(BigInt(shape.profit) * WEI), threshold: shape.threshold })),
    validators: validators.filter(v => !gone.has(v.id)).map(v => ({ id: v.id, stake: Rational.of(v.stake) })),
    edges: edges.filter(([, v]) => !gone.has(v)),
  };
}

/** The same graph with every amount (profits, stakes and allocations, in base units) rounded down to whole tokens. */
export function inWholeTokens(graph: RestakingGraphInput): RestakingGraphInput {
  const tokens = (x: unknown, field: string): Rational => {
    const amount = parseAmount(x, field);
    return Rational.of(amount.num / amount.den / WEI);
  };
  return {
    ...graph,
    services: graph.services.map(s => ({ ...s, profit: tokens(s.profit, `services[${s.id}].profit`) })),
    validators: graph.validators.map(v => ({ ...v, stake: tokens(v.stake, `validators[${v.id}].stake`) })),
    ...(graph.allocations === undefined ? {} : { allocations: graph.allocations.map(a => ({ ...a, amount: tokens(a.amount, 'allocations.amount') })) }),
  };
}

