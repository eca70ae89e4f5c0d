// The M/M/c validation queue: Poisson arrivals, exponential service, c servers. Used to check the
// event kernel against Erlang C.
import { z } from 'zod';
import { choice, positiveCount, rate } from './fields.js';

export const mmcFields = {
  lambda: rate('Arrival rate (lambda).', '2/s'),
  mu: rate('Service rate of one server (mu).', '1/s'),
  servers: positiveCount('Number of servers (c).', 3),
  customers: positiveCount('Customers to serve before the run ends.', 200_000),
  warmup: z.number().int().min(0).prefault(10_000).describe('Customers discarded from the statistics at the start.'),
  kernel: choice(['simjs', 'heap'] as const, 'Event kernel: simjs adapter or the typed-array heap reference.', 'simjs'),
};
