// Byte-identity of every shipped scenario's outputs (shortened, see goldenRuns.ts) against the
// digests in golden.json. A failure names the scenario file and sweep point whose outputs changed;
// if the change is intended, `npm run golden:update` rewrites the file and the commit says why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../sim/runner/executeRun.js';
import { runModel } from '../../sim/models.js';
import { declaredMetrics } from '../../sim/scenario/metricNames.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { canonicalJson, GOLDEN_FILE, goldenRuns, resultDigest } from './goldenRuns.js';

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, string>;
const runs = goldenRuns();

describe('golden outputs of the shipped scenarios', () => {
  it('has a digest for every golden run, and no digest without its run', () => {
    expect(Object.keys(golden).sort()).toEqual(runs.map((r) => r.label).sort());
  });

  // The same run shows that every number it reports is declared (sim/metrics/catalog.ts) and lies
  // in the domain its declaration gives.
  it.each(runs.map((run) => [run.label, run] as const))('%s gives its golden outputs, each declared and in its domain', (label, run) => {
    const result = executeRun(run.spec, runModel);
    expect(resultDigest(result), `${label}: outputs differ from ${GOLDEN_FILE} (npm run golden:update if intended)`).toBe(golden[label]);
    expect(declarationProblems(result)).toEqual([]);
  });
});

function declarationProblems(result: RunResult): string[] {
  const catalog = declaredMetrics(result.params)!;
  const series = Object.keys(result.series.columns).filter((name) => catalog.declaration(name)?.kind !== 'series');
  return [...catalog.problems({ ...result.summary, ...result.counters }), ...series.map((name) => `${name}: not a declared series`)];
}

describe('declarationProblems', () => {
  it('names an undeclared metric, a NaN, a fraction outside [0, 1] and an undeclared series', () => {
    const run = runs.find((r) => r.spec.params['model'] === 'market')!;
    const result = executeRun(run.spec, runModel);
    expect(declarationProblems(result)).toEqual([]);
    const broken: RunResult = {
      ...result,
      summary: { ...result.summary, utilisation: 0.5, fill_rate: 1.2, 'utilization.mean': Number.NaN },
      series: { ...result.series, columns: { ...result.series.columns, queue: [] } },
    };
    expect(declarationProblems(broken)).toEqual([
      'fill_rate: 1.2 outside [0, 1] fraction',
      'utilization.mean: NaN',
      'utilisation: not declared',
      'queue: not a declared series',
    ]);
  });
});

describe('canonicalJson', () => {
  it('is blind to key order and keeps NaN and Infinity apart from null', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ x: Number.NaN, y: null, z: -Infinity })).toBe('{"x":"NaN","y":null,"z":"-Infinity"}');
  });
});
