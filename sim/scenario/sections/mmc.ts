// The M/M/c validation queue: Poisson arrivals, exponential service, c servers. Used to check the
// event kernel against Erlang C. Its rules (a stable queue, a warm-up shorter than the run) are the
// scenario's (schema.ts), since they relate these fields.
import { z } from 'zod';
import { choice, positiveCount, rate } from './fields.js';
import type { CrossRule } from './rules.js';

/** Rates from one event in about 30 years to a billion a second: the run's times stay ordinary doubles. */
const RATE_BOUNDS = { min: 1e-9, max: 1e9 };

export const mmcFields = {
  lambda: rate('Arrival rate (lambda).', '2/s', RATE_BOUNDS),
  mu: rate('Service rate of one server (mu).', '1/s', RATE_BOUNDS),
  servers: positiveCount('Number of servers (c).', 3, 100_000),
  customers: positiveCount('Customers to serve before the run ends.', 200_000),
  warmup: z.number().int().min(0).prefault(10_000).describe('Customers discarded from the statistics at the start (fewer than customers).'),
  kernel: choice(['simjs', 'heap'] as const, 'Event kernel: simjs adapter or the typed-array heap reference.', 'simjs'),
};

interface Queue {
  lambda: number;
  mu: number;
  servers: number;
  customers: number;
  warmup: number;
}

export const MMC_RULES: readonly CrossRule<Queue>[] = [
  {
    rule: 'a stable queue: lambda < servers * mu',
    at: ['lambda'],
    check: (q) => (q.lambda < q.servers * q.mu ? undefined : { expected: `lambda < servers * mu (${q.servers * q.mu}/s, a stable queue)`, found: `${q.lambda}/s` }),
    repair: (q) => {
      // Faster service first (within its bounds), then slower arrivals.
      q.mu = Math.min(RATE_BOUNDS.max, Math.max(q.mu, (2 * q.lambda) / q.servers));
      if (q.lambda >= q.servers * q.mu) q.lambda = (q.servers * q.mu) / 2;
    },
  },
  {
    rule: 'warmup < customers: some customers are measured',
    at: ['warmup'],
    check: (q) => (q.warmup < q.customers ? undefined : { expected: `fewer than customers (${q.customers}): some customers must be measured`, found: String(q.warmup) }),
    repair: (q) => {
      if (q.warmup >= q.customers) q.warmup = q.customers - 1;
    },
  },
];
