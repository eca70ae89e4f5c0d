// The two solvers of one service set's covering program (sim/analysis/coverBranchAndBound.ts and
// coverHalves.ts) against enumeration of every coalition, on random programs: the first cover in
// the order of covers (least cost, then the cover holding the first member where two differ) among
// those costing at most a cap, ties included. Each path is taken on its own: the halves alone (with
// the relaxation's duals, other duals, and none), the branch and bound with the halves taken out
// (so that it branches), with them at small reach (so that it branches and then lists), and as the
// search runs it; on programs with identical members, with members backing nothing on some rows,
// with independent blocks (the parts), and with amounts of 10^18 base units.
import { describe, expect, it } from 'vitest';
import { CoverState, firstCoverByBranchAndBound, HALVES_REACH, type HalvesReach } from '../../sim/analysis/coverBranchAndBound.js';
import { firstCoverByHalves } from '../../sim/analysis/coverHalves.js';
import { NodeCounter, type Cover, type CoverProblem } from '../../sim/analysis/coverProblem.js';
import { streams, type RandomStream } from '../../sim/engine/index.js';

/** The first cover costing at most `cap`, by enumeration of every subset of members. */
function firstCoverByEnumeration(problem: CoverProblem, cap: bigint): Cover | undefined {
  const n = problem.members.length;
  let best: Cover | undefined;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const chosen = [...Array(n).keys()].filter(j => mask & (1 << j));
    const covers = problem.need.every((need, r) => chosen.reduce((sum, j) => sum + (problem.weight[r]?.[j] ?? 0n), 0n) >= need);
    const cost = chosen.reduce((sum, j) => sum + (problem.cost[j] ?? 0n), 0n);
    if (!covers || cost > cap) continue;
    if (best === undefined || cost < best.cost || (cost === best.cost && holdsFirstDifference(chosen, best.chosen))) best = { chosen, cost };
  }
  return best;
}

/** Whether `a` holds the least member that only one of `a` and `b` holds. */
function holdsFirstDifference(a: readonly number[], b: readonly number[]): boolean {
  const difference = [...a.filter(j => !b.includes(j)), ...b.filter(j => !a.includes(j))];
  return difference.length > 0 && a.includes(Math.min(...difference));
}

interface ProgramShape {
  readonly members: [number, number];
  readonly rows: [number, number];
  readonly maxWeight: number;
  /** Chance that a member is a copy of the one before it (same costs and backing). */
  readonly copies: number;
  /** Amounts multiplied by this, plus a small odd part, to try the doubles at the world's size. */
  readonly scale: bigint;
}

function program(weight: bigint[][], cost: bigint[], need: bigint[]): CoverProblem {
  return {
    services: need.map((_, r) => r),
    profit: 0n,
    members: cost.map((_, j) => j),
    cost,
    costF: Float64Array.from(cost, Number),
    weight,
    weightF: weight.map(row => Float64Array.from(row, Number)),
    need,
  };
}

/** A random program: every member backs some row and costs between its largest backing and its total (as under the three models) or anything positive. */
function randomProgram(rng: RandomStream, shape: ProgramShape): CoverProblem {
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1));
  const n = int(...shape.members);
  const k = int(...shape.rows);
  const amount = (x: number): bigint => (x === 0 ? 0n : BigInt(x) * shape.scale + (shape.scale > 1n ? BigInt(int(0, 999)) : 0n));
  const columns: bigint[][] = [];
  const cost: bigint[] = [];
  for (let j = 0; j < n; j++) {
    if (j > 0 && rng.next() < shape.copies) {
      columns.push([...(columns[j - 1] as bigint[])]);
      cost.push(cost[j - 1] as bigint);
      continue;
    }
    const column: bigint[] = Array.from({ length: k }, () => (rng.next() < 0.6 ? amount(int(1, shape.maxWeight)) : 0n));
    if (!column.some(a => a > 0n)) column[int(0, k - 1)] = amount(int(1, shape.maxWeight));
    const largest = column.reduce<bigint>((a, b) => (a > b ? a : b), 0n);
    const total = column.reduce<bigint>((a, b) => a + b, 0n);
    cost.push(rng.next() < 0.7 ? largest + ((total - largest) * BigInt(int(0, 3))) / 3n : amount(int(1, 2 * shape.maxWeight)));
    columns.push(column);
  }
  const weight = Array.from({ length: k }, (_, r) => columns.map(column => column[r] as bigint));
  const need = weight.map(row => {
    const total = row.reduce((a, b) => a + b, 0n);
    return rng.next() < 0.1 ? 0n : (total * BigInt(int(1, 11))) / 10n; // a tenth of the time more than all of it
  });
  return program(weight, cost, need);
}

/** Caps that matter: the cheapest cover's cost (ties at the cap), one less (nothing), and others. */
function capsFor(problem: CoverProblem, rng: RandomStream): bigint[] {
  const total = problem.cost.reduce((a, b) => a + b, 0n);
  const cheapest = firstCoverByEnumeration(problem, total)?.cost;
  const caps = [total, (total * BigInt(Math.floor(rng.next() * 100))) / 100n];
  if (cheapest !== undefined) caps.push(cheapest, cheapest - 1n);
  return caps.filter(cap => cap >= 0n);
}

const summary = (cover: Cover | undefined) => cover && { chosen: cover.chosen, cost: cover.cost.toString() };

