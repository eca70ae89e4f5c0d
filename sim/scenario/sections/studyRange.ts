// The parameters of a study (sensitivity or optimize): dotted paths with ranges in the units the
// file writes them in ("10/h", "30d", "20%", a bare number), as the sweep section's ranges read
// them. A study keeps the unit, so that it can search in it and report in it: the range of
// users.arrival.rate given as {min: 10/h, max: 80/h} is searched as 10 to 80 per hour.
import { z } from 'zod';
import { quantityValue, type QuantityUnit } from '../units.js';
import { choice, flag, quantityWithUnit, type ExpectedParams } from './fields.js';

export interface StudyRange {
  /** The ends in `unit` (max converted to min's unit when the file wrote another of the same kind). */
  readonly min: number;
  readonly max: number;
  readonly unit: QuantityUnit;
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
}

/** '' (a number), '%', a duration or a rate: ends of a range must be of one kind. */
function unitKind(unit: QuantityUnit): string {
  if (unit === '' || unit === '%') return unit;
  return unit.startsWith('/') ? 'rate' : 'duration';
}

const KIND_NAMES: Readonly<Record<string, string>> = { '': 'a number', '%': 'a percentage', rate: 'a rate', duration: 'a duration' };

const studyRange = z
  .strictObject({
    min: quantityWithUnit.describe('Lower end: a number, a percentage ("5%"), a duration ("12h") or a rate ("10/h").'),
    max: quantityWithUnit.describe('Upper end, of the same kind as min.'),
    scale: choice(['linear', 'log'] as const, 'Study the range evenly in the value (linear) or in its logarithm (log).', 'linear'),
    integer: flag('Round values to whole numbers of the unit (for fields that take integers).', false),
  })
  .transform((range, ctx): StudyRange => {
    const { min, max, scale, integer } = range;
    if (unitKind(min.unit) !== unitKind(max.unit)) {
      const params: ExpectedParams = { expected: `${KIND_NAMES[unitKind(min.unit)]}, as min is`, found: `${max.amount}${max.unit}` };
      ctx.addIssue({ code: 'custom', path: ['max'], message: params.expected, params });
      return z.NEVER;
    }
    const upper = max.unit === min.unit ? max.amount : quantityValue(max.amount, max.unit) / quantityValue(1, min.unit);
    if (!(min.amount < upper)) {
      const params: ExpectedParams = { expected: 'max > min (a study needs a range to vary over)', found: `${max.amount}${max.unit}` };
      ctx.addIssue({ code: 'custom', path: ['max'], message: params.expected, params });
      return z.NEVER;
    }
    if (scale === 'log' && !(min.amount > 0)) {
      const params: ExpectedParams = { expected: 'min > 0 for a log scale', found: `${min.amount}${min.unit}` };
      ctx.addIssue({ code: 'custom', path: ['min'], message: params.expected, params });
      return z.NEVER;
    }
    return { min: min.amount, max: upper, unit: min.unit, scale, integer };
  });

export const studyParameters = z
  .record(z.string(), studyRange)
  .refine((ranges) => Object.keys(ranges).length > 0, { params: { expected: 'at least one parameter path with its range' } satisfies ExpectedParams })
  .describe('Ranges keyed by dotted parameter path, e.g. {"users.arrival.rate": {min: 10/h, max: 80/h}}.');

/** Summary metrics by name, e.g. utilization.mean or fill_rate (as `depin-lab run` prints them). */
export const metricName = z.string().min(1).describe('A summary metric, as `depin-lab run` prints it.');

export const studyReplicates = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe("Paired seeds per point: replicate r runs on the seed of the scenario's own run r at every point (default: sweep.replicates).");
