// Compute providers: hardware, its failures, and how they bid.
import { z } from 'zod';
import type { ExpectedParams } from './fields.js';
import { amount, choice, count, duration, flag, fraction, positiveCount, section } from './fields.js';

const gpuType = z.strictObject({
  name: z.string().min(1).describe('GPU model, e.g. "H100".'),
  share: z.number().min(0).max(1).describe('Share of providers that run this GPU model.'),
  costPerGpuHour: z.number().min(0).describe("Provider's own cost per GPU-hour, in USD (power, hosting, depreciation)."),
});

// Costs are rough 2026 market figures; studies that care should set their own.
const DEFAULT_GPU_TYPES = [
  { name: 'H100', share: 0.25, costPerGpuHour: 1.6 },
  { name: 'A100', share: 0.45, costPerGpuHour: 0.9 },
  { name: 'RTX4090', share: 0.3, costPerGpuHour: 0.25 },
];

// Shares are probabilities of one draw; a rounding slack of 1e-9 lets "0.1 + 0.2 + 0.7" pass.
const SHARE_TOLERANCE = 1e-9;

const gpuTypes = z
  .array(gpuType)
  .min(1)
  .superRefine((types, ctx) => {
    const total = types.reduce((sum, t) => sum + t.share, 0);
    if (Math.abs(total - 1) <= SHARE_TOLERANCE) return;
    const params: ExpectedParams = { expected: 'GPU type shares summing to 1', found: `shares summing to ${total}` };
    ctx.addIssue({ code: 'custom', message: params.expected, params });
  })
  .prefault(DEFAULT_GPU_TYPES)
  .describe('GPU models in the market, each with its share of providers and cost.');

const cost = z
  .strictObject({
    distribution: choice(
      ['lognormal', 'uniform'] as const,
      "lognormal: the GPU model's costPerGpuHour times a mean-one lognormal with coefficient of variation costCv; uniform: uniform on [min, max] whatever the GPU model, each provider drawing from its own stream.",
      'lognormal',
    ),
    min: amount('Least cost of the uniform distribution, in USD per GPU-hour.', 0),
    max: amount('Greatest cost of the uniform distribution, in USD per GPU-hour.', 2),
  })
  .refine((c) => c.min <= c.max, {
    message: 'min <= max',
    path: ['max'],
    params: { expected: 'max >= min' } satisfies ExpectedParams,
  })
  .prefault({})
  .describe("How each provider's own cost per GPU-hour is drawn (once, for its whole life).");

/** Recurring looks at the market need a positive interval: one second at least. */
const MIN_CHECK_INTERVAL = 1;

const exit = z
  .strictObject({
    enabled: flag('Whether providers leave when their expected price stays below their cost, and come back when it recovers.', true),
    after: duration('How long the expected price must stay below cost before a provider stops offering its capacity.', '2d'),
    returnAfter: duration('How long the expected price must stay at or above cost before a provider that left offers its capacity again.', '1d'),
    patienceSpread: fraction(
      "Providers differ in patience: each one's after and returnAfter are scaled by one factor drawn uniformly from [1 − spread, 1 + spread] (its own stream), so they do not all leave in the same hour.",
      0.5,
    ),
    checkInterval: duration(`How often a provider looks at its expected price (at least ${MIN_CHECK_INTERVAL} s).`, '1h'),
    window: duration('Lease and intent markets: the clearing prices of the GPU model over this last stretch make the expected price (the posted market uses the posted price).', '1d'),
  })
  .refine((e) => e.checkInterval >= MIN_CHECK_INTERVAL, {
    message: `checkInterval >= ${MIN_CHECK_INTERVAL} s`,
    path: ['checkInterval'],
    params: { expected: `an interval of at least ${MIN_CHECK_INTERVAL} s` } satisfies ExpectedParams,
  })
  .prefault({})
  .describe(
    "Providers who respond to losses: a provider whose expected price (net of the protocol's take) stays below its own cost stops offering its capacity, finishes its work and leaves; it returns when the price recovers.",
  );

export const providersSection = section('Compute providers.', {
  count: positiveCount('Number of providers.', 200),
  gpus: positiveCount('GPUs per provider.', 8),
  gpuTypes,
  failures: section('Provider outages: independent failures plus correlated group (datacentre) outages.', {
    mtbf: duration('Mean time between failures of one provider (exponential).', '60d'),
    mttr: duration('Mean time to repair a failed provider (exponential).', '6h'),
    groups: count('Number of correlated failure groups providers are spread over (0: none).', 10),
    groupMtbf: duration('Mean time between outages of a whole group.', '180d'),
    groupMttr: duration('Mean time to repair a group outage.', '12h'),
  }),
  bidding: section('How providers price their bids.', {
    policy: choice(
      ['truthful', 'cost-plus', 'equilibrium'] as const,
      "truthful: bid cost; cost-plus: cost times (1 + markup); equilibrium: the symmetric first-price equilibrium among the providers of the same GPU model (at most `reach` of them, the bid engines that hear an order) with the order's maximum price as reserve, costs taken uniform on [providers.cost.min, max] when that is their distribution, else on [0, the order's maximum price].",
      'cost-plus',
    ),
    markup: amount('Markup over cost for the cost-plus policy (0.2 = 20%).', 0.2),
    latency: duration(
      'Mean time a provider takes to see an order and send its bid (exponential). Later bidders see earlier bids on chain and skip orders they cannot win.',
      '30s',
    ),
    reach: positiveCount(
      "Lease auction: the most providers' bid engines that hear one order, drawn at random among those of its GPU model with the free GPUs to serve it (all of them when fewer). Bounds the cost of an order whatever the number of providers (DESIGN.md, Who hears an order).",
      20,
    ),
  }),
  costCv: amount("Spread of providers' costs around their GPU model's cost (coefficient of variation of a mean-one lognormal; 0: all equal).", 0.15),
  withdrawInterval: duration('How often a provider withdraws earnings from its leases (lazy escrow settlement).', '1h'),
  cost,
  exit,
});
