// Field builders shared by every section, so that a unit or a bound reads the same everywhere.
// Each builder takes the description first: a field without one makes the editor schema useless.
import { z } from 'zod';
import { DURATION_EXPECTED, QUANTITY_EXPECTED, RATE_EXPECTED, parseDuration, parseQuantity, parseRate, type QuantityParse, type UnitParse } from '../units.js';

/** The issue params a custom check leaves for the problem reporter (see problems.ts). */
export interface ExpectedParams {
  expected: string;
  /** What was found, when the offending value alone does not say it (e.g. a sum). */
  found?: string;
  suggestion?: string;
}

function unitField(parse: (v: number | string) => UnitParse, expected: string) {
  // The union's own message is the expectation, for a value that is neither number nor string.
  return z.union([z.number(), z.string()], { error: expected }).transform((raw, ctx) => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    const params: ExpectedParams = { expected, ...(parsed.suggestion ? { suggestion: parsed.suggestion } : {}) };
    ctx.addIssue({ code: 'custom', message: expected, params });
    return z.NEVER;
  });
}

/** The fields that take a duration or a rate, so that a value can be written back in the units people use. */
export const unitFields = z.registry<{ unit: 'duration' | 'rate' }>();

/** Seconds; accepts "30d", "12s", "1h30m" or a number of seconds. */
export const duration = (description: string, fallback: string) =>
  unitField(parseDuration, DURATION_EXPECTED).prefault(fallback).describe(`${description} Duration, e.g. "${fallback}".`).register(unitFields, { unit: 'duration' });

/** Events per second; accepts "50/h", "2/s" or a number per second. */
export const rate = (description: string, fallback: string) =>
  unitField(parseRate, RATE_EXPECTED).prefault(fallback).describe(`${description} Rate, e.g. "${fallback}".`).register(unitFields, { unit: 'rate' });

function quantityField<T>(keep: (parsed: Extract<QuantityParse, { ok: true }>) => T) {
  return z.union([z.number(), z.string()], { error: QUANTITY_EXPECTED }).transform((raw, ctx) => {
    const parsed = parseQuantity(raw);
    if (parsed.ok) return keep(parsed);
    const params: ExpectedParams = { expected: QUANTITY_EXPECTED };
    ctx.addIssue({ code: 'custom', message: params.expected, params });
    return z.NEVER;
  });
}

/** A number in SI units given as a number, a percentage, a duration or a rate (sweep ranges). */
export const quantity = quantityField((parsed) => parsed.value);

/** The same, kept as the amount in the unit written and the unit (the ranges of studies). */
export const quantityWithUnit = quantityField((parsed) => ({ amount: parsed.amount, unit: parsed.unit }));

export const count = (description: string, fallback: number) =>
  z.number().int().min(0).prefault(fallback).describe(description);

export const positiveCount = (description: string, fallback: number) =>
  z.number().int().min(1).prefault(fallback).describe(description);

/** A share in [0, 1]. */
export const fraction = (description: string, fallback: number) =>
  z.number().min(0).max(1).prefault(fallback).describe(`${description} A fraction in [0, 1].`);

/** A non-negative amount (money, tokens, multipliers). */
export const amount = (description: string, fallback: number) =>
  z.number().min(0).prefault(fallback).describe(description);

export const choice = <const T extends readonly [string, ...string[]]>(values: T, description: string, fallback: T[number]) =>
  z.enum(values).prefault(fallback).describe(description);

export const flag = (description: string, fallback: boolean) => z.boolean().prefault(fallback).describe(description);

/** A strict section: unknown keys are errors, and an absent section takes every default. */
export const section = <S extends z.core.$ZodLooseShape>(description: string, shape: S) => {
  const object = z.strictObject(shape);
  // Every field of a section carries its own default, so {} is a valid input; the generic shape
  // hides that from the compiler.
  return object.prefault({} as z.input<typeof object>).describe(description);
};

/** An inclusive integer range such as GPUs per job. */
export const intRange = (description: string, min: number, max: number) =>
  z
    .strictObject({
      min: z.number().int().min(1).describe('Smallest value.'),
      max: z.number().int().min(1).describe('Largest value.'),
    })
    .refine((r) => r.min <= r.max, {
      message: 'min <= max',
      path: ['max'],
      params: { expected: 'max >= min' } satisfies ExpectedParams,
    })
    .prefault({ min, max })
    .describe(`${description} Inclusive range {min, max}.`);
