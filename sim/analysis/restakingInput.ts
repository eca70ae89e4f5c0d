// The restaking graph as callers write it, its validation, and the integer form every analysis of
// sim/analysis works on (restakingGraph.ts, attackSearch.ts, greedyAttack.ts, attackMip.ts).
//
// Three attack-cost models read the same graph (see restakingGraph.ts for the definitions):
// - 'stake' (pooled, Durvasula-Roughgarden): σ_v backs every service v has an edge to, in full.
//   Allocations, if given, are checked for their ids and sign and otherwise not read.
// - 'allocated' (EigenLayer unique stake): v backs s with w_{v,s}; Σ_s w_{v,s} ≤ σ_v.
// - 'elastic' (Bar-Zur and Eyal): v backs s with w_{v,s} ≤ σ_v; the sum may exceed σ_v.
// An edge without an allocation allocates σ_v, so under 'allocated' a validator with more than one
// edge must say how it splits its stake.
import { Rational } from './rational.js';

export type Amount = number | string | Rational;

/** What an attack (A, B) burns: σ(B), the slices B allocated to A, or those capped at each σ_v. */
export type AttackCostModel = 'stake' | 'allocated' | 'elastic';

export const ATTACK_COST_MODELS: readonly AttackCostModel[] = ['stake', 'allocated', 'elastic'];

export interface RestakingGraphInput {
  services: readonly { id: string; profit: Amount; threshold: Amount }[];
  validators: readonly { id: string; stake: Amount }[];
  /** `[serviceId, validatorId]`: the validator restakes for the service. */
  edges: readonly (readonly [string, string])[];
  /** w_{v,s}, one entry per edge at most; an edge without one allocates the validator's whole stake. */
  allocations?: readonly { service: string; validator: string; amount: Amount }[];
  /** Default 'stake'. */
  attackCost?: AttackCostModel;
}

/** Bad graph input, naming the offending field (e.g. `services[2].threshold`). */
export class InvalidRestakingGraphError extends Error {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InvalidRestakingGraphError';
  }
}

/**
 * A validated graph with every amount an integer over one shared denominator `scale` (so amounts
 * compare and add exactly) and validators and services as indices in input order.
 */
export interface RestakingGraph {
  serviceIds: string[];
  validatorIds: string[];
  profit: bigint[];
  thresholdNum: bigint[];
  thresholdDen: bigint[];
  stake: bigint[];
  /** Validators backing each service, in input order. */
  backers: number[][];
  /** w_{v,s} of each entry of `backers` (σ_v where the input gave none). */
  allocation: bigint[][];
  costModel: AttackCostModel;
  scale: bigint;
}

export function parseAmount(value: unknown, field: string): Rational {
  if (value instanceof Rational) return value;
  try {
    if (typeof value === 'number') return Rational.fromNumber(value);
    if (typeof value === 'string') return Rational.fromDecimalString(value);
  } catch (error) {
    throw new InvalidRestakingGraphError(field, (error as Error).message);
  }
  throw new InvalidRestakingGraphError(field, `expected a number or a decimal string, got ${typeof value}`);
}

function parseId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRestakingGraphError(field, 'expected a non-empty string id');
  }
  return value;
}

function parseList<T>(value: unknown, field: string): readonly T[] {
  if (!Array.isArray(value)) throw new InvalidRestakingGraphError(field, 'expected an array');
  return value as readonly T[];
}

function parseCostModel(value: unknown): AttackCostModel {
  if (value === undefined) return 'stake';
  if (ATTACK_COST_MODELS.includes(value as AttackCostModel)) return value as AttackCostModel;
  throw new InvalidRestakingGraphError('attackCost', `expected one of ${ATTACK_COST_MODELS.join(', ')}, got ${JSON.stringify(value)}`);
}

