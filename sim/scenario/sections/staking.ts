// The restaking side of the market: stakers delegate to operators, operators allocate magnitude
// to services' operator sets, services reward and slash.
import { z } from 'zod';
import { amount, choice, duration, fraction, MAX_CV, MAX_FACTOR, MAX_TOKENS, positiveCount, section } from './fields.js';

/** Allocations are carried in millionths of the maximum magnitude (units.ts fractionToWadDown). */
const ALLOCATION_RESOLUTION = 1e-6;

export const stakersSection = section('Stakers who deposit and delegate stake to operators.', {
  count: positiveCount('Number of stakers.', 1000, 1_000_000),
  deposit: section('Initial deposit per staker (lognormal), in STAKE tokens (the restaked token, 18 decimals).', {
    mean: amount('Mean deposit.', 32, MAX_TOKENS),
    cv: amount('Coefficient of variation of deposits.', 1, MAX_CV),
  }),
  delegation: choice(
    ['random', 'largest', 'highest-yield'] as const,
    'How a staker picks its operator at the start.',
    'highest-yield',
  ),
  yieldChasing: section('Redelegation towards better yield.', {
    checkInterval: duration('How often a staker compares yields (0 disables chasing; else at least one block).', '7d'),
    minImprovement: amount('Yield gain (absolute APR) that makes a staker move.', 0.01, MAX_FACTOR),
  }),
  joinWindow: duration('Stakers buy in at uniformly spread times over this window from the start.', '1d'),
  lossThreshold: fraction('Slashing loss, as a share of its stake, past which a staker withdraws.', 0.05),
  panic: section('Withdrawals triggered by other stakers leaving.', {
    policy: choice(
      ['none', 'threshold', 'herd'] as const,
      'none: ignore others; threshold: withdraw once the stake queued for withdrawal passes the threshold; herd: withdraw with probability equal to the share withdrawing.',
      'threshold',
    ),
    threshold: fraction("Share of an operator's stake queued for withdrawal that triggers the threshold policy.", 0.2),
  }),
});

/** A year, for rates per year. */
export const SECONDS_PER_YEAR = 365 * 86_400;

export const operatorsSection = section("Operators who run services on providers' hardware with delegated stake.", {
  count: positiveCount('Number of operators.', 30, 10_000),
  providersEach: positiveCount("Providers whose hardware each operator runs on (shares their failures).", 2, 1000),
  allocation: section('How operators allocate magnitude across operator sets.', {
    policy: choice(
      ['even', 'reward-weighted', 'concentrated'] as const,
      'even: equal slices; reward-weighted: in proportion to reward per unit stake; concentrated: all on the best set.',
      'even',
    ),
    setsPerOperator: positiveCount('Operator sets each operator registers for.', 3, 1000),
    totalFraction: z
      .number()
      .min(ALLOCATION_RESOLUTION)
      .max(1)
      .prefault(0.9)
      .describe('Share of max magnitude allocated in total, in millionths from 0.000001 to 1 (unique-stake requires <= 1).'),
  }),
  allocationDelay: duration('Delay before an allocation increase becomes slashable (EigenLayer unit tests: 1 day).', '1d'),
  commissionBps: z.number().int().min(0).max(10_000).prefault(1000).describe("Operator's cut of rewards, in basis points."),
  equivocationsPerYear: amount(
    'Mean equivocations (provable misbehaviour) per operator per year, a Poisson process (0: never; at most one a block on average).',
    0.05,
    SECONDS_PER_YEAR,
  ),
});

export const servicesSection = section('Services (AVSs) that create operator sets, pay rewards and slash.', {
  count: positiveCount('Number of services (each brings its own series).', 5, 100),
  // With the staking defaults (1000 stakers of 32 tokens) five services paying 1 token a day are a
  // yield of about 5.7% a year.
  rewardsPerDay: amount('Rewards each service pays per day, in STAKE tokens, split over allocated stake.', 1, MAX_TOKENS),
  profitFromCorruption: amount(
    'Profit an attacker gains by corrupting one service, in STAKE tokens (pi_s in Durvasula-Roughgarden).',
    2_000,
    MAX_TOKENS,
  ),
  attackThreshold: z
    .number()
    .gt(0)
    .max(1)
    .prefault(0.5)
    .describe("Share of a service's stake an attacking coalition needs (alpha_s)."),
  slashing: section('Share of the allocation slashed per offence.', {
    slaBreach: fraction('Slash for a missed SLA.', 0.01),
    downtime: fraction('Slash for downtime beyond the grace period.', 0.001),
    downtimeGrace: duration('Downtime tolerated before a downtime slash, and between downtime slashes while the operator stays down (at least one block).', '1h'),
    equivocation: fraction('Slash for equivocation (provable misbehaviour).', 1),
  }),
  slaAvailability: fraction("Availability per day below which an operator breaches the service's SLA (0 disables the check).", 0.99),
});
