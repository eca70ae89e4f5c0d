// Reproduction rows for validation spec §3: procurement auctions run through the lease market
// (sim/validation/procurement.ts) against revenue equivalence and the reserve-price closed forms.
import { expectedPrice, reserveOutcome, type AuctionFormat } from '../analysis/auctions.js';
import { runProcurement, type ProcurementResult } from './procurement.js';
import { exactRow, replicatedRow, type ReproductionRow } from './rows.js';

const SECTION = '§3 procurement auctions';
const KRISHNA = 'Krishna, Auction Theory (2nd ed.), ch. 2-3: revenue equivalence';
const REPLICATIONS = 10;
const AUCTIONS = 200;
/** USD per GPU-hour: costs are uniform on [0, COST_CEILING]; prices are reported over it. */
const COST_CEILING = 2;
const BIDDERS = [2, 3, 5, 10] as const;
const RESERVE_CASE = { bidders: 3, reserveShare: 0.5 } as const;

export function auctionRows(level: number): ReproductionRow[] {
  const rows: ReproductionRow[] = [];
  const all: ProcurementResult[] = [];
  const perReplication = `${AUCTIONS} auctions on the lease market`;
  for (const format of ['first-price', 'second-price'] as const satisfies readonly AuctionFormat[]) {
    for (const n of BIDDERS) {
      const runs = replicate(n, format, 1);
      all.push(...runs);
      rows.push(replicatedRow(
        { section: SECTION, name: `E[price]/r, ${format}, n = ${n}, costs U[0, r], r = the order's maximum price`, source: KRISHNA, claim: `2/(n + 1) = ${trim(expectedPrice(n))}` },
        expectedPrice(n),
        runs.map(meanPayment),
        level,
        perReplication,
      ));
    }
  }

  const { bidders, reserveShare } = RESERVE_CASE;
  const reserved = replicate(bidders, 'first-price', reserveShare);
  all.push(...reserved);
  const exact = reserveOutcome(bidders, reserveShare);
  const label = `first-price, n = ${bidders}, costs U[0, c̄], reserve ${reserveShare}·c̄`;
  rows.push(
    replicatedRow(
      { section: SECTION, name: `P(trade), ${label}`, source: 'Krishna ch. 2.5 (reserve prices): 1 − (1 − r)^n', claim: `1 − (1 − r)^n = ${trim(exact.tradeProbability)}` },
      exact.tradeProbability,
      reserved.map((r) => r.trades / r.payments.length),
      level,
      perReplication,
    ),
    replicatedRow(
      { section: SECTION, name: `E[payment], ${label} (no trade pays 0)`, source: 'revenue equivalence with a reserve (sim/analysis/auctions.ts)', claim: trim(exact.expectedPayment) },
      exact.expectedPayment,
      reserved.map(meanPayment),
      level,
      perReplication,
    ),
  );

  const auctions = all.reduce((n, r) => n + r.payments.length, 0);
  const refused = all.reduce((n, r) => n + r.bidsRefusedOverReserve, 0);
  rows.push(exactRow(
    { section: SECTION, name: 'leases priced above the order\'s maximum price', source: 'spec §3: no trade above the reserve (Akash ErrBidOverOrder)' },
    0,
    all.reduce((n, r) => n + r.leasesAboveReserve, 0),
    0,
    `exact count over all ${auctions} auctions; the market refused all ${refused} bids above the reserve`,
  ));
  return rows;
}

function replicate(bidders: number, format: AuctionFormat, reserveShare: number): ProcurementResult[] {
  return Array.from({ length: REPLICATIONS }, (_, r) =>
    runProcurement({ bidders, format, auctions: AUCTIONS, costCeiling: COST_CEILING, reserveShare }, `reproduce-auction-${format}-${bidders}-${reserveShare}-${r}`),
  );
}

function meanPayment(r: ProcurementResult): number {
  return r.payments.reduce((sum, p) => sum + p, 0) / r.payments.length;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(4)));
}
