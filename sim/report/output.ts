// Writes a report directory: each chart as SVG and PNG beside index.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from './html.js';
import { renderSvg, svgToPng } from './render.js';

export interface ChartRequest {
  readonly name: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

export interface WrittenReport {
  readonly indexHtml: string;
  /** Paths of the chart files written (SVG and PNG). */
  readonly charts: string[];
}

export async function renderCharts(outDir: string, requests: readonly ChartRequest[]): Promise<{ charts: Chart[]; files: string[] }> {
  mkdirSync(outDir, { recursive: true });
  const charts: Chart[] = [];
  const files: string[] = [];
  for (const request of requests) {
    const svg = await renderSvg(request.spec);
    const svgFile = join(outDir, `${request.name}.svg`);
    const pngFile = join(outDir, `${request.name}.png`);
    writeFileSync(svgFile, svg);
    writeFileSync(pngFile, svgToPng(svg));
    charts.push({ ...request, svg });
    files.push(svgFile, pngFile);
  }
  return { charts, files };
}

export function writeIndex(outDir: string, html: string): string {
  const file = join(outDir, 'index.html');
  writeFileSync(file, html);
  return file;
}
