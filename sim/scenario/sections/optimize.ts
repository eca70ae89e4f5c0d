// `depin-lab optimize`: which setting of the parameters governance controls does best on its
// objectives, within bands on other metrics, never breaking an invariant. Each proposed point runs
// on the baseline's paired seeds; see sim/study/optimizeSearch.ts.
import { z } from 'zod';
import { flag, type ExpectedParams } from './fields.js';
import { band } from './observe.js';
import { metricName, studyParameters, studyReplicates } from './studyRange.js';

export const GOALS = ['maximize', 'minimize'] as const;

export const optimizeSection = z
  .strictObject({
    parameters: studyParameters.describe('The parameters governance controls, keyed by dotted path, with the bounds of the search.'),
    objectives: z
      .record(metricName, z.enum(GOALS))
      .refine((objectives) => Object.keys(objectives).length > 0, { params: { expected: 'at least one metric to maximize or minimize' } satisfies ExpectedParams })
      .describe('Summary metrics to maximize or minimize, e.g. {protocol_fees_usd: maximize}; two or more give a Pareto front.'),
    constraints: z
      .record(metricName, band)
      .prefault({})
      .describe("Bands the mean of a metric over a point's paired seeds must stay in, e.g. {fill_rate: {min: 0.3}}."),
    bands: flag("Whether the scenario's regression bands (`checks`) are constraints too. A run that breaks an invariant always disqualifies its point.", true),
    evaluations: z.number().int().min(2).prefault(40).describe('Points the search evaluates in all, each on every paired seed (--evaluations overrides).'),
    batch: z.number().int().min(1).prefault(4).describe('Points proposed and run at once (--batch overrides).'),
    initialPoints: z.number().int().min(2).optional().describe('Points of the initial Latin hypercube, before the surrogate chooses (default max(5, 2k + 2) for k parameters).'),
    replicates: studyReplicates,
  })
  .optional()
  .describe('Parameter search for `depin-lab optimize`: bounds, objectives, constraints and the budget.');