const SHAPES: [string, ProgramShape][] = [
  ['small integers, many ties', { members: [1, 12], rows: [1, 4], maxWeight: 6, copies: 0.15, scale: 1n }],
  ['identical members', { members: [6, 13], rows: [1, 3], maxWeight: 5, copies: 0.6, scale: 1n }],
  ['base units (10^18)', { members: [4, 13], rows: [1, 5], maxWeight: 2000, copies: 0.1, scale: 10n ** 18n }],
];

/** The solvers under test, each from an empty cover with every member free. */
const SOLVERS: [string, (problem: CoverProblem, cap: bigint, rng: RandomStream) => Cover | undefined][] = [
  ['the halves, with the relaxation\'s duals', (problem, cap) => {
    const root = new CoverState(problem).relaxation();
    const duals = root === undefined || root === 'covered' ? new Float64Array(problem.need.length) : root.duals;
    return halves(problem, cap, duals);
  }],
  ['the halves, with random duals', (problem, cap, rng) => halves(problem, cap, Float64Array.from(problem.need, () => rng.next() * 2))],
  ['the halves, with no duals', (problem, cap) => halves(problem, cap, new Float64Array(problem.need.length))],
  ['branch and bound alone', (problem, cap) => branchAndBound(problem, cap, { unbranched: 0, branched: 0 })],
  ['branch and bound, then the halves on 4 or fewer', (problem, cap) => branchAndBound(problem, cap, { unbranched: 4, branched: 4 })],
  ['branch and bound as the search runs it', (problem, cap) => branchAndBound(problem, cap, HALVES_REACH)],
];

function halves(problem: CoverProblem, cap: bigint, duals: Float64Array): Cover | undefined {
  const empty = { chosen: [], cost: 0n, backing: problem.need.map(() => 0n) };
  return firstCoverByHalves(problem, empty, problem.members.map((_, j) => j), duals, cap, new NodeCounter(Infinity));
}

function branchAndBound(problem: CoverProblem, cap: bigint, reach: HalvesReach): Cover | undefined {
  return firstCoverByBranchAndBound(problem, cap, new NodeCounter(Infinity), reach);
}

interface Case {
  readonly label: string;
  readonly problem: CoverProblem;
  readonly cap: bigint;
  readonly expected: Cover | undefined;
}

/** The programs and caps every solver is tried on, with enumeration's answer (made once). */
const cases: Case[] = SHAPES.flatMap(([shapeName, shape]) => {
  const rng = streams('cover-search-test').get(shapeName);
  return Array.from({ length: 60 }, (_, i) => randomProgram(rng, shape)).flatMap((problem, i) =>
    capsFor(problem, rng).map(cap => ({ label: `${shapeName} #${i}, cap ${cap}`, problem, cap, expected: firstCoverByEnumeration(problem, cap) })),
  );
});

describe('one service set\'s first cover under a cap, against enumeration', () => {
  it('the cases hold covers at the cap, and caps with no cover', () => {
    expect(cases.filter(c => c.expected !== undefined && c.expected.cost === c.cap).length).toBeGreaterThan(150);
    expect(cases.filter(c => c.expected === undefined).length).toBeGreaterThan(150);
  });

  for (const [solverName, solve] of SOLVERS) {
    it(`${solverName}: ${SHAPES.map(([name]) => name).join('; ')}`, () => {
      const rng = streams('cover-search-test').get(solverName);
      for (const { label, problem, cap, expected } of cases) expect(summary(solve(problem, cap, rng)), label).toEqual(summary(expected));
    });
  }

  it('independent blocks of rows and members are solved apart, and their union is the first cover', () => {
    const rng = streams('cover-search-test').get('blocks');
    for (let i = 0; i < 40; i++) {
      // Two or three blocks, each a program of its own; together block-diagonal.
      const blocks = Array.from({ length: 2 + Math.floor(rng.next() * 2) }, () =>
        randomProgram(rng, { members: [2, 5], rows: [1, 2], maxWeight: 5, copies: 0.2, scale: 1n }),
      );
      const n = blocks.reduce((sum, b) => sum + b.members.length, 0);
      const weight: bigint[][] = [];
      const cost: bigint[] = [];
      const need: bigint[] = [];
      let offset = 0;
      for (const block of blocks) {
        block.weight.forEach((row, r) => {
          const full = new Array<bigint>(n).fill(0n);
          row.forEach((a, j) => (full[offset + j] = a));
          weight.push(full);
          need.push(block.need[r] as bigint);
        });
        cost.push(...block.cost);
        offset += block.members.length;
      }
      const problem = program(weight, cost, need);
      for (const cap of capsFor(problem, rng)) {
        const expected = summary(firstCoverByEnumeration(problem, cap));
        expect(summary(branchAndBound(problem, cap, { unbranched: 0, branched: 0 })), `#${i}, cap ${cap}`).toEqual(expected);
        expect(summary(branchAndBound(problem, cap, HALVES_REACH)), `#${i}, cap ${cap}`).toEqual(expected);
      }
    }
  });

  it('every member of one row is identical: the first cover takes the first ones', () => {
    // Ten members of 3 backing one row that needs 10: four of them (cost 12), the first four.
    const problem = program([Array.from({ length: 10 }, () => 3n)], Array.from({ length: 10 }, () => 3n), [10n]);
    for (const [name, solve] of SOLVERS) {
      expect(summary(solve(problem, 100n, streams('cover-search-test').get('identical'))), name).toEqual({ chosen: [0, 1, 2, 3], cost: '12' });
    }
  });
});
