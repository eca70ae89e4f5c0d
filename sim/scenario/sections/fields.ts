// Field builders shared by every section, so that a unit or a bound reads the same everywhere.
// Each builder takes the description first: a field without one makes the editor schema useless.
//
// Every limit the run enforces is declared here, beside its parameter: a bound on one field as an
// option of its builder (the schema checks it, the JSON Schema and the fuzzer read it), a rule
// across fields as a CrossRule of the object that holds them (rules.ts).
import { z } from 'zod';
import { DURATION_EXPECTED, QUANTITY_EXPECTED, RATE_EXPECTED, parseDuration, parseQuantity, parseRate, type QuantityParse, type UnitParse } from '../units.js';
import { formatSeconds } from '../unitText.js';
import { ordered, withRules, type CrossRule, type ExpectedParams } from './rules.js';

/** Bounds of a number, in the field's SI unit (seconds, events per second, USD, ...). */
export interface Bounds {
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly gt?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Whole numbers only. */
  readonly whole?: boolean;
}

/** The longest time any duration may be: ten years keeps every timestamp of a run far inside exact doubles. */
export const LONGEST_DURATION = 10 * 365 * 86_400;

/**
 * A number with its bounds, each with a message that reads after "expected" in the unit of the field
 * ("a duration of at least 1s"). `what` names the kind ("a duration"), `show` writes a value in
 * its unit.
 */
function boundedNumber(bounds: Bounds, what: string, show: (value: number) => string, wholeUnit: string) {
  let schema = z.number();
  if (bounds.whole) schema = schema.int({ error: `${what} of whole ${wholeUnit}` });
  if (bounds.min !== undefined) schema = schema.min(bounds.min, { error: `${what} of at least ${show(bounds.min)}` });
  if (bounds.gt !== undefined) schema = schema.gt(bounds.gt, { error: `${what} above ${show(bounds.gt)}` });
  if (bounds.max !== undefined) schema = schema.max(bounds.max, { error: `${what} of at most ${show(bounds.max)}` });
  return schema;
}

