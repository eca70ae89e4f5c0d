// Users who need compute: when they arrive, what they ask for, and what they will pay.
import { z } from 'zod';
import { amount, choice, duration, fraction, intRange, MAX_CV, MAX_FACTOR, MAX_PRICE, rate, section } from './fields.js';

/** One job a second at most: every job is a user with transactions of its own. */
const MAX_ARRIVAL_RATE = 1;

export const usersSection = section('Users submitting compute jobs.', {
  arrival: section('Job arrival process.', {
    process: choice(['poisson', 'diurnal'] as const, 'poisson: constant rate; diurnal: rate modulated by a daily sine.', 'poisson'),
    rate: rate('Mean job arrival rate (0: no demand).', '40/h', { min: 0, max: MAX_ARRIVAL_RATE }),
    amplitude: fraction('Relative amplitude of the daily swing for the diurnal process.', 0.3),
  }),
  job: section('Size and length of a job.', {
    gpus: intRange('GPUs per job, uniform over the range.', 1, 8, 10_000),
    meanDuration: duration('Mean job duration (a job runs at least one block).', '6h'),
    durationDistribution: choice(['exponential', 'lognormal'] as const, 'Distribution of job durations.', 'lognormal'),
    durationSigma: amount('Sigma of log(duration) for the lognormal distribution.', 1, 10),
  }),
  budget: section("Users' willingness to pay.", {
    meanPerGpuHour: amount('Mean willingness to pay per GPU-hour, in USD.', 1.5, MAX_PRICE),
    cv: amount('Coefficient of variation of willingness to pay across users (lognormal).', 0.5, MAX_CV),
    depositCover: z
      .number()
      .gt(0)
      .max(MAX_FACTOR)
      .prefault(1.1)
      .describe('Escrow deposit (posted market: budget) as a multiple of the expected cost of the job at the maximum price, above 0 (below 1 the lease runs dry before the job ends).'),
  }),
  latency: section('How long users wait for a start.', {
    sla: duration('Longest time a job may wait to start before the user gives up.', '30m'),
    sensitiveShare: fraction('Share of latency-sensitive users, who pay a premium for a fast start.', 0.3),
    premium: amount('Extra willingness to pay of latency-sensitive users, as a multiple (0.5 = +50%).', 0.5, MAX_FACTOR),
  }),
});
