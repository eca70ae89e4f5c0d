// What bounds one run, whatever its parameters do: an event budget (deterministic: the same run stops
// at the same event everywhere) and a wall-clock budget (enforced by whoever runs it: the command
// line, a worker pool). A run past either ends as failed, with the reason and where it stood, and a
// sweep goes on. The defaults are far beyond any shipped scenario (the longest, a month of the
// baseline market, takes about 3 million events and a minute and a half).
import { z } from 'zod';
import { duration, section } from './fields.js';

export const DEFAULT_MAX_EVENTS = 200_000_000;

export const limitsSection = section('Budgets that bound one run; a run past either ends as failed, with where it stood.', {
  maxEvents: z
    .number()
    .int()
    .min(1)
    .prefault(DEFAULT_MAX_EVENTS)
    .describe('Most events one run may process (a month of the baseline market takes about 3 million).'),
  maxWallTime: duration('Most wall-clock time one run may take (the same budget as --run-timeout; the smaller wins).', '2h', { min: 1 }),
});
