// Compute providers: hardware, its failures, and how they bid.
import { z } from 'zod';
import { formatSeconds } from '../unitText.js';
import { amount, choice, count, duration, flag, fraction, MAX_CV, MAX_FACTOR, MAX_PRICE, positiveCount, section } from './fields.js';
import { ordered, withRules, type CrossRule } from './rules.js';

/** The most providers a run may have (each is an agent with its own streams and transactions). */
export const MAX_PROVIDERS = 100_000;
/** The most GPU models: each brings its own series (and, in the posted market, its own price). */
export const MAX_GPU_TYPES = 20;

const gpuType = z.strictObject({
  name: z.string().min(1).describe('GPU model, e.g. "H100" (each model once).'),
  share: z.number().min(0).max(1).describe('Share of providers that run this GPU model.'),
  costPerGpuHour: z.number().min(0).max(MAX_PRICE).describe("Provider's own cost per GPU-hour, in USD (power, hosting, depreciation); 0 is allowed."),
});

type GpuType = z.output<typeof gpuType>;

// Costs are rough 2026 market figures; studies that care should set their own.
const DEFAULT_GPU_TYPES = [
  { name: 'H100', share: 0.25, costPerGpuHour: 1.6 },
  { name: 'A100', share: 0.45, costPerGpuHour: 0.9 },
  { name: 'RTX4090', share: 0.3, costPerGpuHour: 0.25 },
];

// Shares are probabilities of one draw; a rounding slack of 1e-9 lets "0.1 + 0.2 + 0.7" pass.
const SHARE_TOLERANCE = 1e-9;
/**
 * The least share a GPU model may have, unless 0: prices and willingness to pay scale with a
 * model's cost over the share-weighted mean cost, a ratio of at most 1/share.
 */
export const LEAST_SHARE = 1e-6;
/** The least cost a GPU model may have, unless 0: a micro-USD, the unit prices are paid in. */
export const LEAST_COST = 1e-6;

const GPU_TYPE_RULES: readonly CrossRule<GpuType[]>[] = [
  {
    rule: 'GPU type shares sum to 1',
    at: [],
    check: (types) => {
      const total = types.reduce((sum, t) => sum + t.share, 0);
      return Math.abs(total - 1) <= SHARE_TOLERANCE ? undefined : { expected: 'GPU type shares summing to 1', found: `shares summing to ${total}` };
    },
    repair: (types) => {
      const total = types.reduce((sum, t) => sum + t.share, 0);
      // The last share takes the rounding remainder, so the sum is 1 to the last bit that matters.
      types.forEach((t) => (t.share = total > 0 ? t.share / total : 1 / types.length));
      const rest = types.slice(0, -1).reduce((sum, t) => sum + t.share, 0);
      types[types.length - 1]!.share = Math.max(0, 1 - rest);
    },
  },
  {
    rule: `each GPU model's share is 0 or at least ${LEAST_SHARE}`,
    at: [],
    check: (types) => {
      const tiny = types.find((t) => t.share > 0 && t.share < LEAST_SHARE);
      return tiny === undefined ? undefined : { expected: `each share 0 or at least ${LEAST_SHARE} (prices scale with cost over the share-weighted mean cost)`, found: `${JSON.stringify(tiny.name)} with ${tiny.share}` };
    },
    repair: (types) => {
      // A tiny share goes to the largest one, which keeps the sum.
      const largest = types.reduce((best, t) => (t.share > best.share ? t : best));
      for (const t of types) {
        if (t.share > 0 && t.share < LEAST_SHARE && t !== largest) {
          largest.share = Math.min(1, largest.share + t.share);
          t.share = 0;
        }
      }
    },
  },
  {
    rule: `each GPU model's cost is 0 or at least ${LEAST_COST} USD per GPU-hour`,
    at: [],
    check: (types) => {
      const tiny = types.find((t) => t.costPerGpuHour > 0 && t.costPerGpuHour < LEAST_COST);
      return tiny === undefined ? undefined : { expected: `each cost 0 or at least ${LEAST_COST} USD per GPU-hour (a micro-USD: prices are paid in micro-USD)`, found: `${JSON.stringify(tiny.name)} at ${tiny.costPerGpuHour}` };
    },
    repair: (types) => {
      for (const t of types) if (t.costPerGpuHour < LEAST_COST) t.costPerGpuHour = 0;
    },
  },
  {
    rule: 'each GPU model is named once',
    at: [],
    check: (types) => {
      const seen = new Set<string>();
      const twice = types.find((t) => seen.size === seen.add(t.name).size);
      return twice === undefined ? undefined : { expected: 'GPU models with distinct names', found: `${JSON.stringify(twice.name)} twice` };
    },
    repair: (types) => types.forEach((t, i) => (t.name = `${t.name}#${i}`)),
  },
];

const gpuTypes = withRules(z.array(gpuType).min(1).max(MAX_GPU_TYPES), GPU_TYPE_RULES)
  .prefault(DEFAULT_GPU_TYPES)
  .describe('GPU models in the market, each with its share of providers and cost.');

