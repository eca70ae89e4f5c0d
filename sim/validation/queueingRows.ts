// Reproduction rows for validation spec §1: the M/M/c queue simulated on the event kernel
// (sim/queueing/mmc.ts) against published values and against Erlang C. The same method as
// test/queueing/mmc.test.ts: independent replications with the first customers discarded as
// warm-up (the queue starts empty), one mean per replication. Every row involves the simulation:
// the closed form is compared with a published table only beside the simulated value it predicts.
// The number in system is measured as a time average (the area under N(t) over the window), so
// Little's law L = λW is a check on the simulation, not the way L is computed.
import { mmcSteadyState } from '../analysis/erlang.js';
import { runMmc, type MmcResult } from '../queueing/mmc.js';
import { exactRow, replicatedRow, type ReproductionRow } from './rows.js';

const SECTION = '§1 queueing (M/M/c)';
const KLEINROCK = 'Kleinrock, Queueing Systems I, M/M/c (specs/validation.md §1: λ = 2, μ = 1, c = 3 gives C = 4/9, Wq = 4/9, L = 26/9)';
/** The textbook call centre: 20 calls an hour, 2.5 minutes each, with c representatives. */
const CALL_CENTRE_SOURCE =
  'Anupindi, Chopra, Deshmukh, Van Mieghem & Zemel, Managing Business Process Flows (3rd ed.), ch. 8, Example 8.7: the L. L. Bean call center, R_i = 20 calls/h, T_p = 2.5 min, table of I_i (callers on hold) by number of CSRs c';
/** Per minute: arrivals 1/3, service 1/2.5 = 0.4 per representative. */
const CALL_CENTRE = { lambda: 1 / 3, mu: 0.4 } as const;
/** The book's table, printed to three decimals. */
const CALL_CENTRE_TABLE = [
  { servers: 2, callersOnHold: 0.175 },
  { servers: 3, callersOnHold: 0.022 },
] as const;
const PRINTED_ROUNDING = 0.0005;

const REPLICATIONS = 16;
const CUSTOMERS = 50_000;
const WARMUP = 5_000;

type Kernel = 'heap' | 'simjs';

function replicate(lambda: number, mu: number, servers: number, kernel: Kernel, label: string): MmcResult[] {
  return Array.from({ length: REPLICATIONS }, (_, r) =>
    runMmc({ lambda, mu, servers, customers: CUSTOMERS, warmup: WARMUP, kernel }, `reproduce-mmc-${label}-${r}`),
  );
}

function perReplication(kernel: Kernel): string {
  return `${CUSTOMERS.toLocaleString('en-US')} customers (${WARMUP.toLocaleString('en-US')} warm-up), ${kernel} kernel`;
}

export function queueingRows(level: number): ReproductionRow[] {
  return [...callCentreRows(level), ...textbookRows(level), ...heavyLoadRows(level)];
}

/** The book's callers on hold against the formula and against the simulated queue's time average. */
export function callCentreRows(level: number): ReproductionRow[] {
  const { lambda, mu } = CALL_CENTRE;
  return CALL_CENTRE_TABLE.flatMap(({ servers, callersOnHold }) => {
    const label = `c = ${servers} (20 calls/h, 2.5 min each)`;
    const runs = replicate(lambda, mu, servers, 'heap', `call-centre-${servers}`);
    return [
      exactRow(
        { section: SECTION, name: `call centre: callers on hold I_i = Lq, Erlang C formula, ${label}`, source: CALL_CENTRE_SOURCE },
        callersOnHold,
        mmcSteadyState(lambda, mu, servers).lq,
        PRINTED_ROUNDING,
        'the book prints I_i to three decimals: half a unit of the last digit',
      ),
      replicatedRow(
        { section: SECTION, name: `call centre: callers on hold I_i = Lq, simulated (time average of the number waiting), ${label}`, source: CALL_CENTRE_SOURCE },
        callersOnHold,
        runs.map((r) => r.meanInQueue),
        level,
        `${perReplication('heap')}, in minutes`,
      ),
    ];
  });
}

/** The spec's textbook point, simulated: P(wait), Wq, L on both kernels, and Little's law. */
export function textbookRows(level: number): ReproductionRow[] {
  const [lambda, mu, servers] = [2, 1, 3];
  const label = `λ = ${lambda}, μ = ${mu}, c = ${servers}`;
  const heap = replicate(lambda, mu, servers, 'heap', 'textbook');
  const simjs = replicate(lambda, mu, servers, 'simjs', 'textbook');
  const head = (name: string, claim: string) => ({ section: SECTION, name, source: KLEINROCK, claim });
  return [
    replicatedRow(head(`probability of waiting (share of customers who waited), simulated, ${label}`, 'C = 4/9'), 4 / 9, heap.map((r) => r.waitProbability), level, perReplication('heap')),
    replicatedRow(head(`mean wait in queue Wq, simulated, ${label}`, 'Wq = 4/9'), 4 / 9, heap.map((r) => r.meanWait), level, perReplication('heap')),
    replicatedRow(head(`mean number in system L (time average), simulated, ${label}`, 'L = 26/9'), 26 / 9, heap.map((r) => r.meanInSystem), level, perReplication('heap')),
    replicatedRow(
      head(`mean number in system L (time average), simulated, ${label}`, 'L = 26/9'),
      26 / 9,
      simjs.map((r) => r.meanInSystem),
      level,
      `${perReplication('simjs')}; the heap row's seeds: the sample path depends on the seed alone`,
    ),
    replicatedRow(
      { section: SECTION, name: `Little's law on the simulation: time-averaged L − λ·W (W measured per customer), ${label}`, source: "Little's law L = λW (Little 1961)", claim: '0' },
      0,
      heap.map((r) => r.meanInSystem - lambda * r.meanSystemTime),
      level,
      perReplication('heap'),
    ),
  ];
}

/** ρ = 0.8, the highest load the spec tests at: the simulation against Erlang C. */
export function heavyLoadRows(level: number): ReproductionRow[] {
  const [lambda, mu, servers] = [3.2, 1, 4];
  const label = `λ = ${lambda}, μ = ${mu}, c = ${servers} (ρ = 0.8)`;
  const exact = mmcSteadyState(lambda, mu, servers);
  const runs = replicate(lambda, mu, servers, 'heap', 'rho-0.8');
  const source = 'Erlang C, M/M/c steady state (sim/analysis/erlang.ts)';
  return [
    replicatedRow({ section: SECTION, name: `mean wait in queue Wq, simulated, ${label}`, source }, exact.wq, runs.map((r) => r.meanWait), level, perReplication('heap')),
    replicatedRow({ section: SECTION, name: `mean number in system L (time average), simulated, ${label}`, source }, exact.l, runs.map((r) => r.meanInSystem), level, perReplication('heap')),
  ];
}
