// Display helpers for the Deno Jupyter kernel: a vega-lite chart as the same SVG the reports draw,
// and an arquero table as HTML. The Deno kernel does not type-check cells, so `tsc` covers the lab
// API these call; this file keeps to what Deno.jupyter documents.
//
// A chart is displayed as HTML holding the SVG in an <img> (a base64 data URI), with the SVG and a
// title beside it. nbconvert's HTML export (6.5 and later) strips every element but text out of an
// image/svg+xml output, which left exported charts blank; it keeps an <img> of an HTML output, and
// Jupyter shows the HTML too. scripts/notebooks.sh exports the notebooks and checks the charts stay.
import type { ColumnTable } from 'arquero';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../sim/report/index.ts';

declare const Deno: {
  jupyter: { display(bundle: Record<string, unknown>, options: { raw: true }): Promise<void> };
};

export async function showChart(spec: TopLevelSpec): Promise<void> {
  const title = typeof spec.title === 'string' ? spec.title : 'chart';
  const svg = await renderSvg(spec);
  const html = `<img class="depin-chart" alt="${escapeAttribute(title)}" src="data:image/svg+xml;base64,${base64(svg)}">`;
  await Deno.jupyter.display({ 'text/html': html, 'image/svg+xml': svg, 'text/plain': title }, { raw: true });
}

export async function showTable(table: ColumnTable, limit = 40): Promise<void> {
  await Deno.jupyter.display({ 'text/html': table.toHTML({ limit }), 'text/plain': table.toMarkdown({ limit }) }, { raw: true });
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