const cost = withRules(
  z.strictObject({
    distribution: choice(
      ['lognormal', 'uniform'] as const,
      "lognormal: the GPU model's costPerGpuHour times a mean-one lognormal with coefficient of variation costCv; uniform: uniform on [min, max] whatever the GPU model, each provider drawing from its own stream.",
      'lognormal',
    ),
    min: amount('Least cost of the uniform distribution, in USD per GPU-hour.', 0, MAX_PRICE),
    max: amount('Greatest cost of the uniform distribution, in USD per GPU-hour.', 2, MAX_PRICE),
  }),
  [
    ordered(
      'the uniform cost range: min <= max',
      ['min', (c) => c.min],
      ['max', (c) => c.max],
      (c, low, high) => Object.assign(c, { min: low, max: high }),
    ),
    {
      rule: `each end of the uniform cost range is 0 or at least ${LEAST_COST} USD per GPU-hour`,
      at: ['max'],
      check: (c) => {
        const tiny = (['min', 'max'] as const).find((end) => c[end] > 0 && c[end] < LEAST_COST);
        return tiny === undefined ? undefined : { at: [tiny], expected: `0 or at least ${LEAST_COST} USD per GPU-hour (a micro-USD: a price over a smaller cost overflows)`, found: String(c[tiny]) };
      },
      repair: (c) => {
        for (const end of ['min', 'max'] as const) if (c[end] < LEAST_COST) c[end] = 0;
      },
    },
  ],
)
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
    checkInterval: duration('How often a provider looks at its expected price (it recurs, so at least one second).', '1h', { min: MIN_CHECK_INTERVAL }),
    window: duration('Lease and intent markets: the clearing prices of the GPU model over this last stretch make the expected price (the posted market uses the posted price).', '1d'),
  })
  .prefault({})
  .describe(
    "Providers who respond to losses: a provider whose expected price (net of the protocol's take) stays below its own cost stops offering its capacity, finishes its work and leaves; it returns when the price recovers.",
  );

/**
 * The least mean time between outages of a whole failure group, unless 0 (never): an hour. A group
 * is a site (a datacentre, its power feed, its network), whose outages are counted per year; one an
 * hour is already hundreds of times the worst site's, and a group that went down every second (the
 * seed-2029 campaign's scenario 6940) is no site at all. A machine that fails often is one
 * provider's own failures (mtbf), whose floor is one block. The hour is at least the longest block
 * (chain.blockTime), so the group's outages need no one-block rule of their own.
 */
export const LEAST_GROUP_MTBF = 3600;

const FAILURE_RULES: readonly CrossRule<{ groupMtbf: number }>[] = [
  {
    rule: `providers.failures.groupMtbf is 0 (off) or at least ${formatSeconds(LEAST_GROUP_MTBF)} (a group is a site, whose outages are counted per year)`,
    at: ['groupMtbf'],
    check: ({ groupMtbf }) =>
      groupMtbf === 0 || groupMtbf >= LEAST_GROUP_MTBF
        ? undefined
        : {
            expected: `0 (never) or a mean time of at least ${formatSeconds(LEAST_GROUP_MTBF)} between outages of a whole group (a datacentre, its power or its network: sites count their outages per year; a machine that fails often is providers.failures.mtbf)`,
            found: formatSeconds(groupMtbf),
          },
    repair: (failures) => {
      if (failures.groupMtbf > 0 && failures.groupMtbf < LEAST_GROUP_MTBF) failures.groupMtbf = LEAST_GROUP_MTBF;
    },
  },
];

export const providersSection = section('Compute providers.', {
  count: positiveCount('Number of providers.', 200, MAX_PROVIDERS),
  gpus: positiveCount('GPUs per provider.', 8, 10_000),
  gpuTypes,
  failures: section('Provider outages: independent failures plus correlated group (datacentre) outages.', {
    mtbf: duration('Mean time between failures of one provider (exponential; 0: never fails; else at least one block).', '60d'),
    mttr: duration('Mean time to repair a failed provider (exponential).', '6h'),
    groups: count('Number of correlated failure groups providers are spread over (0: none).', 10, MAX_PROVIDERS),
    groupMtbf: duration('Mean time between outages of a whole group (0: never; else at least 1h: a group is a site).', '180d'),
    groupMttr: duration('Mean time to repair a group outage.', '12h'),
  }, FAILURE_RULES),
  bidding: section('How providers price their bids.', {
    policy: choice(
      ['truthful', 'cost-plus', 'equilibrium'] as const,
      "truthful: bid cost; cost-plus: cost times (1 + markup); equilibrium: the symmetric first-price equilibrium among the providers of the same GPU model (at most `reach` of them, the bid engines that hear an order) with the order's maximum price as reserve, costs taken uniform on [providers.cost.min, max] when that is their distribution, else on [0, the order's maximum price].",
      'cost-plus',
    ),
    markup: amount('Markup over cost for the cost-plus policy (0.2 = 20%).', 0.2, MAX_FACTOR),
    latency: duration(
      'Mean time a provider takes to see an order and send its bid (exponential). Later bidders see earlier bids on chain and skip orders they cannot win.',
      '30s',
    ),
    reach: positiveCount(
      "Lease auction: the most providers' bid engines that hear one order, drawn at random among those of its GPU model with the free GPUs to serve it (all of them when fewer). Bounds the cost of an order whatever the number of providers (DESIGN.md, Who hears an order).",
      20,
    ),
  }),
  costCv: amount("Spread of providers' costs around their GPU model's cost (coefficient of variation of a mean-one lognormal; 0: all equal).", 0.15, MAX_CV),
  withdrawInterval: duration('How often a provider withdraws earnings from its leases (lazy escrow settlement); at least one block.', '1h'),
  cost,
  exit,
});
