// The results of one sweep on disk, written as runs finish so that a sweep of any size needs flat
// memory and an interrupted sweep resumes where it stopped:
//
//   results/<scenario>/<sweep id>/
//     manifest.json        scenario, package version, the command lines that ran the sweep, each
//                          point's swept values as the user wrote them, and per run: key, seed,
//                          resolved params, status
//     runs.ndjson          one summary line per finished run (completion order until finalized)
//     series/<run id>.arrow  the run's time series, Arrow IPC file format
//
// Series are one file per run rather than one shared file: each is written atomically before the
// run's summary line is appended, so a line in runs.ndjson always has its series beside it, a kill
// can never leave a shared file half-appended, and a resumed run simply rewrites its own file.
// The manifest is rewritten (atomically) after each run's line, so after a kill at any instant it
// gives every finished run its status. finalize() rewrites runs.ndjson in spec order, which makes
// the directory byte-identical whatever the worker count or completion order, except for the
// manifest's `invocations`, which say how it was run (the command line and the lab's commit).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { RunKey, RunSpec } from '../scenario/runSpec.js';
import type { InvariantViolation } from '../metrics/outputs.js';
import type { RunError, RunResult, SummaryValue } from '../scenario/runResult.js';
import { ResultsStoreError } from './storeError.js';
import { isTempFile, LineAppender, writeFileAtomic } from './atomicFile.js';
import { seriesFromArrow, seriesToArrow } from './seriesFile.js';

const MANIFEST = 'manifest.json';
const RUNS = 'runs.ndjson';
const SERIES_DIR = 'series';
/** A manifest up to this size is rewritten after every run; a larger one at most every MANIFEST_INTERVAL_MS. */
const EXACT_MANIFEST_BYTES = 256 * 1024;
const MANIFEST_INTERVAL_MS = 1000;
/** Violations kept per run line: enough to diagnose, bounded for a run that breaks every block. */
const VIOLATIONS_KEPT = 20;

export type RunStatus = 'pending' | 'ok' | 'failed';

export interface ManifestRun {
  readonly id: string;
  readonly key: RunKey;
  readonly seed: string;
  readonly status: RunStatus;
  readonly params: Readonly<Record<string, unknown>>;
}

/** One command that ran (part of) the sweep: the first made it, later ones resumed it. */
export interface Invocation {
  /** The command line as typed, --set and all: what reproduces the sweep. */
  readonly command: string;
  readonly version: string;
  /** The lab's git commit, when it runs from a git checkout; "+dirty" when it had uncommitted changes. */
  readonly commit?: string;
}

export interface Manifest {
  readonly scenario: string;
  readonly sweep: string;
  readonly packageVersion: string;
  /** Absent from results written before the lab recorded it. */
  readonly invocations?: readonly Invocation[];
  /** Each point's swept values as the user wrote them ("10/h", "30d"), by dotted path, indexed by point. */
  readonly points?: readonly Readonly<Record<string, string>>[];
  readonly runs: readonly ManifestRun[];
}

/** One line of runs.ndjson. */
export interface RunLine {
  readonly id: string;
  readonly key: RunKey;
  readonly seed: string;
  readonly status: 'ok' | 'failed';
  readonly error?: RunError;
  /** null: the metric has no meaning in this run (a mean over no jobs). */
  readonly summary: Readonly<Record<string, SummaryValue>>;
  readonly counters: Readonly<Record<string, number>>;
  readonly invariants: {
    readonly checks: number;
    readonly violationCount: number;
    readonly violations: readonly InvariantViolation[];
  };
}

export { ResultsStoreError };

/** Names a sweep by its content, so re-running the same sweep finds the same directory. */
export function sweepId(specs: readonly RunSpec[]): string {
  const hash = createHash('sha256');
  for (const spec of specs) hash.update(JSON.stringify(spec)).update('\n');
  return hash.digest('hex').slice(0, 12);
}

export function sweepDirectory(resultsRoot: string, specs: readonly RunSpec[]): string {
  const scenario = specs[0]?.scenario ?? 'empty';
  return join(resultsRoot, scenario, sweepId(specs));
}

