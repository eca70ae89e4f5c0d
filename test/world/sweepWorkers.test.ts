// A market sweep through the built command line gives the same bytes on one worker and on two:
// the world's results do not depend on which thread ran them or in what order they finished.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../runner/build.js';
import { directoryBytes } from '../runner/dirBytes.js';
import { cli } from '../runner/spawnCli.js';

let root: string;
beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'depin-market-sweep-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The one sweep directory under results root `out` (<out>/<scenario>/<sweep id>). */
function sweepDir(out: string): string {
  const [scenario] = readdirSync(out);
  const [id] = readdirSync(join(out, scenario!));
  return join(out, scenario!, id!);
}

describe('a market sweep', () => {
  it('writes byte-identical results directories with 1 and 2 workers', () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    const a = cli(['sweep', 'test/world/fixtures/market-sweep.yaml', '--workers', '1', '--quiet', '--out', one]);
    const b = cli(['sweep', 'test/world/fixtures/market-sweep.yaml', '--workers', '2', '--quiet', '--out', two]);
    expect([a.status, a.stderr]).toEqual([0, '']);
    expect([b.status, b.stderr]).toEqual([0, '']);
    expect(a.stdout).toBe(`4 runs (4 run now), 0 failed: ${sweepDir(one)}\n`);
    const files = directoryBytes(sweepDir(one));
    // manifest, runs.ndjson and one series file per run: 2 grid points x 2 replicates.
    expect(Object.keys(files)).toHaveLength(2 + 4);
    expect(directoryBytes(sweepDir(two))).toEqual(files);
  });
});
