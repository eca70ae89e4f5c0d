// One sweep point as a resolved scenario: the sweep values set on the base scenario, then the
// whole checked again, so a value written as "7d" becomes seconds like any other. The sections that
// say what to run (the sweep, a sensitivity study, a search) are not part of any one run.
import type { z } from 'zod';
import { clonePlain, parsePath, setAt, type PlainObject } from './paths.js';
import { scenarioSchema } from './schema.js';
import type { Assignment } from './sweepPoints.js';

const STUDY_SECTIONS = ['sweep', 'sensitivity', 'optimize'] as const;

export type PointResult = { ok: true; params: PlainObject } | { ok: false; issues: z.core.$ZodIssue[] };

/** `base` is validated scenario data, raw or already parsed (parsing a parsed scenario is the identity). */
export function resolvePoint(base: unknown, assignment: Assignment): PointResult {
  const data = clonePlain(base) as PlainObject;
  for (const section of STUDY_SECTIONS) delete data[section];
  for (const [path, value] of assignment) {
    const segments = parsePath(path);
    const blocked = segments ? setAt(data, segments, clonePlain(value)) : [path];
    if (blocked) {
      return { ok: false, issues: [{ code: 'custom', path: blocked.slice(), message: `no field at ${path}`, input: value }] };
    }
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const params = parsed.data as PlainObject;
  for (const section of STUDY_SECTIONS) delete params[section];
  return { ok: true, params };
}
