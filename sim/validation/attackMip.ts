// The cheapest valid attack on a restaking graph as a mixed-integer program, solved by HiGHS (the
// `highs` package): the contagion rows' independent check of the world's attacker. Written from the
// definitions, not from any search's code.
//
// Binary x_v (v attacks) and y_s (s is attacked); amounts floored to whole milli-STAKE, so that every
// coefficient is an integer a double holds exactly, and small enough that HiGHS's integrality
// tolerance (set to 1e-9) cannot let a nearly-zero y_s buy a unit of profit.
//   cover_s    den_s·Σ_v w_{v,s}·x_v − num_s·W_s·y_s ≥ 0       (α_s = num_s/den_s, W_s = Σ_v w_{v,s})
//   valid      Σ_s π_s·y_s − cost ≥ 1                          (π(A) > cost, in milli-STAKE)
//   min cost, where cost is
//     stake      Σ_v σ_v·x_v
//     allocated  Σ_{v,s} w_{v,s}·z_{v,s},  z_{v,s} ≥ x_v + y_s − 1,  0 ≤ z ≤ 1
//     elastic    Σ_v t_v,  t_v ≥ σ_v·x_v − σ_v·q_v,  t_v ≥ Σ_s w_{v,s}·z_{v,s} − W_v·(1 − q_v),  q_v binary
//                (the minimisation sets t_v to min(σ_v·x_v, Σ_s w_{v,s}·z_{v,s}), q_v picking the term)
import { Rational } from '../analysis/rational.js';
import type { AttackGraphInput } from '../markets/security/analysisShim.js';

/** HiGHS's one-shot solver, as the `highs` package's loader returns it. */
export interface MipSolver {
  solve(problem: string, options?: { readonly mip_feasibility_tolerance?: number; readonly mip_rel_gap?: number; readonly mip_abs_gap?: number }): {
    Status: string;
    ObjectiveValue: number;
  };
}

/** Base units per milli-STAKE. */
export const MILLI = 10n ** 15n;

/** The relative gap at which HiGHS stops: its cost is within this share above the least one. */
export const MIP_REL_GAP = 1e-4;

/**
 * The cost of a valid attack in milli-STAKE (amounts floored to milli-STAKE) within MIP_REL_GAP of
 * the least, or undefined when HiGHS proves that none exists. Existence is exact; closing the gap
 * to zero takes seconds per graph at 30 validators, which the rows cannot afford.
 */
export function cheapestAttackCost(solver: MipSolver, graph: AttackGraphInput): number | undefined {
  const result = solver.solve(attackProgram(graph), { mip_feasibility_tolerance: 1e-9, mip_rel_gap: MIP_REL_GAP });
  if (result.Status === 'Infeasible') return undefined;
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return Math.round(result.ObjectiveValue);
}

export function attackProgram(graph: AttackGraphInput): string {
  // The world's graphs hold whole base units as integer strings.
  const milli = (amount: { toString(): string }): bigint => BigInt(amount.toString()) / MILLI;
  const model = graph.attackCost ?? 'stake';
  const vIndex = new Map(graph.validators.map((v, i) => [v.id, i]));
  const stake = graph.validators.map((v) => milli(v.stake));
  const given = new Map((graph.allocations ?? []).map((a) => [`${a.service}\u0000${a.validator}`, milli(a.amount)]));
  const edges = graph.edges.map(([s, v]) => {
    const vi = vIndex.get(v)!;
    return { s: graph.services.findIndex((x) => x.id === s), v: vi, w: given.get(`${s}\u0000${v}`) ?? stake[vi]! };
  }).filter((e) => e.w > 0n);
  const rows: string[] = [];
  const binaries = graph.validators.map((_, v) => `x${v}`).concat(graph.services.map((_, s) => `y${s}`));
  const bounds: string[] = [];
  graph.services.forEach((service, s) => {
    const alpha = Rational.fromNumber(Number(service.threshold));
    const mine = edges.filter((e) => e.s === s);
    const total = mine.reduce((sum, e) => sum + e.w, 0n);
    rows.push(`cover${s}: ${linear([...mine.map((e) => [alpha.den * e.w, `x${e.v}`] as const), [-alpha.num * total, `y${s}`]])} >= 0`);
  });
  let cost: (readonly [bigint, string])[];
  if (model === 'stake') {
    cost = stake.map((sigma, v) => [sigma, `x${v}`] as const);
  } else {
    for (const e of edges) {
      rows.push(`link${e.s}_${e.v}: z${e.s}_${e.v} - x${e.v} - y${e.s} >= -1`);
      bounds.push(`0 <= z${e.s}_${e.v} <= 1`);
    }
    const slices = (v: number) => edges.filter((e) => e.v === v).map((e) => [e.w, `z${e.s}_${e.v}`] as const);
    if (model === 'allocated') {
      cost = edges.map((e) => [e.w, `z${e.s}_${e.v}`] as const);
    } else {
      cost = stake.map((_, v) => [1n, `t${v}`] as const);
      stake.forEach((sigma, v) => {
        const total = slices(v).reduce((sum, [w]) => sum + w, 0n);
        binaries.push(`q${v}`);
        rows.push(`stakeCap${v}: ${linear([[1n, `t${v}`], [-sigma, `x${v}`], [sigma, `q${v}`]])} >= 0`);
        rows.push(`sliceCap${v}: ${linear([[1n, `t${v}`], ...slices(v).map(([w, z]) => [-w, z] as const), [-total, `q${v}`]])} >= ${-total}`);
      });
    }
  }
  const profit = graph.services.map((s, i) => [milli(s.profit), `y${i}`] as const);
  rows.push(`valid: ${linear([...profit, ...cost.map(([c, name]) => [-c, name] as const)])} >= 1`);
  return ['Minimize', ` cost: ${linear(cost)}`, 'Subject To', ...rows.map((r) => ` ${r}`), 'Bounds', ...bounds.map((b) => ` ${b}`), 'Binary', ` ${binaries.join(' ')}`, 'End'].join('\n');
}

/** A sum of terms, eight to a line: the LP format's readers cut long lines. */
function linear(terms: readonly (readonly [bigint, string])[]): string {
  const nonzero = terms.filter(([c]) => c !== 0n);
  if (nonzero.length === 0) return '0 x0';
  const written = nonzero.map(([c, name], i) => `${c < 0n ? '- ' : i === 0 ? '' : '+ '}${c < 0n ? -c : c} ${name}`);
  const lines: string[] = [];
  for (let i = 0; i < written.length; i += 8) lines.push(written.slice(i, i + 8).join(' '));
  return lines.join('\n   ');
}
