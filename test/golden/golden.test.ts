// Byte-identity of every shipped scenario's outputs (shortened, see goldenRuns.ts) against the
// digests in golden.json. A failure names the scenario file and sweep point whose outputs changed;
// if the change is intended, `npm run golden:update` rewrites the file and the commit says why.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GOLDEN_FILE, goldenRuns, runGolden } from './goldenRuns.js';

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, string>;
const runs = goldenRuns();

describe('golden outputs of the shipped scenarios', () => {
  it('has a digest for every golden run, and no digest without its run', () => {
    expect(Object.keys(golden).sort()).toEqual(runs.map((r) => r.label).sort());
  });

  it.each(runs.map((run) => [run.label, run] as const))('%s gives its golden outputs', (label, run) => {
    expect(runGolden(run), `${label}: outputs differ from ${GOLDEN_FILE} (npm run golden:update if intended)`).toBe(golden[label]);
  });
});

describe('canonicalJson', () => {
  it('is blind to key order and keeps NaN and Infinity apart from null', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { e: 0, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ x: Number.NaN, y: null, z: -Infinity })).toBe('{"x":"NaN","y":null,"z":"-Infinity"}');
  });
});
