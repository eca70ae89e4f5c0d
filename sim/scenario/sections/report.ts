// How a sweep's report opens: the study's title and question, and the headline charts that answer
// it (metrics against one swept parameter), before every other metric. The metric names and the
// parameter paths are checked against the scenario when it loads (scenario/reportedNames.ts).
import { z } from 'zod';

const parameter = (description: string) =>
  z.string().min(1).describe(`${description} A dotted parameter path, e.g. users.arrival.rate.`);

export const reportSection = z
  .strictObject({
    title: z.string().min(1).describe("The report's title."),
    question: z.string().min(1).describe('The question the study answers, in one sentence.'),
    headline: z
      .array(z.string().min(1))
      .min(1)
      .describe('Summary metrics drawn first, against x: the first is the answer; metrics of one unit share a chart (a loss beside its bound, say).'),
    x: parameter('The swept parameter along the x axis.'),
    color: parameter('The parameter whose values colour the lines (optional).').optional(),
    facet: parameter('The parameter whose values split the charts into panels (optional).').optional(),
  })
  .optional()
  .describe('What the sweep report leads with: the question and the charts that answer it.');

export type ReportSettings = NonNullable<z.output<typeof reportSection>>;