export function toRunLine(result: RunResult): RunLine {
  // Built field by field so the line's bytes depend only on the result, never on how it was assembled.
  return {
    id: result.id,
    key: { point: result.key.point, replicate: result.key.replicate },
    seed: result.seed,
    status: result.status,
    ...(result.error ? { error: runLineError(result.error) } : {}),
    summary: result.summary,
    counters: result.counters,
    invariants: {
      checks: result.invariants.checks,
      violationCount: result.invariants.violations.length,
      violations: result.invariants.violations.slice(0, VIOLATIONS_KEPT),
    },
  };
}

/** The error as the line keeps it, field by field; a failed run that threw keeps its stack trace. */
function runLineError(error: RunError): RunError {
  return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
}

export interface OpenOptions {
  readonly packageVersion: string;
  /** Continue a sweep whose directory exists; without it an existing directory is an error. */
  readonly resume: boolean;
  /** How this sweep is being run, recorded in the manifest. */
  readonly invocation?: Invocation;
  /** Each point's swept values as the user wrote them, indexed by point. */
  readonly points?: readonly Readonly<Record<string, string>>[];
}

/** What the store keeps in memory of a failed run, to report it at the end of the sweep. */
export interface RunFailure {
  readonly id: string;
  readonly seed: string;
  readonly error: string;
}

