import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest, readRunLines, readRunSeries, ResultsStore, ResultsStoreError, sweepDirectory, sweepId } from '../../sim/runner/store.js';
import { fakeRun, fakeSpecs } from './fakeRuns.js';
import { directoryBytes } from './dirBytes.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'depin-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const specs = fakeSpecs(3, 4);
const open = (dir: string, resume = false) => ResultsStore.open(dir, specs, { packageVersion: '9.9.9', resume });

async function recordAll(dir: string, order: readonly number[]): Promise<void> {
  const store = open(dir);
  for (const i of order) await store.record(fakeRun(specs[i]!));
  await store.finalize();
}

describe('ResultsStore', () => {
  it('writes manifest, one line per run in spec order, and each series, whatever the completion order', async () => {
    const inOrder = join(root, 'a');
    const shuffled = join(root, 'b');
    await recordAll(inOrder, specs.map((_, i) => i));
    await recordAll(shuffled, [7, 2, 11, 0, 5, 9, 1, 3, 10, 4, 8, 6]);
    expect(directoryBytes(shuffled)).toEqual(directoryBytes(inOrder));

    expect(readRunLines(inOrder).map((line) => line.id)).toEqual(specs.map((spec) => spec.id));
    expect(readRunLines(inOrder)[5]).toMatchObject({ id: 'p0001-r0001', seed: 'seed-p0001-r0001', status: 'ok', summary: { level: 11, half: 1 } });
    const manifest = readManifest(inOrder);
    expect(manifest).toMatchObject({ scenario: 'fake', packageVersion: '9.9.9', sweep: sweepId(specs) });
    expect(manifest.runs[4]).toEqual({ id: 'p0001-r0000', key: { point: 1, replicate: 0 }, seed: 'seed-p0001-r0000', status: 'ok', params: { model: 'fake', rate: 2 } });
    expect(readRunSeries(inOrder, 'p0002-r0003')).toEqual({ time: [0, 1, 2], columns: { queue: [2, 3, 5] } });
  });

  it('names the directory after the scenario and a hash of the runs', () => {
    expect(sweepDirectory('results', specs)).toBe(join('results', 'fake', sweepId(specs)));
    expect(sweepId(specs)).toMatch(/^[0-9a-f]{12}$/);
    expect(sweepId(fakeSpecs(3, 5))).not.toBe(sweepId(specs));
  });

  it('refuses to overwrite an existing sweep unless resuming', async () => {
    const dir = join(root, 'sweep');
    await recordAll(dir, [0, 1]);
    expect(() => open(dir)).toThrow(ResultsStoreError);
    expect(() => ResultsStore.open(dir, fakeSpecs(2, 2), { packageVersion: '9.9.9', resume: true })).toThrow(/not [0-9a-f]{12}: the scenario or its options changed/);
  });

  it('resumes after a kill: keeps whole lines, drops a torn last line and stale temp files, runs only what is missing', async () => {
    const complete = join(root, 'complete');
    await recordAll(complete, specs.map((_, i) => i));

    const dir = join(root, 'interrupted');
    const first = open(dir);
    for (const i of [3, 0, 8, 1, 5]) await first.record(fakeRun(specs[i]!));
    await first.close(); // killed: no finalize
    const torn = JSON.stringify(fakeRun(specs[2]!)).slice(0, 40);
    appendFileSync(join(dir, 'runs.ndjson'), torn);
    writeFileSync(join(dir, 'series', 'p0000-r0002.arrow.tmp-4242'), 'half a file');
    // Each run's status was marked in the manifest after its line: the kill leaves it telling which runs finished.
    expect(readManifest(dir).runs.filter((run) => run.status !== 'pending').map((run) => run.id)).toEqual(
      [0, 1, 3, 5, 8].map((i) => specs[i]!.id),
    );

    const resumed = open(dir, true);
    expect(resumed.pending().map((spec) => spec.id)).toEqual(
      specs.filter((_, i) => ![3, 0, 8, 1, 5].includes(i)).map((spec) => spec.id),
    );
    expect(readFileSync(join(dir, 'runs.ndjson'), 'utf8').endsWith('}\n')).toBe(true);
    expect(readdirSync(join(dir, 'series'))).not.toContain('p0000-r0002.arrow.tmp-4242');
    for (const spec of resumed.pending().reverse()) await resumed.record(fakeRun(spec));
    await resumed.finalize();

    expect(directoryBytes(dir)).toEqual(directoryBytes(complete));
  });

  it('gives each finished run its status in the manifest as soon as it is recorded, and writes it as JSON.stringify would at the end', async () => {
    const dir = join(root, 'manifest');
    const store = open(dir);
    const path = join(dir, 'manifest.json');
    const size = readFileSync(path).length;
    await store.record(fakeRun(specs[4]!));
    expect(readManifest(dir).runs.map((run) => run.status)).toEqual(specs.map((_, i) => (i === 4 ? 'ok' : 'pending')));
    // Marked in place: the file is the same size, only the run's status moved.
    expect(readFileSync(path).length).toBe(size);
    await store.finalize();
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(readManifest(dir), null, 2)}\n`);
    expect(readManifest(dir).runs.map((run) => run.status)).toEqual(specs.map((_, i) => (i === 4 ? 'ok' : 'pending')));
  });

  it('writes overlapping records in the order they were recorded, and close waits for them all', async () => {
    // A run with a series writes its series file before its line; one without a series has nothing
    // to wait for. Recorded without awaiting, the second must still not overtake the first.
    const dir = join(root, 'overlapping');
    const store = open(dir);
    const failedRun = (i: number) => ({ ...fakeRun(specs[i]!), status: 'failed' as const, error: { name: 'Error', message: 'boom' }, series: { time: [], columns: {} } });
    const writes = [store.record(fakeRun(specs[6]!)), store.record(failedRun(1)), store.record(fakeRun(specs[3]!)), store.record(failedRun(9))];
    await store.close(); // not finalize: runs.ndjson keeps the order the lines were appended in
    await Promise.all(writes);
    expect(readFileSync(join(dir, 'runs.ndjson'), 'utf8').trimEnd().split('\n').map((text) => (JSON.parse(text) as { id: string }).id))
      .toEqual([specs[6]!.id, specs[1]!.id, specs[3]!.id, specs[9]!.id]);
  });

  it('rejects a record whose write failed and still writes the runs recorded after it', async () => {
    const dir = join(root, 'one-write-fails');
    const store = open(dir);
    // A directory where the run's series file should go makes that one write fail.
    mkdirSync(join(dir, 'series', `${specs[2]!.id}.arrow`));
    const failing = store.record(fakeRun(specs[2]!));
    const after = store.record(fakeRun(specs[5]!));
    await expect(failing).rejects.toThrow();
    await after;
    await store.finalize();
    expect(readRunLines(dir).map((line) => line.id)).toEqual([specs[5]!.id]);
    expect(readManifest(dir).runs.map((run) => run.status)).toEqual(specs.map((_, i) => (i === 5 ? 'ok' : 'pending')));
  });

  it('records a failed run with its seed and error', async () => {
    const dir = join(root, 'failing');
    const store = open(dir);
    await store.record({ ...fakeRun(specs[0]!), status: 'failed', error: { name: 'Error', message: 'boom' }, series: { time: [], columns: {} } });
    await store.finalize();
    expect(readRunLines(dir)[0]).toMatchObject({ id: 'p0000-r0000', seed: 'seed-p0000-r0000', status: 'failed', error: { name: 'Error', message: 'boom' } });
    expect(readManifest(dir).runs.map((run) => run.status)).toEqual(['failed', ...Array(11).fill('pending')]);
    expect(store.failed()).toEqual([{ id: 'p0000-r0000', seed: 'seed-p0000-r0000', error: 'Error: boom' }]);
    const reopened = open(dir, true);
    expect(reopened.failed()).toEqual(store.failed());
    await reopened.close();
    expect(readdirSync(join(dir, 'series'))).toEqual([]);
  });

  it('keeps the stack trace of a run that threw in its line of runs.ndjson', async () => {
    const dir = join(root, 'thrown');
    const store = open(dir);
    const stack = 'RangeError: boom\n    at Model.step (sim/world/x.ts:1:2)';
    await store.record({ ...fakeRun(specs[0]!), status: 'failed', error: { name: 'RangeError', message: 'boom', stack }, series: { time: [], columns: {} } });
    await store.finalize();
    expect(readRunLines(dir)[0]!.error).toEqual({ name: 'RangeError', message: 'boom', stack });
  });
});
