// Random valid scenarios, generated from the scenario schema itself: the fuzzer walks the zod schema
// and draws every field from the domain the schema declares (its bounds, its choices), edges
// included, so a field added to the schema is fuzzed without a change here. Rules across fields are
// the schema's too (sections/rules.ts): each carries a repair, applied bottom-up to the drawn value.
//
// Two things are the fuzzer's own:
// - SIZE_CAPS: the few fields whose value scales the work of a run (populations, the horizon,
//   arrival rates) are drawn below a cap, so that a run takes a fraction of a second. Every other
//   field, a new one included, is drawn from the schema's whole domain.
// - INTERVAL_FLOORS: their counterpart for work given as a mean interval (time between failures):
//   drawn above a floor. Every other recurring interval is drawn down to the schema's own floor
//   (DESIGN.md, "Limits, failures and budgets", lists them all and why).
// - NOT_FUZZED: what does not reach a run (sweeps, checks, guards, report settings, the study designs
//   of sensitivity and optimize, the file's own name and parent); limits are set by the fuzzer, which
//   decides what counts as a hang.
import fc from 'fast-check';
import type { z } from 'zod';
import { rulesOf } from '../../sim/scenario/sections/rules.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';

type Schema = z.ZodType;
type Path = readonly string[];

/** Upper bounds of the fields that scale a run's work, by dotted path (in the field's SI unit). */
export const SIZE_CAPS: Readonly<Record<string, number>> = {
  duration: 4 * 3600,
  'chain.blockTime': 3600,
  'providers.count': 12,
  'providers.gpus': 16,
  'providers.failures.groups': 12,
  'users.arrival.rate': 40 / 3600,
  'users.job.gpus.min': 16,
  'users.job.gpus.max': 16,
  'stakers.count': 20,
  'operators.count': 6,
  'operators.providersEach': 4,
  'operators.allocation.setsPerOperator': 5,
  'operators.equivocationsPerYear': 24 * 365,
  'services.count': 4,
  'solvers.count': 4,
  'market.leaseAuction.orderMaxBids': 30,
  // Orders each tenant no provider serves posts before giving up: its redeploy storm's length (2029-490).
  'market.leaseAuction.maxEmptyOrders': 100,
  customers: 3000,
  servers: 40,
};

/**
 * Lower bounds of the draws of mean intervals whose events scale a run's work, by dotted path (in
 * seconds): a draw below the floor rises to it (so the floor itself is drawn often, as an edge), and
 * a 0 the field reads as "never" stays 0. The schema's floor stays what a real system can mean.
 */
export const INTERVAL_FLOORS: Readonly<Record<string, { readonly seconds: number; readonly zeroIsOff: boolean }>> = {
  // One provider may fail every block (a flaky machine), but the fuzzer's 12 failing every second
  // with no repair time took an intent world past 10 CPU s (2029-6940 with its outages moved from
  // the groups to the providers); every 10 minutes, 0.3 CPU s a run more than none.
  'providers.failures.mtbf': { seconds: 600, zeroIsOff: true },
};

/** A number arbitrary raised to the field's floor, if it has one. */
function floored(arbitrary: fc.Arbitrary<number>, path: Path): fc.Arbitrary<number> {
  const floor = INTERVAL_FLOORS[path.join('.')];
  if (floor === undefined) return arbitrary;
  return arbitrary.map((value) => (value === 0 && floor.zeroIsOff ? 0 : Math.max(value, floor.seconds)));
}

/** Arrays of the schema (GPU types) are drawn this long at most. */
const MAX_ITEMS = 4;

const NOT_FUZZED = new Set(['extends', 'sweep', 'checks', 'compare', 'report', 'limits', 'sensitivity', 'optimize']);

interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  options?: Schema[];
  element?: Schema;
  values?: unknown[];
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; minimum?: number; maximum?: number; format?: string } } }[];
  valueType?: Schema;
}

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** A field given with a unit ("30d") or as a number: the number goes through unchanged, so draw the number (the pipe's bounded output). */
function isUnitPipe(def: Def): boolean {
  if (def.type !== 'pipe' || def.in === undefined) return false;
  const inner = defOf(def.in);
  return inner.type === 'pipe' && inner.in !== undefined && defOf(inner.in).type === 'union';
}

interface NumberDomain {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
  integer: boolean;
}

function numberDomain(def: Def, cap: number | undefined): NumberDomain {
  const domain: NumberDomain = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE, minExclusive: false, maxExclusive: false, integer: false };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than') Object.assign(domain, { min: c.value!, minExclusive: !c.inclusive });
    if (c.check === 'less_than') Object.assign(domain, { max: c.value!, maxExclusive: !c.inclusive });
    if (c.check === 'number_format' && c.format?.includes('int')) {
      domain.integer = true;
      domain.min = Math.max(domain.min, Number.MIN_SAFE_INTEGER);
      domain.max = Math.min(domain.max, Number.MAX_SAFE_INTEGER);
    }
  }
  if (cap !== undefined && cap < domain.max) Object.assign(domain, { max: cap, maxExclusive: false });
  return domain;
}