export class ResultsStore {
  // Only each run's status stays in memory (plus the rare failures): summaries live on disk, so
  // memory does not grow with what the runs report.
  private readonly status = new Map<string, 'ok' | 'failed'>();
  private readonly failures: RunFailure[] = [];
  private appender: LineAppender | undefined;
  private invocations: Invocation[] = [];
  /** Each run's manifest text around its status, made once. */
  private runTexts: { readonly id: string; readonly before: string; readonly after: string }[] | undefined;
  private manifestBytes = 0;
  private manifestTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly dir: string,
    private readonly specs: readonly RunSpec[],
    private readonly options: OpenOptions,
  ) {}

  static open(dir: string, specs: readonly RunSpec[], options: OpenOptions): ResultsStore {
    if (specs.length === 0) throw new ResultsStoreError('the sweep has no runs');
    const store = new ResultsStore(dir, specs, options);
    if (existsSync(dir)) {
      if (!options.resume) {
        throw new ResultsStoreError(`results already exist in ${dir}; pass --resume to continue them, or remove the directory`);
      }
      store.invocations = [...(store.checkSameSweep()?.invocations ?? [])];
      store.removeTempFiles();
      store.loadFinishedRuns();
    }
    if (options.invocation) store.invocations.push(options.invocation);
    mkdirSync(join(dir, SERIES_DIR), { recursive: true });
    store.writeManifest();
    store.appender = new LineAppender(join(dir, RUNS));
    return store;
  }

  /** Runs with no line in runs.ndjson yet, in spec order. */
  pending(): RunSpec[] {
    return this.specs.filter((spec) => !this.status.has(spec.id));
  }

  /** Status of every run that has its line, by run id. */
  get finished(): ReadonlyMap<string, 'ok' | 'failed'> {
    return this.status;
  }

  /** Failed runs, in spec order. */
  failed(): RunFailure[] {
    const order = new Map(this.specs.map((spec, i) => [spec.id, i]));
    return [...this.failures].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /** Persists one finished run: its series first, then its line, so a line implies its series. */
  record(result: RunResult): void {
    if (!this.appender) throw new ResultsStoreError('the store is closed');
    if (result.series.time.length > 0) {
      writeFileAtomic(join(this.dir, SERIES_DIR, `${result.id}.arrow`), seriesToArrow(result.series));
    }
    const line = toRunLine(result);
    this.appender.append(JSON.stringify(line));
    this.remember(line);
    this.manifestAfterRun();
  }

  /**
   * Rewrites runs.ndjson in spec order and the manifest with each run's status, then closes.
   * Safe to call on an unfinished sweep: missing runs stay 'pending' and a later resume adds them.
   */
  finalize(): void {
    this.close();
    const byId = new Map(readLines(join(this.dir, RUNS)).map((text) => [(JSON.parse(text) as RunLine).id, text]));
    const ordered = this.specs.flatMap((spec) => {
      const text = byId.get(spec.id);
      return text === undefined ? [] : [`${text}\n`];
    });
    writeFileAtomic(join(this.dir, RUNS), ordered.join(''));
    this.writeManifest();
  }

  close(): void {
    this.appender?.close();
    this.appender = undefined;
    clearTimeout(this.manifestTimer);
    this.manifestTimer = undefined;
  }

  private remember(line: RunLine): void {
    this.status.set(line.id, line.status);
    if (line.status === 'failed') {
      this.failures.push({ id: line.id, seed: line.seed, error: `${line.error?.name ?? 'Error'}: ${line.error?.message ?? ''}` });
    }
  }

  /**
   * After a run's line: a small manifest (most sweeps) is rewritten at once, so that after a kill
   * it gives every finished run its status; a large one at most once a second (rewriting a
   * megabyte after every run of a sweep of tiny runs would cost more than the runs), so after a
   * kill it may lag runs.ndjson by the last second's runs, which --resume and reports read.
   */
  private manifestAfterRun(): void {
    if (this.manifestBytes <= EXACT_MANIFEST_BYTES) return this.writeManifest(false);
    this.manifestTimer ??= setTimeout(() => {
      this.manifestTimer = undefined;
      if (this.appender) this.writeManifest(false);
    }, MANIFEST_INTERVAL_MS).unref();
  }

  /** `durable`: flushed to disk (at open and at the end); rewrites during a sweep only need to be whole. */
  private writeManifest(durable = true): void {
    const text = this.manifestText();
    this.manifestBytes = text.length;
    writeFileAtomic(join(this.dir, MANIFEST), text, { durable });
  }

  /**
   * The manifest as JSON.stringify(manifest, null, 2) writes it, from each run's text made once (its
   * parameters do not change) with only its status filled in.
   */
  private manifestText(): string {
    if (this.runTexts === undefined) {
      const hole = '\u0000status';
      this.runTexts = this.specs.map((spec) => {
        const run: ManifestRun = { id: spec.id, key: spec.key, seed: spec.seed, status: hole as RunStatus, params: spec.params };
        const [before, after] = JSON.stringify(run, null, 2).replace(/\n/g, '\n    ').split(JSON.stringify(hole)) as [string, string];
        return { id: spec.id, before, after };
      });
    }
    const head = JSON.stringify(
      {
        scenario: this.specs[0]!.scenario,
        sweep: sweepId(this.specs),
        packageVersion: this.options.packageVersion,
        ...(this.invocations.length > 0 ? { invocations: this.invocations } : {}),
        ...(this.options.points ? { points: this.options.points } : {}),
      },
      null,
      2,
    ).slice(0, -2);
    const runs = this.runTexts.map(({ id, before, after }) => `${before}${JSON.stringify(this.status.get(id) ?? 'pending')}${after}`);
    return `${head},\n  "runs": [\n    ${runs.join(',\n    ')}\n  ]\n}\n`;
  }

  /** The manifest already there, after checking it is of this sweep. */
  private checkSameSweep(): Manifest | undefined {
    const path = join(this.dir, MANIFEST);
    if (!existsSync(path)) return undefined; // killed before the first manifest landed: nothing to compare
    const manifest = readManifest(this.dir);
    const expected = sweepId(this.specs);
    if (manifest.sweep !== expected) {
      throw new ResultsStoreError(`${this.dir} holds sweep ${manifest.sweep}, not ${expected}: the scenario or its options changed`);
    }
    return manifest;
  }

  private removeTempFiles(): void {
    for (const dir of [this.dir, join(this.dir, SERIES_DIR)]) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (isTempFile(name)) rmSync(join(dir, name));
      }
    }
  }

  /** Reads the lines of earlier attempts; a torn last line (the kill came mid-write) is cut off. */
  private loadFinishedRuns(): void {
    const path = join(this.dir, RUNS);
    if (!existsSync(path)) return;
    const bytes = readFileSync(path);
    const wholeLength = bytes.lastIndexOf(0x0a) + 1;
    if (wholeLength < bytes.length) truncateSync(path, wholeLength);
    for (const text of readLines(path)) this.remember(JSON.parse(text) as RunLine);
  }
}

/** The whole lines of an ndjson file, without their newlines. */
function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((text) => text !== '');
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
}

export function readRunLines(dir: string): RunLine[] {
  return readLines(join(dir, RUNS)).map((text) => JSON.parse(text) as RunLine);
}

export function readRunSeries(dir: string, id: string): ReturnType<typeof seriesFromArrow> {
  return seriesFromArrow(readFileSync(join(dir, SERIES_DIR, `${id}.arrow`)));
}
