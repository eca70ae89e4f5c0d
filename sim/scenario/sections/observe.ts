// What a run records and how its results are judged: metrics, invariants, regression bands for
// CI, and the guarded metrics of a governance comparison.
import { z } from 'zod';
import type { ExpectedParams } from './fields.js';
import { duration, flag, section } from './fields.js';

export const metricsSection = section('Time-series recording.', {
  sampleInterval: duration('Interval between samples of the time series.', '1h'),
});

export const invariantsSection = section('Economic invariants checked during the run.', {
  enabled: flag('Whether invariants are checked (a violation fails the run).', true),
  interval: duration('Interval between invariant checks (they also run at the end).', '1h'),
});

export const band = z
  .strictObject({
    min: z.number().optional().describe('Smallest acceptable value.'),
    max: z.number().optional().describe('Largest acceptable value.'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, {
    message: 'min or max',
    params: { expected: 'a band with min, max or both' } satisfies ExpectedParams,
  })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, {
    message: 'min <= max',
    path: ['max'],
    params: { expected: 'max >= min' } satisfies ExpectedParams,
  });

export const checksSection = z
  .record(z.string(), band)
  .prefault({})
  .describe(
    'Regression bands per summary metric for `depin-lab check`, e.g. {utilization.mean: {min: 0.6, max: 0.9}}: the mean over each sweep point\'s seeds must lie in the band at every point.',
  );

const guard = z.strictObject({
  better: z.enum(['higher', 'lower']).describe('Direction in which the metric improves.'),
  threshold: z
    .number()
    .min(0)
    .prefault(0)
    .describe("Largest tolerated worsening of the metric's mean, in the metric's own units."),
});

export const compareSection = z
  .record(z.string(), guard)
  .prefault({})
  .describe('Guarded metrics a proposal must not worsen (compared with its baseline on the same seeds), keyed by summary metric.');
