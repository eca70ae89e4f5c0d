// A run's time series as an Arrow IPC file: one Float64 column per metric, `time` first, so
// arquero and apache-arrow read it directly.
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { SeriesTable } from '../metrics/outputs.js';

export function seriesToArrow(series: SeriesTable): Uint8Array {
  const columns: Record<string, Float64Array> = { time: Float64Array.from(series.time) };
  // Sorted so that the byte layout never depends on the order a model happened to add metrics.
  for (const name of Object.keys(series.columns).sort()) {
    columns[name] = Float64Array.from(series.columns[name]!);
  }
  return tableToIPC(tableFromArrays(columns), 'file');
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
