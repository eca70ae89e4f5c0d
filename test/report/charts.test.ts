// How a sweep is laid out on its charts: one parameter along x, in the unit the user wrote (on a
// log scale when it spans ten times or more, evenly spaced when it includes 0), the others colouring
// the lines; every panel titled with its metric's unit.
import { describe, expect, it } from 'vitest';
import { renderSvg, sweepChart, type SweepAxis } from '../../sim/report/index.js';
import { sweepLayout, xChannel } from '../../sim/report/charts.js';
import { userScale } from '../../sim/report/sweepAxes.js';

const row = (point: number, extra: Record<string, unknown> = {}) => ({ point, label: `p${point}`, metric: 'm', n: 2, mean: point, ciLower: point - 1, ciUpper: point + 1, ...extra });

function axis(name: string, texts: string[]): SweepAxis {
  const scale = userScale(texts);
  return { name, values: texts, numeric: scale !== undefined, texts, ...(scale ? { scale } : {}) };
}

/** The mark types of a faceted spec's inner layers. */
function marks(spec: unknown): string[] {
  const inner = (spec as { spec: { layer: { mark: unknown }[] } }).spec;
  return inner.layer.map((layer) => layer.mark).map((mark) => (typeof mark === 'string' ? mark : (mark as { type: string }).type));
}

describe('userScale', () => {
  it('reads the numbers of texts in one unit, or converts several units to the largest value’s', () => {
    expect(userScale(['10/h', '20/h', '160/h'])).toEqual({ values: [10, 20, 160], unit: '/h' });
    expect(userScale(['12h', '3d'])).toEqual({ values: [0.5, 3], unit: 'd' });
    expect(userScale(['20%', '10%'])).toEqual({ values: [20, 10], unit: '%' });
    expect(userScale(['0.5', '2'])).toEqual({ values: [0.5, 2], unit: '' });
    expect(userScale(['pooled', 'elastic'])).toBeUndefined();
  });
});

describe('sweepChart', () => {
  it('draws nothing when nothing is swept', () => {
    expect(sweepChart([row(0)], [])).toBeUndefined();
  });

  it('draws a line with a confidence band over one numeric parameter, in its unit', () => {
    const axes = [axis('a.rate', ['10/h', '20/h'])];
    const spec = sweepChart([row(0), row(1)], axes);
    expect(marks(spec)).toEqual(['errorband', 'line']);
    expect(JSON.stringify(spec)).toContain('"title":"a.rate (/h)"');
    expect((spec as unknown as { data: { values: { x: number }[] } }).data.values.map((v) => v.x)).toEqual([10, 20]);
  });

  it('puts a value spanning ten times or more on a log scale, and spaces values evenly when one is 0', () => {
    const rates = sweepLayout([axis('rate', ['10/h', '40/h', '160/h'])])!;
    expect(rates.xScale).toBe('log');
    expect(xChannel(rates)).toMatchObject({ type: 'quantitative', scale: { type: 'log', domain: [10, 160] } });
    const shocks = sweepLayout([axis('shock', ['0', '0.001', '0.05'])])!;
    expect(shocks.xScale).toBe('points');
    expect(xChannel(shocks)).toMatchObject({ type: 'ordinal', sort: ['0', '0.001', '0.05'] });
  });

  it('colours the lines by the other parameters and draws every point of a category axis with error bars', async () => {
    const axes = [axis('kind', ['lease', 'lease', 'posted', 'posted']), axis('target', ['0.6', '0.9', '0.6', '0.9'])];
    const spec = sweepChart(axes[0]!.values.map((_, point) => row(point)), axes, () => undefined, 'kind');
    expect(marks(spec)).toEqual(['errorbar', 'line']);
    const encoding = (spec as unknown as { spec: { layer: { encoding: { color: { field: string; title: string } } }[] } }).spec.layer[1]!.encoding;
    expect(encoding.color).toMatchObject({ field: 'series', title: 'target' });
    const svg = await renderSvg(spec!);
    // No label is cut: vega ends a cut label with an ellipsis.
    expect(svg).not.toContain('…');
  });
});
