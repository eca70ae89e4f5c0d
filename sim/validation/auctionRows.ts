// Reproduction rows for validation spec §3: first-price procurement auctions run through the real
// lease market (sim/validation/leaseAuctions.ts: ProviderAgents with private uniform costs bidding
// by their equilibrium policy, TenantAgents, the ported Akash contracts settling at the winning
// bid) against revenue equivalence, the reserve-price closed forms, and the equilibrium's defining
// property: no bidder gains by deviating from it.
import { expectedPrice, reserveOutcome } from '../analysis/auctions.js';
import { runLeaseAuctions, type AuctionOutcome, type LeaseAuctionParams } from './leaseAuctions.js';
import { replicatedBoundRow, replicatedRow, type ReproductionRow } from './rows.js';

const SECTION = '§3 procurement auctions';
const KRISHNA = 'Krishna, Auction Theory (2nd ed.), ch. 2-3: first-price equilibrium and revenue equivalence';
/** USD per GPU-hour: costs are uniform on [0, COST_CEILING]; prices are reported over it. */
const COST_CEILING = 2;
const BIDDERS = [2, 3, 5, 10] as const;
/** Runs per row; each run holds its own independent auctions, one per GPU model. */
const RUNS = 10;
const AUCTIONS_PER_RUN = 100;
const RESERVE_CASE = { bidders: 3, reserveShare: 0.5 } as const;
/**
 * The deviation rows: bidders 2 (where a deviation costs most), ±5%. A deviation of δ costs a
 * bidder about 0.375·δ²·c̄ of expected profit at n = 2 (second order: the equilibrium is a best
 * response), against a paired difference with a standard deviation near 0.07·c̄ per auction: 30
 * runs of 1,000 auctions put the expected difference about six standard errors below 0.
 */
const DEVIATION = { bidders: 2, shades: [1.05, 0.95], runs: 30, auctionsPerRun: 1_000 } as const;

/**
 * The order-reach row: each order reaches `bidders` of the `population` providers of its model
 * (sim/markets/lease/orderReach.ts), who bid the n-bidder equilibrium. If the draw were not
 * uniform among able providers, or reached more or fewer than n, the price would leave 2/(n + 1).
 */
const REACH_CASE = { bidders: 10, population: 200, auctions: 40 } as const;

export function auctionRows(level: number): ReproductionRow[] {
  return [...revenueEquivalenceRows(level), ...reachRows(level), ...reserveRows(level), ...deviationRows(level)];
}

function replicate(params: Omit<LeaseAuctionParams, 'costCeiling'>, runs: number, label: string): AuctionOutcome[][] {
  return Array.from({ length: runs }, (_, r) => runLeaseAuctions({ ...params, costCeiling: COST_CEILING }, `reproduce-lease-auction-${label}-${r}`));
}

const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const perRun = (auctions: number): string => `${auctions.toLocaleString('en-US')} one-GPU lease auctions (each among its own providers)`;

export function revenueEquivalenceRows(level: number): ReproductionRow[] {
  return BIDDERS.map((n) => {
    const runs = replicate({ bidders: n, auctions: AUCTIONS_PER_RUN, reserveShare: 1 }, RUNS, `n${n}`);
    return replicatedRow(
      {
        section: SECTION,
        name: `E[price]/c̄, first price through the lease market, n = ${n} ProviderAgents, costs U[0, c̄], order maximum r = c̄ (never binds)`,
        source: KRISHNA,
        claim: `2/(n + 1) = ${trim(expectedPrice(n))}`,
      },
      expectedPrice(n),
      runs.map((run) => mean(run.map((a) => a.payment))),
      level,
      perRun(AUCTIONS_PER_RUN),
    );
  });
}

export function reachRows(level: number): ReproductionRow[] {
  const { bidders, population, auctions } = REACH_CASE;
  const runs = replicate({ bidders, population, auctions, reserveShare: 1 }, RUNS, `reach${bidders}of${population}`);
  return [
    replicatedRow(
      {
        section: SECTION,
        name: `E[price]/c̄, first price through the lease market, each order reaching n = ${bidders} of ${population} ProviderAgents of its GPU model, costs U[0, c̄], r = c̄`,
        source: `${KRISHNA}; the order reach (DESIGN.md, Who hears an order)`,
        claim: `2/(n + 1) = ${trim(expectedPrice(bidders))}`,
      },
      expectedPrice(bidders),
      runs.map((run) => mean(run.map((a) => a.payment))),
      level,
      `${auctions} one-GPU lease auctions, each among ${population} providers of its own model`,
    ),
  ];
}

export function reserveRows(level: number): ReproductionRow[] {
  const { bidders, reserveShare } = RESERVE_CASE;
  const runs = replicate({ bidders, auctions: AUCTIONS_PER_RUN, reserveShare }, RUNS, 'reserve');
  const exact = reserveOutcome(bidders, reserveShare);
  const label = `first price through the lease market, n = ${bidders}, costs U[0, c̄], order maximum r = ${reserveShare}·c̄`;
  return [
    replicatedRow(
      { section: SECTION, name: `P(trade), ${label}`, source: 'Krishna ch. 2.5 (reserve prices): 1 − (1 − r)^n', claim: `1 − (1 − r)^n = ${trim(exact.tradeProbability)}` },
      exact.tradeProbability,
      runs.map((run) => mean(run.map((a) => (a.traded ? 1 : 0)))),
      level,
      perRun(AUCTIONS_PER_RUN),
    ),
    replicatedRow(
      { section: SECTION, name: `E[payment]/c̄, ${label} (no trade pays 0)`, source: 'revenue equivalence with a reserve (sim/analysis/auctions.ts)', claim: trim(exact.expectedPayment) },
      exact.expectedPayment,
      runs.map((run) => mean(run.map((a) => a.payment))),
      level,
      perRun(AUCTIONS_PER_RUN),
    ),
  ];
}

export function deviationRows(level: number): ReproductionRow[] {
  const { bidders, runs, auctionsPerRun, shades } = DEVIATION;
  const params = { bidders, auctions: auctionsPerRun, reserveShare: 1 };
  const honest = replicate(params, runs, 'deviation');
  return shades.map((shade) => {
    const deviant = replicate({ ...params, deviantShade: shade }, runs, 'deviation');
    // Paired: the same seed gives every provider the same cost and latency; only the first bidder's bid moves.
    const differences = deviant.map((run, r) => mean(run.map((a, k) => a.firstProviderProfit - honest[r]![k]!.firstProviderProfit)));
    const percent = `${shade > 1 ? '+' : '−'}${Math.round(Math.abs(shade - 1) * 100)}%`;
    return replicatedBoundRow(
      {
        section: SECTION,
        name: `a bidder ${percent} off its equilibrium bid earns less: mean paired profit difference per auction over c̄, n = ${bidders}, costs U[0, c̄]`,
        source: `${KRISHNA}: the symmetric equilibrium is a best response`,
        claim: '< 0',
      },
      'below',
      0,
      differences,
      level,
      `${perRun(auctionsPerRun)}, paired with the equilibrium run of the same seed`,
    );
  });
}

function trim(x: number): string {
  return String(Number(x.toPrecision(4)));
}
