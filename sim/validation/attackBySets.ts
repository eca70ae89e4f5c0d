// The cheapest valid attack on a restaking graph, from its definition, one set of services at a
// time: the contagion rows' independent check of the world's attacker (contagionRows.ts, row b).
//
// Once the services A are fixed, what each validator v of an attack on A burns is a number, c_v(A):
// σ_v ('stake'), Σ_{s∈A} w_{v,s} ('allocated') or min(σ_v, Σ_{s∈A} w_{v,s}) ('elastic'). The
// cheapest coalition for A is then a 0-1 covering program, solved by HiGHS:
//     min Σ_v c_v(A)·x_v   subject to   den_s·Σ_v a_{s,v}·x_v ≥ num_s·Σ_v a_{s,v}  for s ∈ A
// (α_s = num_s/den_s; a_{s,v} = σ_v under 'stake', w_{v,s} otherwise), and Σ_v c_v(A)·x_v below
// π(A) and no dearer than the best found so far. The answer is the least such cost over every A,
// with the most profit at that cost. Every answer HiGHS gives is checked again in integers.
//
// Why not the one joint program of sim/analysis/attackMip.ts, which chooses A and B together: under
// 'elastic' the min(·,·) needs a binary per validator and big-M rows whose relaxation is empty of
// information, and HiGHS finds no feasible point in a minute on the study's 30 × 5 graphs (measured
// at whole tokens and milli-STAKE, default and tight tolerances). Here each A's program has constant
// costs and 30 binaries, and the 2^|S| − 1 programs of 5 services take well under a second. The
// joint program stays the reference of the search's own tests and benchmark, on graphs with too many
// services to enumerate.
import type { MipSolver } from '../analysis/attackMip.js';
import type { RestakingGraph } from '../analysis/restakingInput.js';

/** 2^|S| − 1 programs: beyond this many services, too many. */
const MAX_SERVICES = 10;

/** What HiGHS returns beyond MipSolver's part: the value of each column. */
interface SolvedColumns {
  readonly Columns?: Readonly<Record<string, { readonly Primal: number }>>;
}

export interface ReferenceAttack {
  /** Least cost of a valid attack, in the graph's (integer) units (within `relativeGap` above it). */
  readonly cost: bigint;
  /** Most profit among the attacks of that cost (with a gap: the profit of the attack found). */
  readonly profit: bigint;
}

export interface BySetsOptions {
  /**
   * HiGHS may stop once its cover is within this share above the least (default 0: the least). Under
   * 'allocated' cost and coverage are the same slices, the relaxation is degenerate, and proving
   * the last unit optimal can take a minute on a 30-validator graph. Whether a valid attack exists
   * is decided exactly whatever the gap: each program is bounded by π(A) − 1.
   */
  readonly relativeGap?: number;
}

export function cheapestAttackBySets(solver: MipSolver, g: RestakingGraph, options: BySetsOptions = {}): ReferenceAttack | undefined {
  const m = g.serviceIds.length;
  if (m > MAX_SERVICES) throw new RangeError(`attackBySets: ${m} services, more than the ${MAX_SERVICES} whose subsets it enumerates`);
  let best: ReferenceAttack | undefined;
  for (let mask = 1; mask < 1 << m; mask++) {
    const services = [...Array(m).keys()].filter((s) => (mask & (1 << s)) !== 0);
    const profit = services.reduce((sum, s) => sum + (g.profit[s] ?? 0n), 0n);
    // Valid means π(A) > cost; the cost may also tie the best found, for the profit rule.
    const limit = best === undefined || best.cost > profit - 1n ? profit - 1n : best.cost;
    if (limit < 0n) continue;
    const cost = cheapestCover(solver, g, services, limit, options.relativeGap ?? 0);
    if (cost === undefined) continue;
    if (best === undefined || cost < best.cost || (cost === best.cost && profit > best.profit)) best = { cost, profit };
  }
  return best;
}

