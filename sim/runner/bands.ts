// Regression bands, the one verdict `depin-lab check` and the sweep report both give: a band holds
// only if, at every sweep point, the mean of its metric over the point's seeds lies in [min, max].
// The mean over a point's seeds rather than each run, so that a band can be tight enough to catch
// a regression without tripping on one unlucky seed; every point rather than the sweep's average,
// so that one broken corner of a sweep cannot hide behind the others. A point with a failed or
// unfinished run fails: the mean of the runs that happened to survive would not be its mean.
import { mean } from './compare.js';

export interface Band {
  readonly min?: number;
  readonly max?: number;
}

/** What judging needs of a run: a RunResult and a stored run both fit. */
export interface BandRun {
  readonly id: string;
  readonly key: { readonly point: number };
  /** 'pending': a stored sweep that was interrupted before the run finished. */
  readonly status: 'ok' | 'failed' | 'pending';
  readonly summary: Readonly<Record<string, number>>;
}

export interface PointFailure {
  readonly point: number;
  /** The mean over the point's seeds, when every run there finished and reported the metric. */
  readonly mean?: number;
  readonly runs: number;
  /** Why the point fails, as a phrase: "mean 0.057 over 6 seeds is below the band's min 0.3". */
  readonly reason: string;
}

export interface BandVerdict {
  readonly metric: string;
  readonly band: Band;
  /** Sweep points judged. */
  readonly points: number;
  readonly failing: readonly PointFailure[];
  readonly holds: boolean;
}

export function judgeBands(runs: readonly BandRun[], bands: Readonly<Record<string, Band>>): BandVerdict[] {
  const byPoint = new Map<number, BandRun[]>();
  for (const run of runs) byPoint.set(run.key.point, [...(byPoint.get(run.key.point) ?? []), run]);
  const points = [...byPoint.keys()].sort((a, b) => a - b);
  return Object.entries(bands).map(([metric, band]) => {
    const failing = points.flatMap((point) => {
      const failure = judgePoint(byPoint.get(point)!, metric, band);
      return failure ? [{ point, ...failure }] : [];
    });
    return { metric, band, points: points.length, failing, holds: failing.length === 0 };
  });
}

function judgePoint(runs: readonly BandRun[], metric: string, band: Band): Omit<PointFailure, 'point'> | undefined {
  const n = runs.length;
  const failed = runs.filter((run) => run.status === 'failed').map((run) => run.id);
  if (failed.length > 0) return { runs: n, reason: `${failed.length === 1 ? 'run' : 'runs'} ${listed(failed)} failed` };
  const pending = runs.filter((run) => run.status === 'pending').length;
  if (pending > 0) return { runs: n, reason: `${pending} of ${n} runs not finished (resume the sweep)` };
  const silent = runs.filter((run) => !Number.isFinite(run.summary[metric])).map((run) => run.id);
  if (silent.length > 0) return { runs: n, reason: `not reported by ${silent.length === 1 ? 'run' : 'runs'} ${listed(silent)}` };
  const value = mean(runs.map((run) => run.summary[metric]!));
  const where = `mean ${readable(value)} over ${n} ${n === 1 ? 'seed' : 'seeds'}`;
  if (band.min !== undefined && value < band.min) return { mean: value, runs: n, reason: `${where} is below the band's min ${band.min}` };
  if (band.max !== undefined && value > band.max) return { mean: value, runs: n, reason: `${where} is above the band's max ${band.max}` };
  return undefined;
}

/** Up to three ids, then how many more. */
function listed(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

function readable(value: number): string {
  return String(Number(value.toPrecision(4)));
}