/**
 * Numbers of the domain, three ways: near the field's default (within a factor of 100 either way,
 * log-uniform: values a study would write), anywhere in the domain (fast-check's doubles reach the
 * extremes of floating point), and the domain's ends.
 */
function numberArbitrary(domain: NumberDomain, usual: number | undefined): fc.Arbitrary<number> {
  const inDomain = (value: number): number => {
    const low = domain.minExclusive ? nextUp(domain.min) : domain.min;
    const high = domain.maxExclusive ? nextDown(domain.max) : domain.max;
    const clamped = Math.min(high, Math.max(low, value));
    return domain.integer ? Math.min(Math.floor(high), Math.max(Math.ceil(low), Math.round(clamped))) : clamped;
  };
  const anywhere = domain.integer
    ? fc.integer({ min: Math.ceil(inDomain(domain.min)), max: Math.floor(inDomain(domain.max)) })
    : fc.double({ min: domain.min, max: domain.max, minExcluded: domain.minExclusive, maxExcluded: domain.maxExclusive, noNaN: true, noDefaultInfinity: true });
  const ends = [...new Set([inDomain(domain.min), inDomain(domain.max)])];
  const scale = usual !== undefined && usual > 0 && Number.isFinite(usual) ? usual : undefined;
  const near = scale === undefined ? anywhere : fc.double({ min: -2, max: 2, noNaN: true }).map((decades) => inDomain(scale * 10 ** decades));
  return fc.oneof({ arbitrary: near, weight: 5 }, { arbitrary: anywhere, weight: 2 }, { arbitrary: fc.constantFrom(...ends), weight: 1 });
}

const nextUp = (x: number): number => x + Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);
const nextDown = (x: number): number => x - Math.max(Number.MIN_VALUE, Math.abs(x) * Number.EPSILON);

/** The arbitrary for one schema node at `path` (fields of the scenario); `usual` is the field's default, once known. */
function arbitraryOf(schema: Schema, path: Path, usual?: unknown): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const cap = SIZE_CAPS[path.join('.')];
  switch (def.type) {
    case 'prefault':
    case 'default': {
      const fallback = schema.safeParse(undefined);
      return arbitraryOf(def.innerType!, path, fallback.success ? fallback.data : undefined);
    }
    case 'optional':
    case 'readonly':
    case 'nonoptional':
      return arbitraryOf(def.innerType!, path, usual);
    case 'pipe':
      return isUnitPipe(def) ? arbitraryOf(def.out!, path, usual) : arbitraryOf(def.in!, path, usual);
    case 'number':
      return floored(numberArbitrary(numberDomain(def, cap), typeof usual === 'number' ? usual : undefined), path);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries!));
    case 'literal':
      return fc.constantFrom(...def.values!);
    case 'string':
      return fc.string({ minLength: 1, maxLength: 8 });
    case 'union':
      return fc.oneof(...def.options!.map((option) => arbitraryOf(option, path)));
    case 'array':
      return repaired(schema, fc.array(arbitraryOf(def.element!, path), { minLength: 1, maxLength: MAX_ITEMS }));
    case 'record':
      // Free-form maps (chain.gas) are drawn empty: their keys are names a rule checks.
      return fc.constant({});
    case 'object':
      return objectArbitrary(schema, def, path);
    default:
      throw new Error(`the fuzzer cannot draw a ${def.type} at ${path.join('.') || '(root)'}: teach test/fuzz/scenarioArbitrary.ts`);
  }
}

function objectArbitrary(schema: Schema, def: Def, path: Path): fc.Arbitrary<unknown> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(def.shape!)) {
    if (path.length === 0 && NOT_FUZZED.has(key)) continue;
    fields[key] = key === 'name' && path.length === 0 ? fc.constant('fuzz') : arbitraryOf(child, [...path, key]);
  }
  return repaired(schema, fc.record(fields));
}

/** Applies the node's rules' repairs to a drawn value (twice: one repair may break an earlier rule). */
function repaired<T>(schema: Schema, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const rules = rulesOf(schema);
  if (rules.length === 0) return arbitrary;
  return arbitrary.map((value) => {
    const copy = structuredClone(value);
    for (let pass = 0; pass < 2; pass++) {
      for (const rule of rules) if (rule.check(copy) !== undefined) rule.repair(copy as never);
    }
    return copy;
  });
}

/** Random scenarios of either model (the market world far more often: it has far more to break). */
export function scenarioArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  const [market, mmc] = defOf(scenarioSchema).options!;
  return fc.oneof({ arbitrary: arbitraryOf(market!, []), weight: 9 }, { arbitrary: arbitraryOf(mmc!, []), weight: 1 }) as fc.Arbitrary<Record<string, unknown>>;
}
