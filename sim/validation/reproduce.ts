// The reproduction table (GitHub issue 8): every published result the lab reproduces, from
// specs/validation.md sections 1 to 5 and the sensitivity and search checks of issue 18 (§6), one row each with the published value, the lab's value, the
// tolerance and how it was derived, and pass or fail. `npm run reproduce` prints it; CI runs it.
import { auctionRows } from './auctionRows.js';
import type { MipSolver } from '../analysis/attackMip.js';
import { conservationRows, type ConservationMonth } from './conservationRows.js';
import { contagionRows, type ContagionStudy } from './contagionRows.js';
import { feeRows } from './feeRows.js';
import { queueingRows } from './queueingRows.js';
import { restakingRows } from './restakingRows.js';
import { formatNumber, type ReproductionRow } from './rows.js';
import { sensitivityRows } from './sensitivityRows.js';

/** Confidence level of every interval: a correct model fails a given row with probability 0.001. */
export const LEVEL = 0.999;

export interface ReproduceInputs {
  /** The §5 months, from scenarios/validation/conservation-*.yaml. */
  readonly conservationMonths: readonly ConservationMonth[];
  /** The contagion study's population (scenarios/contagion.yaml) and the seeds of its rows. */
  readonly contagion: ContagionStudy;
  /** HiGHS, the contagion rows' independent exact solver. */
  readonly mipSolver: MipSolver;
  /** §6's world case (worldSearchRows.ts), computed beforehand: it runs the world through the runner's executors, asynchronously. */
  readonly worldSearch: readonly ReproductionRow[];
  /** Called as each section finishes, for progress output. */
  readonly onSection?: (section: string, rows: readonly ReproductionRow[]) => void;
}

/** The table's sections, in the order they run. */
export const SECTIONS = ['§1 queueing', '§2 restaking', '§2 restaking (world)', '§3 auctions', '§4 EIP-1559', '§5 conservation', '§6 sensitivity and search'] as const;

export function reproduce(inputs: ReproduceInputs): ReproductionRow[] {
  const sections: [string, () => ReproductionRow[]][] = [
    [SECTIONS[0], () => queueingRows(LEVEL)],
    [SECTIONS[1], () => restakingRows()],
    [SECTIONS[2], () => contagionRows(inputs.contagion, inputs.mipSolver)],
    [SECTIONS[3], () => auctionRows(LEVEL)],
    [SECTIONS[4], () => feeRows(LEVEL)],
    [SECTIONS[5], () => conservationRows(inputs.conservationMonths)],
    [SECTIONS[6], () => [...sensitivityRows(LEVEL), ...inputs.worldSearch]],
  ];
  const rows: ReproductionRow[] = [];
  for (const [name, run] of sections) {
    const section = run();
    inputs.onSection?.(name, section);
    rows.push(...section);
  }
  return rows;
}

const COMPARISON_SIGN = { within: '±', below: '<', above: '>', 'at least': '≥' } as const;

/** One Markdown table: readable in a terminal and in CI logs, and pasted as is into documents. */
export function formatTable(rows: readonly ReproductionRow[]): string {
  const header = ['#', 'section', 'result', 'source', 'published', 'lab', 'tolerance', 'how the tolerance was derived', 'pass'];
  const lines = rows.map((r, i) => [
    String(i + 1),
    r.section,
    r.name,
    r.source,
    r.claim,
    formatNumber(r.lab),
    tolerance(r),
    r.basis,
    r.pass ? 'pass' : '**FAIL**',
  ]);
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.map(cell).join(' | ')} |`).join('\n');
}

/** ± the tolerance, the bound, or both for a bound on an interval. */
function tolerance(r: ReproductionRow): string {
  const spread = `± ${formatNumber(r.tolerance)}`;
  if (r.comparison === 'within') return spread;
  const bound = `${COMPARISON_SIGN[r.comparison]} ${formatNumber(r.published)}`;
  return r.tolerance > 0 ? `${spread}, all ${bound}` : bound;
}

export function summaryLine(rows: readonly ReproductionRow[]): string {
  const failed = rows.filter((r) => !r.pass);
  return failed.length === 0
    ? `All ${rows.length} published results reproduced.`
    : `${failed.length} of ${rows.length} results NOT reproduced: ${failed.map((r) => r.name).join('; ')}`;
}