/** The bounds in words, for a field's description (and so the editor's tooltip). */
function boundsText(bounds: Bounds, show: (value: number) => string): string {
  const parts = [
    bounds.whole ? 'whole' : undefined,
    bounds.min !== undefined ? `at least ${show(bounds.min)}` : undefined,
    bounds.gt !== undefined ? `above ${show(bounds.gt)}` : undefined,
    bounds.max !== undefined ? `at most ${show(bounds.max)}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '' : ` ${parts.join(', ')}.`;
}

/**
 * A value written with a unit ("30d", "50/h") or as a plain number in SI units. The number goes
 * through unchanged, a text is parsed; either way the result then meets the bounds (the pipe's
 * output side, which is where the fuzzer reads them).
 */
function unitField(parse: (v: number | string) => UnitParse, expected: string, bounded: z.ZodNumber) {
  // The union's own message is the expectation, for a value that is neither number nor string.
  return z
    .union([z.number(), z.string()], { error: expected })
    .transform((raw, ctx) => {
      const parsed = parse(raw);
      if (parsed.ok) return parsed.value;
      const params: ExpectedParams = { expected, ...(parsed.suggestion ? { suggestion: parsed.suggestion } : {}) };
      ctx.addIssue({ code: 'custom', message: expected, params });
      return z.NEVER;
    })
    .pipe(bounded);
}

/** The fields that take a duration or a rate, so that a value can be written back in the units people use. */
export const unitFields = z.registry<{ unit: 'duration' | 'rate' }>();

/** Seconds; accepts "30d", "12s", "1h30m" or a number of seconds. At most LONGEST_DURATION. */
export const duration = (description: string, fallback: string, bounds: Bounds = {}) => {
  const all = { ...(bounds.gt === undefined ? { min: 0 } : {}), ...bounds, max: Math.min(bounds.max ?? LONGEST_DURATION, LONGEST_DURATION) };
  return unitField(parseDuration, DURATION_EXPECTED, boundedNumber(all, 'a duration', formatSeconds, 'seconds'))
    .prefault(fallback)
    .describe(`${description} Duration, e.g. "${fallback}";${boundsText(all, formatSeconds)}`)
    .register(unitFields, { unit: 'duration' });
};

const showRate = (perSecond: number): string => `${perSecond}/s`;

/** Events per second; accepts "50/h", "2/s" or a number per second. */
export const rate = (description: string, fallback: string, bounds: Bounds = {}) => {
  const all = { ...(bounds.gt === undefined ? { min: 0 } : {}), ...bounds };
  return unitField(parseRate, RATE_EXPECTED, boundedNumber(all, 'a rate', showRate, 'events'))
    .prefault(fallback)
    .describe(`${description} Rate, e.g. "${fallback}".${boundsText(all, showRate)}`)
    .register(unitFields, { unit: 'rate' });
};

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

/** A whole number >= 0, at most `max` (a population, a block number). */
export const count = (description: string, fallback: number, max?: number) => {
  const schema = z.number().int().min(0);
  return (max === undefined ? schema : schema.max(max)).prefault(fallback).describe(description);
};

/** A whole number >= 1, at most `max`. */
export const positiveCount = (description: string, fallback: number, max?: number) => {
  const schema = z.number().int().min(1);
  return (max === undefined ? schema : schema.max(max)).prefault(fallback).describe(description);
};

/** A share in [0, 1]. */
export const fraction = (description: string, fallback: number) =>
  z.number().min(0).max(1).prefault(fallback).describe(`${description} A fraction in [0, 1].`);

/**
 * A non-negative amount (money, tokens, multipliers), at most `max`: every amount has a ceiling, so
 * that the floats it enters stay finite and the base units it becomes stay exact.
 */
export const amount = (description: string, fallback: number, max: number) =>
  z.number().min(0).max(max).prefault(fallback).describe(description);

/** The largest amount of money in USD (a deposit, a solver's capital): micro-USD stay below 2^53. */
export const MAX_USD = 1e9;
/** The largest price per GPU-hour, in USD (a cost, a posted price, a willingness to pay). */
export const MAX_PRICE = 10_000;
/** The largest coefficient of variation of a mean-one lognormal (its sigma is then about 2.1). */
export const MAX_CV = 10;
/** The largest amount of STAKE tokens. */
export const MAX_TOKENS = 1e12;
/** The largest multiplier (a markup, a price factor, a coefficient of variation). */
export const MAX_FACTOR = 100;

export const choice = <const T extends readonly [string, ...string[]]>(values: T, description: string, fallback: T[number]) =>
  z.enum(values).prefault(fallback).describe(description);

export const flag = (description: string, fallback: boolean) => z.boolean().prefault(fallback).describe(description);

/**
 * A strict section: unknown keys are errors, and an absent section takes every default. `rules`
 * relate its fields (checked once each field is valid).
 */
export const section = <S extends z.core.$ZodLooseShape>(
  description: string,
  shape: S,
  rules: readonly CrossRule<z.output<z.ZodObject<S, z.core.$strict>>>[] = [],
) => {
  const object = withRules(z.strictObject(shape), rules);
  // Every field of a section carries its own default, so {} is a valid input; the generic shape
  // hides that from the compiler.
  return object.prefault({} as z.input<typeof object>).describe(description);
};

/** An inclusive integer range such as GPUs per job, each end in [1, max]. */
export const intRange = (description: string, min: number, max: number, largest: number) =>
  withRules(
    z.strictObject({
      min: z.number().int().min(1).max(largest).describe('Smallest value.'),
      max: z.number().int().min(1).max(largest).describe('Largest value.'),
    }),
    [ordered('max >= min', ['min', (r) => r.min], ['max', (r) => r.max], (r, low, high) => Object.assign(r, { min: low, max: high }))],
  )
    .prefault({ min, max })
    .describe(`${description} Inclusive range {min, max}.`);
