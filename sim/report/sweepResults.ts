// Opens a results directory written by the runner's store and gathers what a report needs: each
// run's manifest entry beside its summary line, the sweep's axes, and the names of its metrics.
// Nothing here knows which model ran, so the same code reports any model's results.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, readRunLines, readRunSeries, type Invocation, type Manifest, type ManifestRun, type RunLine } from '../runner/store.js';
import type { SeriesTable } from '../metrics/outputs.js';
import { ReportError } from './reportError.js';
import { sweepAxes, type SweepAxis } from './sweepAxes.js';

export { ReportError };

export interface SweepRun {
  readonly id: string;
  /**
   * The run's point among this directory's points, counted from 0 in the manifest's order: a
   * sweep's own point number, and for a part of a search (whose batches number their points across
   * the search: results/<scenario>/<search id>/batch-0003) its place in the part.
   */
  readonly point: number;
  readonly replicate: number;
  readonly seed: string;
  /** 'pending' when the sweep was interrupted before this run finished. */
  readonly status: 'ok' | 'failed' | 'pending';
  readonly error?: string;
  /** null: the metric has no meaning in that run (a mean over no jobs); such values are left out of every statistic. */
  readonly summary: Readonly<Record<string, number | null>>;
  readonly invariantChecks: number;
  readonly violationCount: number;
  readonly firstViolation?: string;
}

export interface SweepResults {
  readonly dir: string;
  readonly scenario: string;
  readonly sweepId: string;
  readonly packageVersion: string;
  /** The commands that ran the sweep, the first that made it, then any that resumed it (when recorded). */
  readonly invocations: readonly Invocation[];
  readonly runs: readonly SweepRun[];
  /** Resolved parameters per sweep point, indexed by point. */
  readonly pointParams: readonly Readonly<Record<string, unknown>>[];
  /** The swept parameters and their values at each point, in the user's units where the manifest records them. */
  readonly axes: readonly SweepAxis[];
  /** Summary metric names over all runs, sorted. */
  readonly metrics: readonly string[];
  /** Reads one run's time series, or undefined when the run recorded none. */
  series(id: string): SeriesTable | undefined;
}

const MANIFEST = 'manifest.json';

/**
 * Accepts a sweep directory (results/<scenario>/<id>) or a scenario directory (the latest of its
 * sweeps, see findSweep), and fails with a sentence, never a stack trace, on anything else.
 */
export function loadSweepResults(path: string): SweepResults {
  const dir = findSweep(path).dir;
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
  const place = new Map<number, number>();
  for (const entry of manifest.runs) if (!place.has(entry.key.point)) place.set(entry.key.point, place.size);
  const runs = manifest.runs.map((entry) => sweepRun(entry, place.get(entry.key.point)!, byId.get(entry.id)));
  const pointParams: Record<string, unknown>[] = [];
  for (const entry of manifest.runs) pointParams[place.get(entry.key.point)!] ??= { ...entry.params };
  const metrics = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run.summary)) metrics.add(name);
  return {
    dir,
    scenario: manifest.scenario,
    sweepId: manifest.sweep,
    packageVersion: manifest.packageVersion,
    invocations: manifest.invocations ?? [],
    runs,
    pointParams,
    axes: sweepAxes(pointParams, manifest.points),
    metrics: [...metrics].sort(),
    series: (id) => (existsSync(join(dir, 'series', `${id}.arrow`)) ? readRunSeries(dir, id) : undefined),
  };
}

/** One sweep of a scenario directory, as a person choosing between them needs to see it. */
export interface SweepListing {
  readonly dir: string;
  readonly id: string;
  /** When its manifest was last written (the sweep last ran), ISO 8601 in UTC to the minute. */
  readonly written: string;
  readonly runs: number;
  /** The command that made it, or the parameters it sweeps when no command was recorded. */
  readonly what: string;
}

export interface SweepChoice {
  readonly dir: string;
  /** When `path` held several sweeps: the one chosen (the latest) and the others, latest first. */
  readonly among?: readonly SweepListing[];
}

/**
 * The sweep a path names: a sweep directory itself, or the most recently written of the sweeps in
 * a scenario directory (results/<scenario>), with the list of them so that the caller can say which
 * it took.
 */
export function findSweep(path: string): SweepChoice {
  if (!existsSync(path)) throw new ReportError(`no results at ${path}`);
  if (existsSync(join(path, MANIFEST))) return { dir: path };
  const sweeps = statSync(path).isDirectory() ? readdirSync(path).filter((name) => existsSync(join(path, name, MANIFEST))) : [];
  if (sweeps.length === 0) throw new ReportError(`${path} holds no ${MANIFEST}: give a results/<scenario>/<sweep id> directory`);
  if (sweeps.length === 1) return { dir: join(path, sweeps[0]!) };
  const listed = sweeps
    .map((id) => ({ id, dir: join(path, id), modified: statSync(join(path, id, MANIFEST)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified || a.id.localeCompare(b.id))
    .map(({ id, dir }) => listing(id, dir));
  return { dir: listed[0]!.dir, among: listed };
}

function listing(id: string, dir: string): SweepListing {
  const written = statSync(join(dir, MANIFEST)).mtime.toISOString().slice(0, 16).replace('T', ' ');
  try {
    const manifest = readManifest(dir);
    const command = manifest.invocations?.[0]?.command;
    const swept = Object.keys(manifest.points?.[0] ?? {});
    const what = command ?? (swept.length > 0 ? `sweeps ${swept.join(', ')}` : 'no recorded command');
    return { dir, id, written, runs: manifest.runs.length, what };
  } catch {
    return { dir, id, written, runs: 0, what: 'an unreadable manifest' };
  }
}

function sweepRun(entry: ManifestRun, point: number, line: RunLine | undefined): SweepRun {
  const base = { id: entry.id, point, replicate: entry.key.replicate, seed: entry.seed };
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
