// Rules across the fields of one object (a section, or the whole scenario): start <= end, a floor
// derived from other fields, intervals of at least one block. Each rule is declared once, beside
// the fields it relates; the schema checks it and reports it at one field, with what was expected
// and what was found; the fuzzer (test/fuzz) uses its repair to turn a value generated field by
// field into one the rule accepts. rulesOf lists a schema's rules, so every rule can be enumerated
// (and tested) without a list kept by hand.
import type { z } from 'zod';

/** The issue params a custom check leaves for the problem reporter (see problems.ts). */
export interface ExpectedParams {
  expected: string;
  /** What was found, when the offending value alone does not say it (e.g. a sum). */
  found?: string;
  suggestion?: string;
}

/** Plain data as the schema outputs it, writable, for a repair. */
export type Writable<T> = T extends readonly (infer E)[] ? Writable<E>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

export interface RuleBreak {
  readonly expected: string;
  readonly found: string;
  /** Where to report it, when not at the rule's own field (a key of a map, say). */
  readonly at?: readonly (string | number)[];
  /** The nearest valid value, for a likely typo. */
  readonly suggestion?: string;
}

export interface CrossRule<T> {
  /** What holds, in one line. */
  readonly rule: string;
  /** The field a broken rule is reported at, relative to the object the rule belongs to. */
  readonly at: readonly (string | number)[];
  /** Why the value breaks the rule, or undefined when it holds. */
  readonly check: (value: T) => RuleBreak | undefined;
  /** Changes a value that breaks the rule, as little as it can, so that the rule holds. */
  readonly repair: (value: Writable<T>) => void;
}

const registry = new WeakMap<object, readonly CrossRule<never>[]>();

/**
 * The schema with its rules, checked once every field in it is valid: a rule never sees a field of
 * the wrong type, or one outside its own bounds (a block time of 0 would make every rule in blocks
 * meaningless; its own problem is the one to report).
 */
export function withRules<S extends z.ZodType>(schema: S, rules: readonly CrossRule<z.output<S>>[]): S {
  if (rules.length === 0) return schema;
  const checked = schema.superRefine((value, ctx) => {
    for (const rule of rules) {
      const broken = rule.check(value as z.output<S>);
      if (broken === undefined) continue;
      const params: ExpectedParams = { expected: broken.expected, found: broken.found, ...(broken.suggestion ? { suggestion: broken.suggestion } : {}) };
      ctx.addIssue({ code: 'custom', path: [...(broken.at ?? rule.at)], message: broken.expected, params });
    }
  }, { when: (payload) => payload.issues.length === 0 }) as S;
  registry.set(checked, rules as readonly CrossRule<never>[]);
  return checked;
}

/** The rules declared on exactly this schema node. */
export function rulesOf(schema: z.ZodType): readonly CrossRule<unknown>[] {
  return (registry.get(schema) ?? []) as readonly CrossRule<unknown>[];
}

/** A rule that one number of an object is at least another: `low <= high`, repaired by swapping. */
export function ordered<T>(rule: string, low: readonly [string, (v: T) => number], high: readonly [string, (v: T) => number], set: (v: Writable<T>, low: number, high: number) => void): CrossRule<T> {
  const [lowName, lowOf] = low;
  const [highName, highOf] = high;
  return {
    rule,
    at: [highName],
    check: (v) => (lowOf(v) <= highOf(v) ? undefined : { expected: `${highName} >= ${lowName} (${lowOf(v)})`, found: String(highOf(v)) }),
    repair: (v) => {
      const a = lowOf(v as T);
      const b = highOf(v as T);
      if (a > b) set(v, b, a);
    },
  };
}
