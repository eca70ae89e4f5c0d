// Closed forms for the lease market's procurement (reverse) auction, validation spec §3:
// n providers with private costs i.i.d. uniform on [0, 1] compete for one job; the lowest bid wins.
// Krishna, "Auction Theory", ch. 2-3, for the forward-auction versions these mirror.
//
// Without a reserve. In the second-price auction bidding one's cost is dominant and the price is
// the second-lowest cost, E = 2/(n + 1). In the first-price auction the symmetric equilibrium bid
// is b(c) = c + (1 − c)/n, the expected second-lowest cost given that c is the lowest; the winner
// is the lowest-cost provider, whose bid averages E[c₍₁₎] + (1 − E[c₍₁₎])/n = 2/(n + 1) too.
//
// With a reserve price r (the tenant's maximum price; no trade when every cost exceeds it).
// Trade happens when the lowest cost is at most r: P(trade) = 1 − (1 − r)^n.
// Both formats give the job to the lowest cost c ≤ r, and a provider with cost r earns nothing,
// so by revenue equivalence they have the same expected payment. With Q(c) = (1 − c)^(n−1) the
// chance that cost c is the lowest, a provider with cost c ≤ r expects to be paid
//   P(c) = c·Q(c) + ∫_c^r Q(t) dt,
// and the tenant pays in expectation, swapping the order of integration in the second term,
//   E[payment] = n ∫_0^r P(c) dc = 2n ∫_0^r c (1 − c)^(n−1) dc
//              = 2/(n + 1) · [1 − (n + 1)(1 − r)^n + n (1 − r)^(n+1)]     (u = 1 − c).
// At r = 1 this is 2/(n + 1); at n = 1 it is r² (the lone provider is paid r whenever c ≤ r).
// The first-price equilibrium bid is the expected payment given a win, P(c)/Q(c):
//   b(c) = c + [(1 − c)^n − (1 − r)^n] / (n (1 − c)^(n−1)),   c ≤ r,
// which is c + (1 − c)/n at r = 1 and b(r) = r. In the second-price auction the price is
// min(second-lowest cost, r): an absent rival is a rival bidding r.

export type AuctionFormat = 'first-price' | 'second-price';

export interface ReserveOutcome {
  tradeProbability: number;
  /** E[price · 1{trade}]: what the tenant pays on average, counting no trade as 0. */
  expectedPayment: number;
  /** E[price | trade]. */
  expectedPriceGivenTrade: number;
}

export interface AuctionResult {
  /** Index of the winning provider in the cost list. */
  winner: number;
  price: number;
}

/** E[price] of either format among n providers with no reserve: 2/(n + 1). */
export function expectedPrice(n: number): number {
  checkProviders(n);
  return 2 / (n + 1);
}

/** The symmetric first-price equilibrium bid of a provider with `cost`, under reserve r (1: none). */
export function firstPriceBid(cost: number, n: number, reserve = 1): number {
  checkProviders(n);
  checkUnit(reserve, 'reserve', true);
  checkUnit(cost, 'cost', false);
  if (cost > reserve) throw new RangeError(`cost ${cost} is above the reserve ${reserve}: such a provider does not bid`);
  if (cost === reserve) return reserve;
  const spare = 1 - cost;
  return cost + (spare ** n - (1 - reserve) ** n) / (n * spare ** (n - 1));
}

/** Probability of trade and expected payments with reserve r, the same for both formats. */
export function reserveOutcome(n: number, reserve: number): ReserveOutcome {
  checkProviders(n);
  checkUnit(reserve, 'reserve', true);
  const miss = 1 - reserve;
  const tradeProbability = 1 - miss ** n;
  const expectedPayment = (2 / (n + 1)) * (1 - (n + 1) * miss ** n + n * miss ** (n + 1));
  return { tradeProbability, expectedPayment, expectedPriceGivenTrade: expectedPayment / tradeProbability };
}

/**
 * One auction among providers with the given costs, each bidding its equilibrium bid (its cost in
 * the second-price format); providers above the reserve stay out. Null when nobody bids. Ties go
 * to the earlier provider.
 */
export function runReverseAuction(costs: readonly number[], format: AuctionFormat, reserve = 1): AuctionResult | null {
  checkProviders(costs.length);
  checkUnit(reserve, 'reserve', true);
  costs.forEach((c, i) => checkUnit(c, `costs[${i}]`, false));
  let winner = -1;
  let runnerUpCost = reserve;
  costs.forEach((c, i) => {
    if (c > reserve) return;
    const current = costs[winner];
    if (current === undefined || c < current) {
      if (current !== undefined) runnerUpCost = current;
      winner = i;
    } else if (c < runnerUpCost) {
      runnerUpCost = c;
    }
  });
  const winningCost = costs[winner];
  if (winningCost === undefined) return null;
  // Bids increase with cost, so the lowest cost also makes the lowest first-price bid.
  const price = format === 'second-price' ? runnerUpCost : firstPriceBid(winningCost, costs.length, reserve);
  return { winner, price };
}

function checkProviders(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of providers must be a positive integer, got ${n}`);
}

function checkUnit(x: number, name: string, positive: boolean): void {
  const ok = Number.isFinite(x) && x <= 1 && (positive ? x > 0 : x >= 0);
  if (!ok) throw new RangeError(`${name} must be in ${positive ? '(0, 1]' : '[0, 1]'}, got ${x}`);
}
