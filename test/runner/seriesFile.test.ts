import { tableFromArrays, tableToIPC } from 'apache-arrow';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { SeriesTable } from '../../sim/metrics/outputs.js';
import { arrowLayout, filledArrow, seriesFromArrow, seriesToArrow } from '../../sim/runner/seriesFile.js';

/** The series' columns as seriesFile documents them: `time`, then the metrics by name. */
function columnsOf(series: SeriesTable): Record<string, Float64Array> {
  const columns: Record<string, Float64Array> = { time: Float64Array.from(series.time) };
  for (const name of Object.keys(series.columns).sort()) columns[name] = Float64Array.from(series.columns[name]!);
  return columns;
}

/** What apache-arrow writes for the series: the reference. */
function arrowBytes(series: SeriesTable): Uint8Array {
  return tableToIPC(tableFromArrays(columnsOf(series)), 'file');
}

/** Values a metric may hold, the awkward ones included: NaN, infinities, -0, subnormals, extremes. */
const SPECIAL = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 5e-324, Number.MAX_VALUE, -1e-300];

function randomSeries(rng: () => number, names: readonly string[], rows: number): SeriesTable {
  const value = (): number => (rng() < 0.2 ? SPECIAL[Math.floor(rng() * SPECIAL.length)]! : (rng() - 0.5) * 10 ** Math.floor(rng() * 12));
  const time = Array.from({ length: rows }, (_, i) => i * 3600);
  // Added in an order other than sorted, as a model may add them.
  const columns = Object.fromEntries([...names].reverse().map((name) => [name, Array.from({ length: rows }, value)]));
  return { time, columns };
}

const SHAPES = [
  { names: ['queue', 'busy', 'price_usd'], rows: 12 },
  { names: ['queue', 'busy', 'price_usd'], rows: 13 },
  { names: ['a'], rows: 1 },
  { names: ['z', 'utilization', 'b', 'revenue_usd', 'time_to_fill_s'], rows: 97 },
];

describe('an Arrow layout', () => {
  it("filled with any values of its shape gives apache-arrow's bytes for them", () => {
    const rng = seedrandom('arrow-layout');
    for (const { names, rows } of SHAPES) {
      const layout = arrowLayout(['time', ...[...names].sort()], rows);
      expect(layout, `${names.length} columns, ${rows} rows`).not.toBeNull();
      for (let i = 0; i < 15; i++) {
        const series = randomSeries(rng, names, rows);
        expect(Buffer.from(filledArrow(layout!, columnsOf(series))).equals(arrowBytes(series)), `series ${i}, ${names.length} columns, ${rows} rows`).toBe(true);
      }
    }
  });

  it('is not guessed when the values cannot be found: no rows', () => {
    expect(arrowLayout(['time', 'q'], 0)).toBeNull();
  });
});

describe('seriesToArrow', () => {
  it("gives apache-arrow's bytes for every series, many of one shape and shapes interleaved", () => {
    const rng = seedrandom('series-file');
    for (let i = 0; i < 60; i++) {
      const { names, rows } = SHAPES[i % SHAPES.length]!;
      const series = randomSeries(rng, names, rows);
      expect(Buffer.from(seriesToArrow(series)).equals(arrowBytes(series)), `series ${i}, ${names.length} columns, ${rows} rows`).toBe(true);
    }
  });

  it('reads back what it wrote, NaN and -0 included', () => {
    const series: SeriesTable = { time: [0, 60, 120], columns: { b: [Number.NaN, -0, 1.5], a: [1, 2, 3] } };
    seriesToArrow(series);
    const again: SeriesTable = { time: [0, 60, 120], columns: { b: [2, Number.POSITIVE_INFINITY, -0], a: [4, 5, 6] } };
    const read = seriesFromArrow(seriesToArrow(again));
    expect(read.time).toEqual([0, 60, 120]);
    expect(Object.is(read.columns['b']![2], -0)).toBe(true);
    expect(read.columns).toEqual({ a: [4, 5, 6], b: [2, Number.POSITIVE_INFINITY, -0] });
  });

  it('writes a series with no rows as apache-arrow does', () => {
    const empty: SeriesTable = { time: [], columns: { q: [] } };
    expect(Buffer.from(seriesToArrow(empty)).equals(arrowBytes(empty))).toBe(true);
    expect(Buffer.from(seriesToArrow(empty)).equals(arrowBytes(empty))).toBe(true);
  });
});
