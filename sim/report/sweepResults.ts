// Opens a results directory written by the runner's store and gathers what a report needs: each
// run's manifest entry beside its summary line, the sweep's axes, and the names of its metrics.
// Nothing here knows which model ran, so the same code reports any model's results.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, readRunLines, readRunSeries, type Manifest, type ManifestRun, type RunLine } from '../runner/store.js';
import type { SeriesTable } from '../metrics/outputs.js';
import { ReportError } from './reportError.js';
import { sweepAxes, type SweepAxis } from './sweepAxes.js';

export { ReportError };

export interface SweepRun {
  readonly id: string;
  readonly point: number;
  readonly replicate: number;
  readonly seed: string;
  /** 'pending' when the sweep was interrupted before this run finished. */
  readonly status: 'ok' | 'failed' | 'pending';
  readonly error?: string;
  readonly summary: Readonly<Record<string, number>>;
  readonly invariantChecks: number;
  readonly violationCount: number;
  readonly firstViolation?: string;
}

export interface SweepResults {
  readonly dir: string;
  readonly scenario: string;
  readonly sweepId: string;
  readonly packageVersion: string;
  /** The command line that produced the results, when the runner recorded it. */
  readonly command?: string;
  readonly runs: readonly SweepRun[];
  /** Resolved parameters per sweep point, indexed by point. */
  readonly pointParams: readonly Readonly<Record<string, unknown>>[];
  readonly axes: readonly SweepAxis[];
  /** Summary metric names over all runs, sorted. */
  readonly metrics: readonly string[];
  /** Reads one run's time series, or undefined when the run recorded none. */
  series(id: string): SeriesTable | undefined;
}

const MANIFEST = 'manifest.json';

/**
 * Accepts a sweep directory (results/<scenario>/<id>) or a scenario directory holding exactly one
 * sweep, and fails with a sentence, never a stack trace, on anything else.
 */
export function loadSweepResults(path: string): SweepResults {
  const dir = locateSweep(path);
  let manifest: Manifest;
  let lines: RunLine[];
  try {
    manifest = readManifest(dir);
    lines = existsSync(join(dir, 'runs.ndjson')) ? readRunLines(dir) : [];
  } catch (error) {
    throw new ReportError(`${dir} is not a readable results directory: ${(error as Error).message}`);
  }
  if (!Array.isArray(manifest.runs) || manifest.runs.length === 0) throw new ReportError(`${dir}/${MANIFEST} lists no runs`);
  const byId = new Map(lines.map((line) => [line.id, line]));
  const runs = manifest.runs.map((entry) => sweepRun(entry, byId.get(entry.id)));
  const pointParams: Record<string, unknown>[] = [];
  for (const entry of manifest.runs) pointParams[entry.key.point] ??= { ...entry.params };
  const metrics = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run.summary)) metrics.add(name);
  const command = (manifest as Manifest & { command?: unknown }).command;
  return {
    dir,
    scenario: manifest.scenario,
    sweepId: manifest.sweep,
    packageVersion: manifest.packageVersion,
    ...(typeof command === 'string' ? { command } : {}),
    runs,
    pointParams,
    axes: sweepAxes(pointParams),
    metrics: [...metrics].sort(),
    series: (id) => (existsSync(join(dir, 'series', `${id}.arrow`)) ? readRunSeries(dir, id) : undefined),
  };
}

function locateSweep(path: string): string {
  if (!existsSync(path)) throw new ReportError(`no results at ${path}`);
  if (existsSync(join(path, MANIFEST))) return path;
  const sweeps = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => existsSync(join(path, name, MANIFEST)))
        .sort()
    : [];
  if (sweeps.length === 1) return join(path, sweeps[0]!);
  if (sweeps.length === 0) throw new ReportError(`${path} holds no ${MANIFEST}: give a results/<scenario>/<sweep id> directory`);
  throw new ReportError(`${path} holds ${sweeps.length} sweeps (${sweeps.join(', ')}): name one of them`);
}

function sweepRun(entry: ManifestRun, line: RunLine | undefined): SweepRun {
  const base = { id: entry.id, point: entry.key.point, replicate: entry.key.replicate, seed: entry.seed };
  if (!line) return { ...base, status: 'pending', summary: {}, invariantChecks: 0, violationCount: 0 };
  const first = line.invariants.violations[0];
  return {
    ...base,
    status: line.status,
    ...(line.error ? { error: `${line.error.name}: ${line.error.message}` } : {}),
    summary: line.summary,
    invariantChecks: line.invariants.checks,
    violationCount: line.invariants.violationCount,
    ...(first ? { firstViolation: `${first.invariant} at block ${first.block}` } : {}),
  };
}
