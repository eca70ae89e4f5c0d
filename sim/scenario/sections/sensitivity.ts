// `depin-lab sensitivity`: which parameters move which metrics. Morris screening (elementary
// effects) and Sobol' indices (shares of variance) over the ranges, each design point run on the
// same paired seeds; see sim/study/sensitivityStudy.ts.
import { z } from 'zod';
import { SOBOL_MAX_DIMENSIONS } from '../../analysis/sobolSequence.js';
import type { ExpectedParams } from './fields.js';
import { metricName, studyParameters, studyReplicates } from './studyRange.js';

/** A Saltelli design takes 2k dimensions of the Sobol' sequence for k parameters. */
const SOBOL_MAX_PARAMETERS = SOBOL_MAX_DIMENSIONS / 2;

const morris = z
  .strictObject({
    trajectories: z.number().int().min(2).prefault(10).describe('Trajectories r: the design has r(k + 1) points for k parameters.'),
    levels: z
      .number()
      .int()
      .min(2)
      .refine((p) => p % 2 === 0, { params: { expected: 'an even number of levels' } satisfies ExpectedParams })
      .prefault(4)
      .describe('Grid levels p per parameter (even); a step moves a parameter by p/(2(p − 1)) of its range.'),
  })
  .describe('Morris screening: μ* (mean absolute effect, in metric units per whole range) and σ per parameter.');

const sobol = z
  .strictObject({
    baseRows: z.number().int().min(2).prefault(64).describe("Base rows n of the Saltelli design: n(k + 2) points for k parameters."),
  })
  .describe("Sobol' first-order and total indices from a Saltelli design on a shifted Sobol' sequence, with bootstrap intervals.");

export const sensitivitySection = z
  .strictObject({
    parameters: studyParameters,
    metrics: z.array(metricName).min(1).describe('Summary metrics to study.'),
    morris: morris.optional(),
    sobol: sobol.optional(),
    replicates: studyReplicates,
  })
  .superRefine((section, ctx) => {
    if (section.morris === undefined && section.sobol === undefined) {
      const params: ExpectedParams = { expected: 'a morris or a sobol block (or both)', found: 'neither' };
      ctx.addIssue({ code: 'custom', message: params.expected, params });
    }
    const k = Object.keys(section.parameters).length;
    if (section.sobol !== undefined && k > SOBOL_MAX_PARAMETERS) {
      const params: ExpectedParams = { expected: `at most ${SOBOL_MAX_PARAMETERS} parameters for sobol`, found: `${k} parameters` };
      ctx.addIssue({ code: 'custom', path: ['parameters'], message: params.expected, params });
    }
  })
  .optional()
  .describe('Sensitivity study for `depin-lab sensitivity`: parameter ranges, metrics, and the methods.');
