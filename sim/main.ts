// `npm start`: validates both event kernels on the M/M/c queue against Erlang C and prints a table.
// (The world model will take this entry point over.)
import { mmcSteadyState } from './analysis/erlang.js';
import type { KernelKind } from './engine/index.js';
import { contains, replicationInterval, type ConfidenceInterval } from './validation/confidence.js';
import { runMmc } from './validation/mmc.js';

const CASES: { lambda: number; mu: number; servers: number }[] = [
  { lambda: 2, mu: 1, servers: 3 },
  { lambda: 0.8, mu: 1, servers: 1 },
  { lambda: 3.2, mu: 1, servers: 4 },
  { lambda: 6, mu: 1, servers: 10 },
];
const KERNELS: KernelKind[] = ['simjs', 'heap'];
const REPLICATIONS = 8;
const CUSTOMERS = 20_000;
const WARMUP = 2_000;
/** The level shown in the table, and the stricter level that decides pass or fail. */
const SHOWN_LEVEL = 0.95;
const PASS_LEVEL = 0.999;

function waitIntervals(kernel: KernelKind, lambda: number, mu: number, servers: number): ConfidenceInterval[] {
  const waits = Array.from({ length: REPLICATIONS }, (_, r) =>
    runMmc({ lambda, mu, servers, customers: CUSTOMERS, warmup: WARMUP, kernel }, `main-${r}`).meanWait,
  );
  return [replicationInterval(waits, SHOWN_LEVEL), replicationInterval(waits, PASS_LEVEL)];
}

function main(): number {
  console.log(
    `M/M/c validation: mean wait in queue Wq, ${REPLICATIONS} replications x ${CUSTOMERS} customers ` +
      `(${WARMUP} warm-up) per kernel and case`,
  );
  const header = ['lambda', 'mu', 'c', 'rho', 'Erlang C Wq', ...KERNELS.map((k) => `${k} Wq (95% CI)`), 'pass'];
  const rows: string[][] = [header];
  let failures = 0;
  for (const { lambda, mu, servers } of CASES) {
    const exact = mmcSteadyState(lambda, mu, servers);
    const cells = [String(lambda), String(mu), String(servers), exact.rho.toFixed(2), exact.wq.toFixed(4)];
    let pass = true;
    for (const kernel of KERNELS) {
      const [shown, strict] = waitIntervals(kernel, lambda, mu, servers) as [ConfidenceInterval, ConfidenceInterval];
      cells.push(`${shown.mean.toFixed(4)} ± ${shown.halfWidth.toFixed(4)}`);
      pass &&= contains(strict, exact.wq);
    }
    if (!pass) failures++;
    rows.push([...cells, pass ? 'yes' : 'NO']);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  console.log(`pass: Erlang C's Wq lies inside every kernel's ${PASS_LEVEL * 100}% confidence interval (Student t)`);
  return failures === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`depin-lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
