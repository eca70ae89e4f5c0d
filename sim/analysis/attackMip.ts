// The cheapest valid attack as a mixed-integer program in CPLEX LP text, for a reference solver
// (the tests and the bench solve it with HiGHS, the `highs` package) to check the branch and bound
// of attackSearch.ts against. Written from the definitions, not from the search's code.
//
// Binary x_v (v attacks) and y_s (s is attacked); amounts are the graph's scaled integers.
//   corruption   den_s·Σ_v a_{s,v}·x_v − num_s·(Σ_v a_{s,v})·y_s ≥ 0
//   validity     Σ_s π_s·y_s − cost ≥ 1          (π(A) > cost in integers)
//   objective    min cost, with cost per model:
//     'stake'      Σ_v σ_v·x_v
//     'allocated'  Σ_{v,s} w_{v,s}·z_{v,s},  z_{v,s} ≥ x_v + y_s − 1, z ≥ 0   (z = x·y at the optimum)
//     'elastic'    Σ_v t_v,  t_v ≥ σ_v·x_v − σ_v·q_v,  t_v ≥ Σ_s w_{v,s}·z_{v,s} − W_v·(1 − q_v),
//                  q_v binary, W_v = Σ_s w_{v,s}: q_v picks which term of min(σ_v, Σ_s w z) binds.
// A second program fixes cost ≤ the optimum and maximises profit, for the search's second rule.
// The solver works in doubles with tolerances: keep amounts small (whole tokens; see solveAttackMip).
import type { RestakingGraph } from './restakingInput.js';

export interface AttackMip {
  /** min cost. */
  readonly cheapest: string;
  /** max profit among attacks costing at most `cost` (scaled integer). */
  mostProfitableAt(cost: bigint): string;
}

export function attackMip(g: RestakingGraph): AttackMip {
  const m = g.serviceIds.length;
  const n = g.validatorIds.length;
  const x = (v: number): string => `x${v}`;
  const y = (s: number): string => `y${s}`;
  const z = (s: number, v: number): string => `z${s}_${v}`;
  const t = (v: number): string => `t${v}`;
  const q = (v: number): string => `q${v}`;
  const weightOf = (s: number, i: number): bigint => (g.costModel === 'stake' ? (g.stake[g.backers[s]?.[i] ?? -1] ?? 0n) : (g.allocation[s]?.[i] ?? 0n));

  const rows: string[] = [];
  g.backers.forEach((list, s) => {
    const total = list.reduce((sum, _, i) => sum + weightOf(s, i), 0n);
    const den = g.thresholdDen[s] ?? 1n;
    const terms = list.map((v, i) => term(den * weightOf(s, i), x(v)));
    terms.push(term(-(g.thresholdNum[s] ?? 1n) * total, y(s)));
    rows.push(`cover${s}: ${joined(terms)} >= 0`);
  });

  const costTerms: string[] = [];
  const continuous: string[] = [];
  const binaries = [...Array(n).keys()].map(x).concat([...Array(m).keys()].map(y));
  if (g.costModel === 'stake') {
    for (let v = 0; v < n; v++) costTerms.push(term(g.stake[v] ?? 0n, x(v)));
  } else {
    const allocated: string[][] = Array.from({ length: n }, () => []);
    const totals = new Array<bigint>(n).fill(0n);
    g.backers.forEach((list, s) =>
      list.forEach((v, i) => {
        const w = g.allocation[s]?.[i] ?? 0n;
        if (w === 0n) return;
        rows.push(`link${s}_${v}: ${z(s, v)} - ${x(v)} - ${y(s)} >= -1`);
        continuous.push(z(s, v));
        allocated[v]?.push(term(w, z(s, v)));
        totals[v] = (totals[v] ?? 0n) + w;
      }),
    );
    for (let v = 0; v < n; v++) {
      const parts = allocated[v] ?? [];
      if (parts.length === 0) continue;
      if (g.costModel === 'allocated') {
        costTerms.push(...parts);
        continue;
      }
      const stake = g.stake[v] ?? 0n;
      rows.push(`whole${v}: ${t(v)} - ${stake} ${x(v)} + ${stake} ${q(v)} >= 0`);
      rows.push(`slices${v}: ${t(v)} ${joined(parts.map(negate))} - ${totals[v]} ${q(v)} >= -${totals[v]}`);
      continuous.push(t(v));
      binaries.push(q(v));
      costTerms.push(`+ ${t(v)}`);
    }
  }
  const cost = costTerms.length > 0 ? joined(costTerms) : `0 ${x(0)}`;
  const profitTerms = [...Array(m).keys()].map(s => term(g.profit[s] ?? 0n, y(s)));
  rows.push(`valid: ${joined(profitTerms)} ${joined(costTerms.map(negate))} >= 1`);

  const program = (objective: string, extra: string[]): string =>
    [
      objective,
      'Subject To',
      ...[...rows, ...extra].map(r => ` ${r}`),
      'Bounds',
      ...continuous.map(c => ` ${c} >= 0`),
      'Binary',
      ` ${binaries.join(' ')}`,
      'End',
    ].join('\n');
  return {
    cheapest: program(`Minimize\n obj: ${cost}`, []),
    mostProfitableAt: limit => program(`Maximize\n obj: ${joined(profitTerms)}`, [`cheap: ${cost} <= ${limit}`]),
  };
}

/** The part of a HiGHS instance (`await loadHighs()` of the `highs` package) used here. */
export interface MipSolver {
  solve(program: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}

/**
 * The least cost of a valid attack and the most profit at that cost, as the reference solver
 * finds them (scaled integers), or undefined when it proves no valid attack exists.
 */
export function solveAttackMip(solver: MipSolver, g: RestakingGraph, extraOptions: Record<string, unknown> = {}): { cost: bigint; profit: bigint } | undefined {
  const mip = attackMip(g);
  // Tight tolerances: with the default 1e-6 an "integral" y_s = 1e-6 can buy profit for free
  // when amounts are large. Even so, keep amounts below about 1e5 (whole tokens, not base units).
  const options = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0, mip_feasibility_tolerance: 1e-9, primal_feasibility_tolerance: 1e-9, ...extraOptions };
  const first = solver.solve(mip.cheapest, options);
  if (first.Status === 'Infeasible') return undefined;
  if (first.Status !== 'Optimal') throw new Error(`HiGHS: ${first.Status}`);
  const cost = BigInt(Math.round(first.ObjectiveValue));
  let second = solver.solve(mip.mostProfitableAt(cost), options);
  // With tight tolerances HiGHS has been seen to call this program infeasible although the first
  // solve's optimum satisfies it; with its default tolerances it then solves it.
  if (second.Status === 'Infeasible') second = solver.solve(mip.mostProfitableAt(cost), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0, ...extraOptions });
  if (second.Status !== 'Optimal') throw new Error(`HiGHS (profit at cost ${cost}): ${second.Status}`);
  return { cost, profit: BigInt(Math.round(second.ObjectiveValue)) };
}

function term(coefficient: bigint, variable: string): string {
  return `${coefficient < 0n ? '-' : '+'} ${coefficient < 0n ? -coefficient : coefficient} ${variable}`;
}

function negate(t: string): string {
  return t.startsWith('- ') ? `+ ${t.slice(2)}` : t.startsWith('+ ') ? `- ${t.slice(2)}` : `- ${t}`;
}

/** Terms one per line: LP readers limit the length of a line. */
function joined(terms: readonly string[]): string {
  const text = terms.join('\n   ');
  return text.startsWith('+ ') ? text.slice(2) : text;
}