/** The least Σ c_v(A)·x_v of a coalition corrupting every service of A, if one costs at most `limit`. */
function cheapestCover(solver: MipSolver, g: RestakingGraph, services: readonly number[], limit: bigint, relativeGap: number): bigint | undefined {
  const backing = (s: number, i: number): bigint => (g.costModel === 'stake' ? (g.stake[g.backers[s]?.[i] ?? -1] ?? 0n) : (g.allocation[s]?.[i] ?? 0n));
  const cost = new Map<number, bigint>();
  for (const s of services) {
    (g.backers[s] ?? []).forEach((v, i) => {
      const sliceOnA = g.costModel === 'stake' ? 0n : (g.allocation[s]?.[i] ?? 0n);
      cost.set(v, (cost.get(v) ?? 0n) + sliceOnA);
    });
  }
  for (const [v, slices] of cost) {
    const stake = g.stake[v] ?? 0n;
    if (g.costModel === 'stake') cost.set(v, stake);
    else if (g.costModel === 'elastic' && slices > stake) cost.set(v, stake);
  }
  const covers = services.map((s) => {
    const list = g.backers[s] ?? [];
    const total = list.reduce((sum, _, i) => sum + backing(s, i), 0n);
    const terms = list.map((v, i) => ({ v, coefficient: (g.thresholdDen[s] ?? 1n) * backing(s, i) }));
    return { terms, need: (g.thresholdNum[s] ?? 1n) * total };
  });
  const members = [...cost.keys()].sort((a, b) => a - b);
  // A coalition of nobody corrupts A when no service of A has any backing to reach.
  if (covers.every((c) => c.need === 0n)) return 0n;
  if (members.length === 0) return undefined;

  const objective = members.map((v) => `+ ${cost.get(v)} x${v}`);
  const program = [
    'Minimize',
    ` obj: ${lines(objective)}`,
    'Subject To',
    ...covers.filter((c) => c.need > 0n).map((c, k) => ` cover${k}: ${lines(c.terms.filter((t) => t.coefficient > 0n).map((t) => `+ ${t.coefficient} x${t.v}`))} >= ${c.need}`),
    ` budget: ${lines(objective)} <= ${limit}`,
    'Binary',
    ` ${members.map((v) => `x${v}`).join(' ')}`,
    'End',
  ].join('\n');
  // Costs are integers: an absolute gap below 1 is the optimum. Tight tolerances, so that a nearly-1
  // x_v cannot buy a unit of cover; the cover found is checked in integers below in any case.
  const result = solver.solve(program, { output_flag: false, mip_rel_gap: relativeGap, mip_abs_gap: 0.5, mip_feasibility_tolerance: 1e-9, primal_feasibility_tolerance: 1e-9 }) as ReturnType<MipSolver['solve']> & SolvedColumns;
  if (result.Status === 'Infeasible') return undefined;
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  const chosen = new Set(members.filter((v) => Math.round(result.Columns?.[`x${v}`]?.Primal ?? 0) === 1));
  const spent = [...chosen].reduce((sum, v) => sum + (cost.get(v) ?? 0n), 0n);
  for (const c of covers) {
    const held = c.terms.reduce((sum, t) => sum + (chosen.has(t.v) ? t.coefficient : 0n), 0n);
    if (held < c.need) throw new Error(`HiGHS: its cover of services [${services.join(', ')}] falls short in integers`);
  }
  if (spent > limit || BigInt(Math.round(result.ObjectiveValue)) !== spent) throw new Error(`HiGHS: its cover costs ${spent}, not ${result.ObjectiveValue}, or more than ${limit}`);
  return spent;
}

/** Terms eight to a line: LP readers limit the length of a line. */
function lines(terms: readonly string[]): string {
  if (terms.length === 0) return '0 x_none';
  const out: string[] = [];
  for (let i = 0; i < terms.length; i += 8) out.push(terms.slice(i, i + 8).join(' '));
  const text = out.join('\n   ');
  return text.startsWith('+ ') ? text.slice(2) : text;
}
