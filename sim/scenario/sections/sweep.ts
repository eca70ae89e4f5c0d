// Sweep definitions over dotted parameter paths. The values are checked against the scenario
// schema by the loader (it knows the parameter paths); here only the shape is checked.
import { z } from 'zod';
import type { ExpectedParams } from './fields.js';
import { choice, flag, quantity } from './fields.js';

const valueLists = z.record(z.string(), z.array(z.unknown()).min(1));

const range = z
  .strictObject({
    min: quantity.describe('Lower end (a number, duration or rate).'),
    max: quantity.describe('Upper end (a number, duration or rate).'),
    scale: choice(['linear', 'log'] as const, 'Sample uniformly in the value (linear) or in its logarithm (log).', 'linear'),
    integer: flag('Round samples to the nearest integer.', false),
  })
  .refine((r) => r.min <= r.max, { path: ['max'], params: { expected: 'max >= min' } satisfies ExpectedParams })
  .refine((r) => r.scale === 'linear' || r.min > 0, {
    path: ['min'],
    params: { expected: 'min > 0 for a log scale' } satisfies ExpectedParams,
  });

const sampled = (description: string) =>
  z
    .strictObject({
      samples: z.number().int().min(1).describe('Number of sample points.'),
      params: z.record(z.string(), range).describe('Ranges keyed by dotted parameter path.'),
    })
    .optional()
    .describe(description);

export const sweepSection = z
  .strictObject({
    grid: valueLists.optional().describe('Cartesian product: every combination of the listed values, keyed by dotted path.'),
    zip: valueLists
      .superRefine((lists, ctx) => {
        const lengths = Object.entries(lists).map(([path, values]) => `${values.length} for ${path}`);
        if (new Set(Object.values(lists).map((values) => values.length)).size <= 1) return;
        const params: ExpectedParams = { expected: 'lists of equal length', found: lengths.join(', ') };
        ctx.addIssue({ code: 'custom', message: params.expected, params });
      })
      .optional()
      .describe('Lists walked together: point i takes the i-th value of every list.'),
    random: sampled('Independent uniform samples inside each range.'),
    lhs: sampled('Latin-hypercube samples: each range is cut into `samples` strata, each hit once.'),
    replicates: z.number().int().min(1).prefault(1).describe('Monte Carlo replicates (seeds) per point.'),
    seeds: choice(
      ['independent', 'common'] as const,
      'independent: every run draws its own seed from (point, replicate); common: replicate r of every point runs on the same seed (common random numbers), so differences between points are the parameters\', not the seeds\'.',
      'independent',
    ),
  })
  .prefault({})
  .describe('Parameter sweep; the blocks combine as a Cartesian product of grid, zip, random and lhs.');
