// Which chart a sweep gets depends on its axes: a line over one numeric parameter, a heatmap over a
// two-parameter grid, and points with error bars for anything else (categories, sampled sweeps).
import { describe, expect, it } from 'vitest';
import { renderSvg, sweepChart, type SweepAxis } from '../../sim/report/index.js';

const row = (point: number, extra: Record<string, unknown>) => ({ point, label: `p${point}`, metric: 'm', n: 2, mean: point, ciLower: point - 1, ciUpper: point + 1, ...extra });

/** The mark types of a faceted spec's inner layers. */
function marks(spec: unknown): string[] {
  const inner = (spec as { spec: { mark?: unknown; layer?: { mark: unknown }[] } }).spec;
  const all = inner.layer ? inner.layer.map((layer) => layer.mark) : [inner.mark];
  return all.map((mark) => (typeof mark === 'string' ? mark : (mark as { type: string }).type));
}

describe('sweepChart', () => {
  it('draws nothing when nothing is swept', () => {
    expect(sweepChart([row(0, {})], [])).toBeUndefined();
  });

  it('draws a line with a confidence band over one numeric parameter', () => {
    const axes: SweepAxis[] = [{ name: 'a.rate', values: [1, 2], numeric: true }];
    const spec = sweepChart([row(0, { 'a.rate': 1 }), row(1, { 'a.rate': 2 })], axes);
    expect(marks(spec)).toEqual(['errorband', 'line']);
    // The dotted parameter name must be escaped or vega-lite reads it as nested field access.
    expect(JSON.stringify(spec)).toContain('"field":"a\\\\.rate"');
  });

  it('draws a heatmap over a two-parameter grid, one cell per point', async () => {
    const axes: SweepAxis[] = [
      { name: 'x', values: [1, 1, 2, 2], numeric: true },
      { name: 'y', values: ['a', 'b', 'a', 'b'], numeric: false },
    ];
    const data = axes[0]!.values.map((x, point) => row(point, { x, y: axes[1]!.values[point] }));
    const spec = sweepChart(data, axes);
    expect(marks(spec)).toEqual(['rect']);
    const svg = await renderSvg(spec!);
    const cells = /<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)![1]!;
    expect(cells.match(/<path/g)).toHaveLength(4);
  });

  it('falls back to points with error bars when a sampled axis has too many values for a heatmap', () => {
    const values = Array.from({ length: 13 }, (_, i) => i / 13);
    const axes: SweepAxis[] = [
      { name: 'step', values, numeric: true },
      { name: 'target', values: values.map((v) => 1 - v), numeric: true },
    ];
    const spec = sweepChart(values.map((step, point) => row(point, { step, target: 1 - step })), axes);
    expect(marks(spec)).toEqual(['errorbar', 'point']);
  });
});
