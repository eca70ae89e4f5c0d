// Reproduction rows for validation spec §5: token conservation over a month of leases and a month
// of intents (sim/validation/conservation.ts). Every row is exact: a count of violations, or the
// largest gap of an identity in base units, which must be 0.
import type { WorldParams } from '../world/params.js';
import { runConservationMonth } from './conservation.js';
import { exactRow, type ReproductionRow } from './rows.js';

const SECTION = '§5 escrow and intent accounting';
const SPEC = 'specs/validation.md §5; Akash x/escrow, UniswapX reactor';
/** Seconds between ledger identity checks (the world's invariants run at every block). */
const LEDGER_INTERVAL = 6 * 3600;

export interface ConservationMonth {
  /** Where the parameters came from, e.g. scenarios/validation/conservation-leases.yaml. */
  readonly scenario: string;
  readonly params: WorldParams;
  readonly seed: string;
}

export function conservationRows(months: readonly ConservationMonth[]): ReproductionRow[] {
  const rows: ReproductionRow[] = [];
  for (const month of months) {
    const result = runConservationMonth(month.params, month.seed, LEDGER_INTERVAL);
    const days = month.params.duration / 86_400;
    const activity = Object.entries(result.activity).map(([k, v]) => `${v} ${k}`).join(', ');
    rows.push(exactRow(
      { section: SECTION, name: `${result.market}, ${days} days (${month.scenario}): invariant violations at every block`, source: SPEC, claim: '0' },
      0,
      result.invariantViolations,
      0,
      `exact count over ${result.invariantChecks} checks (${activity})${result.firstViolation === undefined ? '' : `; first: ${result.firstViolation}`}`,
    ));
    for (const [identity, gap] of Object.entries(result.gaps)) {
      rows.push(exactRow(
        { section: SECTION, name: `${result.market}, ${days} days: ${identity}, largest gap (base units)`, source: SPEC, claim: '0' },
        0,
        Number(gap),
        0,
        `exact: bigint token amounts, checked every ${LEDGER_INTERVAL / 3600} h (${result.ledgerChecks} checks)`,
      ));
    }
  }
  return rows;
}