export function parseGraph(input: RestakingGraphInput): RestakingGraph {
  if (typeof input !== 'object' || input === null) throw new InvalidRestakingGraphError('graph', 'expected an object');
  const services = parseList<RestakingGraphInput['services'][number]>(input.services, 'services');
  const validators = parseList<RestakingGraphInput['validators'][number]>(input.validators, 'validators');
  const edges = parseList<RestakingGraphInput['edges'][number]>(input.edges, 'edges');
  const costModel = parseCostModel(input.attackCost);

  const serviceIndex = new Map<string, number>();
  const profits: Rational[] = [];
  const thresholds: Rational[] = [];
  services.forEach((service, i) => {
    const id = parseId(service?.id, `services[${i}].id`);
    if (serviceIndex.has(id)) throw new InvalidRestakingGraphError(`services[${i}].id`, `duplicate id ${JSON.stringify(id)}`);
    serviceIndex.set(id, i);
    const profit = parseAmount(service.profit, `services[${i}].profit`);
    if (profit.sign() < 0) throw new InvalidRestakingGraphError(`services[${i}].profit`, `must be ≥ 0, got ${profit}`);
    const threshold = parseAmount(service.threshold, `services[${i}].threshold`);
    if (threshold.sign() <= 0 || Rational.ONE.lt(threshold)) {
      throw new InvalidRestakingGraphError(`services[${i}].threshold`, `must be in (0, 1], got ${threshold}`);
    }
    profits.push(profit);
    thresholds.push(threshold);
  });

  const validatorIndex = new Map<string, number>();
  const stakes: Rational[] = [];
  validators.forEach((validator, i) => {
    const id = parseId(validator?.id, `validators[${i}].id`);
    if (validatorIndex.has(id)) throw new InvalidRestakingGraphError(`validators[${i}].id`, `duplicate id ${JSON.stringify(id)}`);
    validatorIndex.set(id, i);
    const stake = parseAmount(validator.stake, `validators[${i}].stake`);
    if (stake.sign() < 0) throw new InvalidRestakingGraphError(`validators[${i}].stake`, `must be ≥ 0, got ${stake}`);
    stakes.push(stake);
  });

  const backers: number[][] = services.map(() => []);
  const edgeAt = new Map<string, number>();
  edges.forEach((edge, i) => {
    if (!Array.isArray(edge) || edge.length !== 2) {
      throw new InvalidRestakingGraphError(`edges[${i}]`, 'expected a [serviceId, validatorId] pair');
    }
    const s = serviceIndex.get(edge[0]);
    if (s === undefined) throw new InvalidRestakingGraphError(`edges[${i}][0]`, `unknown service id ${JSON.stringify(edge[0])}`);
    const v = validatorIndex.get(edge[1]);
    if (v === undefined) throw new InvalidRestakingGraphError(`edges[${i}][1]`, `unknown validator id ${JSON.stringify(edge[1])}`);
    const key = `${s}:${v}`;
    if (edgeAt.has(key)) throw new InvalidRestakingGraphError(`edges[${i}]`, `duplicate edge ${JSON.stringify(edge)}`);
    edgeAt.set(key, i);
    backers[s]?.push(v);
  });
  // Backers in input order of validators, whatever the order of the edges.
  for (const list of backers) list.sort((a, b) => a - b);

  const given = new Map<string, Rational>();
  if (input.allocations !== undefined) {
    parseList<NonNullable<RestakingGraphInput['allocations']>[number]>(input.allocations, 'allocations').forEach((entry, i) => {
      const field = `allocations[${i}]`;
      if (typeof entry !== 'object' || entry === null) throw new InvalidRestakingGraphError(field, 'expected { service, validator, amount }');
      const s = serviceIndex.get(entry.service);
      if (s === undefined) throw new InvalidRestakingGraphError(`${field}.service`, `unknown service id ${JSON.stringify(entry.service)}`);
      const v = validatorIndex.get(entry.validator);
      if (v === undefined) throw new InvalidRestakingGraphError(`${field}.validator`, `unknown validator id ${JSON.stringify(entry.validator)}`);
      const key = `${s}:${v}`;
      if (!edgeAt.has(key)) throw new InvalidRestakingGraphError(field, `no edge [${JSON.stringify(entry.service)}, ${JSON.stringify(entry.validator)}] to allocate on`);
      if (given.has(key)) throw new InvalidRestakingGraphError(field, `second allocation of ${JSON.stringify(entry.validator)} to ${JSON.stringify(entry.service)}`);
      const amount = parseAmount(entry.amount, `${field}.amount`);
      if (amount.sign() < 0) throw new InvalidRestakingGraphError(`${field}.amount`, `must be ≥ 0, got ${amount}`);
      const stake = stakes[v] ?? Rational.ZERO;
      if (costModel !== 'stake' && stake.lt(amount)) {
        throw new InvalidRestakingGraphError(`${field}.amount`, `allocation ${amount} exceeds the validator's stake ${stake}`);
      }
      given.set(key, amount);
    });
  }
  const allocations = backers.map((list, s) => list.map(v => given.get(`${s}:${v}`) ?? stakes[v] ?? Rational.ZERO));
  if (costModel === 'allocated') {
    // Unique stake: the slices of one validator never add up to more than its stake.
    const allocated = stakes.map(() => Rational.ZERO);
    backers.forEach((list, s) => list.forEach((v, i) => (allocated[v] = (allocated[v] ?? Rational.ZERO).add(allocations[s]?.[i] ?? Rational.ZERO))));
    allocated.forEach((sum, v) => {
      const stake = stakes[v] ?? Rational.ZERO;
      if (stake.lt(sum)) {
        throw new InvalidRestakingGraphError(
          `validators[${v}]`,
          `under 'allocated' the allocations of ${JSON.stringify([...validatorIndex.keys()][v])} add up to ${sum}, more than its stake ${stake} (an edge without an allocation allocates the whole stake)`,
        );
      }
    });
  }

  // Profits, stakes and allocations are compared with each other, so they share one denominator.
  const scale = [...profits, ...stakes, ...given.values()].reduce((l, r) => lcm(l, r.den), 1n);
  const scaled = (x: Rational): bigint => (x.num * scale) / x.den;
  return {
    serviceIds: [...serviceIndex.keys()],
    validatorIds: [...validatorIndex.keys()],
    profit: profits.map(scaled),
    thresholdNum: thresholds.map(t => t.num),
    thresholdDen: thresholds.map(t => t.den),
    stake: stakes.map(scaled),
    backers,
    allocation: allocations.map(list => list.map(scaled)),
    costModel,
    scale,
  };
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}
