// Reproduction rows for validation spec §1: the M/M/c queue on the event kernel against Erlang C.
// The same method as test/queueing/mmc.test.ts: independent replications with the first
// customers discarded as warm-up (the queue starts empty), one mean per replication.
import { erlangC, mmcSteadyState } from '../analysis/erlang.js';
import { runMmc, type MmcResult } from '../queueing/mmc.js';
import { exactRow, replicatedRow, type ReproductionRow } from './rows.js';

const SECTION = '§1 queueing (M/M/c)';
const SOURCE = 'Erlang C, M/M/c steady state (Kleinrock, Queueing Systems I)';
const REPLICATIONS = 16;
const CUSTOMERS = 50_000;
const WARMUP = 5_000;

/** Cases: the textbook point and one at ρ = 0.8, the highest load the spec tests at. */
const CASES = [
  { lambda: 2, mu: 1, servers: 3 },
  { lambda: 3.2, mu: 1, servers: 4 },
] as const;

export function queueingRows(level: number): ReproductionRow[] {
  // The recursion runs c steps of a few roundings each: a few units in the last place of 4/9.
  const recursionRounding = 8 * Number.EPSILON;
  const rows: ReproductionRow[] = [
    exactRow(
      { section: SECTION, name: 'Erlang C probability of waiting, λ = 2, μ = 1, c = 3', source: SOURCE, claim: '4/9' },
      4 / 9,
      erlangC(3, 2),
      recursionRounding,
      'closed form in doubles: 8 ulp for the c-step Erlang B recursion',
    ),
  ];
  const perReplication = `${CUSTOMERS.toLocaleString('en-US')} customers (${WARMUP.toLocaleString('en-US')} warm-up), heap kernel`;
  CASES.forEach(({ lambda, mu, servers }, i) => {
    const runs: MmcResult[] = Array.from({ length: REPLICATIONS }, (_, r) =>
      runMmc({ lambda, mu, servers, customers: CUSTOMERS, warmup: WARMUP, kernel: 'heap' }, `reproduce-mmc-${i}-${r}`),
    );
    const exact = mmcSteadyState(lambda, mu, servers);
    const label = `λ = ${lambda}, μ = ${mu}, c = ${servers}`;
    rows.push(
      replicatedRow(
        { section: SECTION, name: `mean wait in queue Wq, ${label}`, source: SOURCE, ...(i === 0 ? { claim: '4/9' } : {}) },
        exact.wq,
        runs.map((r) => r.meanWait),
        level,
        perReplication,
      ),
      replicatedRow(
        { section: SECTION, name: `mean number in system L = λW (Little), ${label}`, source: SOURCE, ...(i === 0 ? { claim: '26/9' } : {}) },
        exact.l,
        runs.map((r) => lambda * r.meanSystemTime),
        level,
        perReplication,
      ),
    );
  });
  return rows;
}
