// Display helpers for the Deno Jupyter kernel: a vega-lite chart as the same SVG the reports draw,
// and an arquero table as HTML. The Deno kernel does not type-check cells, so `tsc` covers the lab
// API these call; this file keeps to what Deno.jupyter documents.
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../sim/report/index.ts';

declare const Deno: {
  jupyter: { display(bundle: Record<string, unknown>, options: { raw: true }): Promise<void> };
};

export async function showChart(spec: TopLevelSpec): Promise<void> {
  const title = typeof spec.title === 'string' ? spec.title : 'chart';
  await Deno.jupyter.display({ 'image/svg+xml': await renderSvg(spec), 'text/plain': title }, { raw: true });
}

export async function showTable(table: ColumnTable, limit = 40): Promise<void> {
  await Deno.jupyter.display({ 'text/html': table.toHTML({ limit }), 'text/plain': table.toMarkdown({ limit }) }, { raw: true });
}
