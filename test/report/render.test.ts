// Charts rendered without a browser: the SVG must hold drawn marks, the PNG must be a real PNG of
// the SVG's size at the requested zoom.
import { describe, expect, it } from 'vitest';
import { distributionChart, loadSweepResults, metricsTable, renderSvg, rows, svgToPng } from '../../sim/report/index.js';
import { writeFixture } from './fixture.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const metrics = rows(metricsTable(loadSweepResults(await writeFixture({ scenario: 'fixture' }))));

describe('rendering', () => {
  it('draws one dot per successful run and metric in the distribution chart', async () => {
    const svg = await renderSvg(distributionChart(metrics));
    expect(svg.startsWith('<svg')).toBe(true);
    // 7 successful runs x 2 metrics = 14 circles (vega draws a symbol mark as a <path>).
    const dots = svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/g)?.join('') ?? '';
    expect(dots.match(/<path/g)?.length).toBe(14);
    expect(svg).toContain('throughput');
  });

  it('rasterises to a PNG whose width is the SVG width times the zoom', async () => {
    const svg = await renderSvg(distributionChart(metrics));
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const png = svgToPng(svg, 2);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // IHDR starts at byte 16: big-endian width then height.
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(width * 2);
    // A chart of text and shapes compresses to tens of kilobytes; a blank image is far smaller.
    expect(png.length).toBeGreaterThan(10_000);
  });
});
