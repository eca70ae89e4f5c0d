// A run's time series as an Arrow IPC file: one Float64 column per metric, `time` first, so
// arquero and apache-arrow read it directly.
//
// Encoding goes through apache-arrow once per shape of series (its column names and number of
// rows). For Float64 columns without nulls every byte of the file but the values themselves
// depends only on that shape, so the file of the next series of the same shape is the first
// file with its values overwritten in place: the same bytes, at a fraction of the cost of
// apache-arrow's flatbuffer building, which was most of what a finished run cost the sweep's main
// thread (BENCHMARKS.md, "Issue 17, part 5, second pass"). Where the values lie is learnt from a
// series of distinct values and checked once per shape against apache-arrow's own bytes; a shape
// whose check fails is always encoded by apache-arrow.
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { SeriesTable } from '../metrics/outputs.js';

/** An Arrow file of one shape, and the byte offset of each column's values in it, in column order. */
export interface ArrowLayout {
  readonly bytes: Uint8Array;
  readonly offsets: readonly number[];
}

/** Layouts by shape; null for a shape whose check failed. A sweep has a shape or two: the bound only guards against many. */
const layouts = new Map<string, ArrowLayout | null>();
const LAYOUTS_KEPT = 16;

export function seriesToArrow(series: SeriesTable): Uint8Array {
  const columns = seriesColumns(series);
  const names = Object.keys(columns);
  const shape = `${names.join('\u0000')}\u0000${series.time.length}`;
  const layout = layouts.get(shape);
  if (layout) return filledArrow(layout, columns);
  const bytes = encode(columns);
  if (layout === undefined) {
    if (layouts.size >= LAYOUTS_KEPT) layouts.clear();
    const learnt = arrowLayout(names, series.time.length);
    layouts.set(shape, learnt && Buffer.from(filledArrow(learnt, columns)).equals(bytes) ? learnt : null);
  }
  return bytes;
}

/** `time` first, then the metrics sorted by name, so that the byte layout never depends on the order a model added them. */
function seriesColumns(series: SeriesTable): Record<string, Float64Array> {
  const columns: Record<string, Float64Array> = { time: Float64Array.from(series.time) };
  for (const name of Object.keys(series.columns).sort()) {
    columns[name] = Float64Array.from(series.columns[name]!);
  }
  return columns;
}

function encode(columns: Record<string, Float64Array>): Uint8Array {
  return tableToIPC(tableFromArrays(columns), 'file');
}

/**
 * Where the values of each of `names` lie in the Arrow file of `rows` rows, found in the file of a
 * series whose every value is distinct (each column's bytes then occur once in it); null when they
 * cannot be told apart (no rows).
 */
export function arrowLayout(names: readonly string[], rows: number): ArrowLayout | null {
  const distinct = Object.fromEntries(names.map((name, k) => [name, Float64Array.from({ length: rows }, (_, i) => k * rows + i + 0.25)]));
  const bytes = Buffer.from(encode(distinct));
  const offsets: number[] = [];
  for (const name of names) {
    const values = byteView(distinct[name]!);
    const at = bytes.indexOf(values);
    if (at < 0 || bytes.indexOf(values, at + 1) >= 0) return null;
    offsets.push(at);
  }
  return { bytes: new Uint8Array(bytes), offsets };
}

/** The layout's file with `columns`' values (in the layout's column order) written in. */
export function filledArrow(layout: ArrowLayout, columns: Readonly<Record<string, Float64Array>>): Uint8Array {
  const bytes = layout.bytes.slice();
  Object.values(columns).forEach((values, k) => bytes.set(byteView(values), layout.offsets[k]!));
  return bytes;
}

function byteView(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

export function seriesFromArrow(bytes: Uint8Array): SeriesTable {
  const table = tableFromIPC(bytes);
  const columns: Record<string, number[]> = {};
  let time: number[] = [];
  for (const field of table.schema.fields) {
    const values = Array.from(table.getChild(field.name)!.toArray() as Float64Array);
    if (field.name === 'time') time = values;
    else columns[field.name] = values;
  }
  return { time, columns };
}
