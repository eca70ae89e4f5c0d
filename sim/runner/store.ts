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
// After each run's line, the run's status is written into the manifest in place (manifestFile.ts),
// so after a kill at any instant the manifest gives every finished run its status, at a cost per
// run that does not grow with the sweep. The files are written and flushed off the main thread, in
// that order, one run after another: the thread stays free to hand the workers their next runs
// while the disk catches up. finalize() rewrites runs.ndjson in spec order and the manifest as
// JSON.stringify writes it, which makes the directory byte-identical whatever the worker count or
// completion order, except for the manifest's `invocations`, which say how it was run (the command
// line and the lab's commit).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import type { RunKey, RunSpec } from '../scenario/runSpec.js';
import type { InvariantViolation } from '../metrics/outputs.js';
import type { RunError, RunResult, SummaryValue } from '../scenario/runResult.js';
import { ResultsStoreError } from './storeError.js';
import { isTempFile, LineAppender, writeFileAtomic, writeFileAtomicInBackground } from './atomicFile.js';
import { ManifestFile, type RunStatus, type RunText } from './manifestFile.js';
import { seriesFromArrow, seriesToArrow } from './seriesFile.js';

const MANIFEST = 'manifest.json';
const RUNS = 'runs.ndjson';
const SERIES_DIR = 'series';
/** Violations kept per run line: enough to diagnose, bounded for a run that breaks every block. */
const VIOLATIONS_KEPT = 20;

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
  private manifest: ManifestFile | undefined;
  /** The runs being written, one after another: each record() waits for the one before it. */
  private writing: Promise<void> = Promise.resolve();

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
    store.manifest = new ManifestFile(join(dir, MANIFEST), store.manifestHead(), manifestRunTexts(specs));
    store.manifest.open((id) => store.statusOf(id));
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

  /**
   * Persists one finished run: its series first, then its line, then its status in the manifest,
   * so a line implies its series and a status its line. Resolves once all three are written; runs
   * recorded while an earlier one is still being written wait for it, in the order recorded.
   */
  record(result: RunResult): Promise<void> {
    const appender = this.appender;
    if (!appender) return Promise.reject(new ResultsStoreError('the store is closed'));
    // The series is encoded now, so the result need not be kept while the runs before it are written.
    const series = result.series.time.length > 0 ? seriesToArrow(result.series) : undefined;
    const line = toRunLine(result);
    const write = this.writing.then(() => this.write(appender, line, series));
    // A write that failed rejects its own record(); the runs after it are still written.
    this.writing = write.catch(() => undefined);
    return write;
  }

  private async write(appender: LineAppender, line: RunLine, series: Uint8Array | undefined): Promise<void> {
    if (series) await writeFileAtomicInBackground(join(this.dir, SERIES_DIR, `${line.id}.arrow`), series);
    await appender.append(JSON.stringify(line));
    this.remember(line);
    this.manifest!.mark(line.id, line.status);
  }

  /**
   * Waits for the runs being written, rewrites runs.ndjson in spec order and the manifest as
   * JSON.stringify writes it, with each run's status, then closes. Safe on an unfinished sweep:
   * missing runs stay 'pending' and a later resume adds them.
   */
  async finalize(): Promise<void> {
    await this.close();
    const byId = new Map(readLines(join(this.dir, RUNS)).map((text) => [(JSON.parse(text) as RunLine).id, text]));
    const ordered = this.specs.flatMap((spec) => {
      const text = byId.get(spec.id);
      return text === undefined ? [] : [`${text}\n`];
    });
    writeFileAtomic(join(this.dir, RUNS), ordered.join(''));
    this.manifest!.writeFinal((id) => this.statusOf(id));
  }

  /** Refuses further runs, waits for the runs being written, and closes the files without finalizing. */
  async close(): Promise<void> {
    const appender = this.appender;
    this.appender = undefined;
    await this.writing;
    appender?.close();
    this.manifest?.close();
  }

  private statusOf(id: string): RunStatus {
    return this.status.get(id) ?? 'pending';
  }

  private remember(line: RunLine): void {
    this.status.set(line.id, line.status);
    if (line.status === 'failed') {
      this.failures.push({ id: line.id, seed: line.seed, error: `${line.error?.name ?? 'Error'}: ${line.error?.message ?? ''}` });
    }
  }

  /** The manifest's text up to its runs, as JSON.stringify(manifest, null, 2) writes it. */
  private manifestHead(): string {
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
    return `${head},\n  "runs": [`;
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

/** Each run's manifest entry as JSON.stringify(manifest, null, 2) writes it, split where its status goes. */
function manifestRunTexts(specs: readonly RunSpec[]): RunText[] {
  const hole = '\u0000status';
  return specs.map((spec) => {
    const run: ManifestRun = { id: spec.id, key: spec.key, seed: spec.seed, status: hole as RunStatus, params: spec.params };
    const [before, after] = JSON.stringify(run, null, 2).replace(/\n/g, '\n    ').split(JSON.stringify(hole)) as [string, string];
    return { id: spec.id, before, after };
  });
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
