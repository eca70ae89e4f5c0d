// How a sweep's report opens: the study's question and the charts that answer it, before every
// other metric. Parameters are dotted paths of the scenario (checked by checkReport); metrics are
// summary metric names (checked once the runs exist, by the report).
import { z } from 'zod';
import { getAt, parsePath } from '../paths.js';
import type { ExpectedParams } from './rules.js';

const parameter = (description: string) => z.string().min(1).describe(`${description} A dotted parameter path, e.g. attacker.shock.stakeFraction.`);

export const reportSection = z
  .strictObject({
    title: z.string().min(1).describe("The report's title."),
    question: z.string().min(1).describe('The question the study answers, in one sentence.'),
    headline: z.array(z.string().min(1)).min(1).describe('Summary metrics drawn first, on one chart: the first is the answer, the others stand beside it (a bound, say).'),
    x: parameter('The swept parameter along the x axis.'),
    color: parameter('The parameter whose values colour the lines (optional).').optional(),
    facet: parameter('The parameter whose values split the chart into panels (optional).').optional(),
  })
  .optional()
  .describe('What the sweep report leads with: the question and its headline chart.');

type ReportSettings = NonNullable<z.output<typeof reportSection>>;

/** Every parameter the report names exists in the scenario. */
export function checkReport(scenario: { readonly report?: ReportSettings }, ctx: z.core.$RefinementCtx<unknown>): void {
  const report = scenario.report;
  if (report === undefined) return;
  for (const key of ['x', 'color', 'facet'] as const) {
    const path = report[key];
    if (path === undefined) continue;
    const segments = parsePath(path);
    const value = segments === undefined ? undefined : getAt(scenario, segments);
    if (value !== undefined && (value === null || typeof value !== 'object')) continue;
    const params: ExpectedParams = { expected: 'the dotted path of one scenario parameter', found: JSON.stringify(path) };
    ctx.addIssue({ code: 'custom', path: ['report', key], message: params.expected, params });
  }
}
