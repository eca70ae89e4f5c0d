// The compute market: one of three mechanisms, each with its own settings. All three settings
// blocks always exist (with defaults), so a sweep over market.kind needs no other change.
import { z } from 'zod';
import { amount, choice, duration, flag, fraction, MAX_FACTOR, MAX_PRICE, MAX_USD, positiveCount, section } from './fields.js';
import { ordered } from './rules.js';

export const MARKET_KINDS = ['lease-auction', 'intent-auction', 'posted-price'] as const;

/**
 * The least escrow deposit, in USD: one micro-USD (one uusdc coin). Akash's accountWithdraw saves
 * nothing when the account holds under one coin, so an account closed that way keeps its 'open'
 * state for ever (ported as it is, contracts/leasing/escrow.ts): its deployment's records are never
 * pruned, and the escrow invariant re-reads it at every check. A deposit of a coin at least is
 * refunded, and saved, when an order that drew no bid is closed; with a deposit of nothing, a
 * tenant redeploying every bid window grew the state without end.
 */
const LEAST_DEPOSIT = 1e-6;

const deposit = (description: string) =>
  z.number().min(LEAST_DEPOSIT).max(MAX_USD).prefault(0.5).describe(`${description} At least ${LEAST_DEPOSIT} (one uusdc: see LEAST_DEPOSIT).`);

/**
 * The most orders in a row without a bid a tenant may post before giving up. A tenant that has seen
 * a thousand bid windows pass with no bid at all (three and a half days of Akash's 5 min windows) has
 * learnt the market will not serve it; a larger count means no tenant, only a storm of orders (fuzz
 * 2029-490: 884,999 on 1 s windows). Even this ceiling multiplies a run's work by ten over the
 * default, so the fuzzer draws the field below a size cap (test/fuzz/scenarioArbitrary.ts SIZE_CAPS).
 */
export const MAX_EMPTY_ORDERS = 1_000;

const leaseAuction = section('Akash-style reverse auction: users post orders, providers bid, the lowest bid wins the lease.', {
  bidWindow: duration('How long an order stays open for bids before the user picks the lowest (at least one block: a bid needs one to land).', '5m'),
  maxEmptyOrders: positiveCount(
    "Orders in a row that may draw no bid before a tenant gives up, whatever its patience (users.latency.sla): a tenant redeploys after every bid window that brought no bid, so one that no provider serves (every ask above its price) would otherwise post an order, announced to up to providers.bidding.reach providers, every window for as long as a patience of years lasts.",
    100,
    MAX_EMPTY_ORDERS,
  ),
  orderMaxBids: positiveCount('Bids an order accepts (Akash OrderMaxBids default 20).', 20, 1000),
  bidMinDeposit: deposit('Deposit a provider locks with each bid, in USD, escrowed as micro-USD (uusdc; Akash BidMinDeposit is 0.5 AKT).'),
  minDeposit: deposit('Least escrow deposit a deployment needs, in USD, escrowed as micro-USD (uusdc; Akash MinDeposits is 0.5 AKT).'),
  takeRatePercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .prefault(20)
    .describe('Share of each provider payout taken by the protocol, in percent (Akash DefaultTakeRate 20; AKT-denominated 2). At 100 no provider nets anything, and none bids.'),
});

const intentAuction = section(
  'UniswapX-style intents: users post Dutch-decaying compute intents, solvers fill them.',
  {
    decayWindow: duration('Time over which an intent price decays from its start to its end price.', '10m', { gt: 0 }),
    startPriceFactor: amount("Start price as a multiple of the user's willingness to pay per GPU-hour (at most the end factor: the input decays upward).", 0.6, MAX_FACTOR),
    endPriceFactor: amount("End price as a multiple of the user's willingness to pay per GPU-hour.", 1, MAX_FACTOR),
    deadline: duration('Time after the decay ends during which the intent may still be filled.', '5m'),
    exclusiveShare: fraction('Share of intents that name an exclusive solver (the RFQ winner).', 0.5),
    exclusivityWindow: duration('How long the exclusive solver is protected before the decay starts.', '30s'),
    overrideBps: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .prefault(100)
      .describe('Basis points by which another solver must beat the exclusive price during exclusivity.'),
    redeemWindow: duration('Time a user has to start its job on capacity a solver bought before the provider may sell the GPUs again (at least one block: the redemption lands at least one block after the fill).', '2m'),
  },
  [
    ordered(
      'the input decays upward: startPriceFactor <= endPriceFactor',
      ['startPriceFactor', (a) => a.startPriceFactor],
      ['endPriceFactor', (a) => a.endPriceFactor],
      (a, low, high) => Object.assign(a, { startPriceFactor: low, endPriceFactor: high }),
    ),
  ],
);

/** The posted price rule carries the target in millionths and the step in billionths (priceRule.ts). */
const TARGET_RESOLUTION = 1e-6;
const STEP_RESOLUTION = 1e-9;

const postedPrice = section(
  'Posted price per GPU-hour moving with utilization against a target, EIP-1559 style.',
  {
    initialPrice: amount('Price at the start, in USD per GPU-hour (from minPrice to maxPrice).', 2, MAX_PRICE),
    minPrice: amount('Floor of the price, in USD per GPU-hour.', 0.05, MAX_PRICE),
    maxPrice: amount(
      'Ceiling of the price, in USD per GPU-hour (at least initialPrice). Buyers whose jobs outlast the run keep GPUs busy at any price, and a price that rises by its step every window would overflow; the rule holds it here as it holds it at the floor. The default is the largest price the schema takes.',
      MAX_PRICE,
      MAX_PRICE,
    ),
    targetUtilization: z
      .number()
      .min(TARGET_RESOLUTION)
      .max(1 - TARGET_RESOLUTION)
      .prefault(0.8)
      .describe('Utilization at which the price holds still, strictly between 0 and 1, in millionths (from 0.000001 to 0.999999).'),
    step: z
      .number()
      .min(STEP_RESOLUTION)
      .max(1)
      .prefault(0.125)
      .describe('Largest relative price change per adjustment, at 0 or full utilization (EIP-1559: 1/8), in billionths up to 1.'),
    adjustInterval: duration('Time between price adjustments (at least one block: each is a transaction).', '1h'),
    curve: choice(['linear', 'exponential'] as const, 'linear: EIP-1559 step; exponential: EIP-4844 compounding of excess demand (its floor must be at least one micro-USD for every GPU model).', 'linear'),
    queueWhenFull: flag('Whether jobs that find no free GPU wait (true) or leave (false).', true),
    protocolFeeBps: z.number().int().min(0).max(10_000).prefault(0).describe("The protocol's share of each payment, in basis points."),
  },
  [
    ordered(
      'the price starts at or above its floor: minPrice <= initialPrice',
      ['minPrice', (p) => p.minPrice],
      ['initialPrice', (p) => p.initialPrice],
      (p, low, high) => Object.assign(p, { minPrice: low, initialPrice: high }),
    ),
    ordered(
      'the price starts at or below its ceiling: initialPrice <= maxPrice',
      ['initialPrice', (p) => p.initialPrice],
      ['maxPrice', (p) => p.maxPrice],
      (p, low, high) => Object.assign(p, { initialPrice: low, maxPrice: high }),
    ),
  ],
);

export const marketSection = section('The compute market mechanism and its settings.', {
  kind: choice(MARKET_KINDS, 'Which mechanism matches users with GPUs.', 'lease-auction'),
  leaseAuction,
  intentAuction,
  postedPrice,
});
