// The cheapest valid attack by exhaustive enumeration, written from the definitions alone (not from
// sim/analysis/attackModel.ts or the branch and bound), to check the search against: every service
// set A, and every coalition B of the validators backing some service of A, tested for corruption
// by cross-multiplication (den_s·Σ_{v∈B} a_{s,v} ≥ num_s·Σ_v a_{s,v}) and for validity π(A) > cost.
// The best is taken by the search's stated order (sim/analysis/attackSearch.ts): least cost, most
// profit, the coalition holding the first differing validator, the larger service set, the service
// set holding the first differing service.
//
// Subset sums are tabulated in doubles, so amounts (scaled to integers) must stay below 2^53 / den;
// the graphs of the validation rows do by far. Σ_A 2^|B(A)| subsets: for small graphs only.
import { parseGraph, type RestakingGraphInput } from '../analysis/restakingInput.js';

export interface EnumeratedAttack {
  /** Indices in input order. */
  readonly services: number[];
  readonly validators: number[];
  /** Scaled integers (the graph's common denominator). */
  readonly profit: bigint;
  readonly cost: bigint;
}

const MAX_MEMBERS = 20;

export function cheapestAttackByEnumeration(input: RestakingGraphInput): EnumeratedAttack | undefined {
  const g = parseGraph(input);
  const m = g.serviceIds.length;
  const n = g.validatorIds.length;
  const stake = g.stake.map(Number);
  // Backing weight of validator v for service s, and its allocation, straight from the input form.
  const alloc: number[][] = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  const edge: boolean[][] = Array.from({ length: m }, () => new Array<boolean>(n).fill(false));
  g.backers.forEach((list, s) => list.forEach((v, i) => {
    (alloc[s] as number[])[v] = Number(g.allocation[s]?.[i] ?? 0n);
    (edge[s] as boolean[])[v] = true;
  }));
  const weight = (s: number, v: number): number => (!edge[s]?.[v] ? 0 : g.costModel === 'stake' ? (stake[v] ?? 0) : (alloc[s]?.[v] ?? 0));
  const largest = Math.max(1, ...g.stake.map(Number), ...g.profit.map(Number)) * n * Math.max(1, ...g.thresholdDen.map(Number));
  if (!(largest < 2 ** 53)) throw new RangeError('enumeration: amounts too large for exact doubles');

  let best: EnumeratedAttack | undefined;
  for (let mask = 1; mask < 2 ** m; mask++) {
    const A = [...Array(m).keys()].filter(s => mask & (1 << s));
    const profit = A.reduce((sum, s) => sum + Number(g.profit[s] ?? 0n), 0);
    const members = [...Array(n).keys()].filter(v => A.some(s => weight(s, v) > 0));
    if (members.length > MAX_MEMBERS) throw new RangeError(`enumeration: ${members.length} validators back one service set, at most ${MAX_MEMBERS}`);
    const cost = members.map(v => {
      if (g.costModel === 'stake') return stake[v] ?? 0;
      const allocated = A.reduce((sum, s) => sum + (alloc[s]?.[v] ?? 0), 0);
      return g.costModel === 'elastic' ? Math.min(stake[v] ?? 0, allocated) : allocated;
    });
    const total = A.map(s => [...Array(n).keys()].reduce((sum, v) => sum + weight(s, v), 0));
    const size = 2 ** members.length;
    const costOf = new Float64Array(size);
    const held = A.map(() => new Float64Array(size));
    for (let b = 1; b < size; b++) {
      const low = b & -b;
      const j = 31 - Math.clz32(low);
      const v = members[j] as number;
      costOf[b] = (costOf[b ^ low] as number) + (cost[j] as number);
      A.forEach((s, i) => ((held[i] as Float64Array)[b] = ((held[i] as Float64Array)[b ^ low] as number) + weight(s, v)));
    }
    for (let b = 0; b < size; b++) {
      if (!(profit > (costOf[b] as number))) continue;
      const corrupts = A.every((s, i) => Number(g.thresholdDen[s]) * ((held[i] as Float64Array)[b] as number) >= Number(g.thresholdNum[s]) * (total[i] as number));
      if (!corrupts) continue;
      const candidate: EnumeratedAttack = {
        services: A,
        validators: members.filter((_, j) => b & (1 << j)),
        profit: BigInt(profit),
        cost: BigInt(costOf[b] as number),
      };
      if (best === undefined || before(candidate, best)) best = candidate;
    }
  }
  return best;
}

function before(a: EnumeratedAttack, b: EnumeratedAttack): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.profit !== b.profit) return a.profit > b.profit;
  const byValidators = firstDifference(a.validators, b.validators);
  if (byValidators !== 0) return byValidators < 0;
  if (a.services.length !== b.services.length) return a.services.length > b.services.length;
  return firstDifference(a.services, b.services) < 0;
}

/** −1 if the smallest index in exactly one of the two sets is in `a`, 1 if in `b`, 0 if the sets are equal. */
function firstDifference(a: readonly number[], b: readonly number[]): number {
  const inA = new Set(a);
  const inB = new Set(b);
  let first = Infinity;
  for (const i of a) if (!inB.has(i) && i < first) first = i;
  for (const i of b) if (!inA.has(i) && i < first) first = i;
  return first === Infinity ? 0 : inA.has(first) ? -1 : 1;
}
