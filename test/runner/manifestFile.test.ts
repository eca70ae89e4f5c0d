import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManifestFile, type RunStatus, type RunText } from '../../sim/runner/manifestFile.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'depin-manifest-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const PAGE = 4096;
const HEAD = '{\n  "sweep": "x",\n  "runs": [';

/** Runs whose entries differ in length (a padded parameter), so that their status slots fall everywhere in a page. */
function runTexts(count: number): RunText[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `r${i}`;
    const [before, after] = JSON.stringify({ id, status: '\u0000', params: { note: 'x'.repeat((i * 37) % 97) } }, null, 2)
      .replace(/\n/g, '\n    ')
      .split(JSON.stringify('\u0000')) as [string, string];
    return { id, before, after };
  });
}

/** How many status slots would cross a page boundary if each followed its entry's text directly. */
function slotsAcrossPagesUnmoved(runs: readonly RunText[]): number {
  let offset = Buffer.byteLength(HEAD);
  let across = 0;
  runs.forEach((run, i) => {
    offset += Buffer.byteLength(`${i === 0 ? '\n    ' : ',\n    '}${run.before}`);
    if ((offset % PAGE) + 9 > PAGE) across += 1;
    offset += 9 + Buffer.byteLength(run.after);
  });
  return across;
}

/** Byte offset of each run's status value in the file (after the spaces that may precede it). */
function statusOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  const key = Buffer.from('"status": ');
  for (let at = bytes.indexOf(key); at !== -1; at = bytes.indexOf(key, at + 1)) {
    let value = at + key.length;
    while (bytes[value] === 0x20) value += 1;
    offsets.push(value);
  }
  return offsets;
}

describe('ManifestFile', () => {
  it('marks each run in place, within one page, leaving valid JSON that tells every status marked', () => {
    const runs = runTexts(2000);
    expect(slotsAcrossPagesUnmoved(runs)).toBeGreaterThanOrEqual(3);
    const path = join(root, 'manifest.json');
    const file = new ManifestFile(path, HEAD, runs);
    const status = new Map<string, RunStatus>();
    file.open(() => 'pending');
    const size = readFileSync(path).length;
    const offsets = statusOffsets(readFileSync(path));
    expect(offsets).toHaveLength(runs.length);
    // No slot of `"pending"`'s 9 bytes crosses a page boundary, where a kill could tear it
    // (three of these entries would, were their slots not moved).
    for (const offset of offsets) expect(Math.floor(offset / PAGE)).toBe(Math.floor((offset + 8) / PAGE));

    runs.forEach((run, i) => {
      const next: RunStatus = i % 7 === 3 ? 'failed' : 'ok';
      file.mark(run.id, next);
      status.set(run.id, next);
      if (i % 100 === 0 || i === runs.length - 1) {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as { runs: { id: string; status: string }[] };
        expect(parsed.runs.map((r) => r.status)).toEqual(runs.map((r) => status.get(r.id) ?? 'pending'));
      }
    });
    expect(readFileSync(path).length).toBe(size);

    file.writeFinal((id) => status.get(id) ?? 'pending');
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(() => file.mark('r0', 'ok')).toThrow(/no open slot/);
  });

  it('reopens with the statuses it is given, as a resumed sweep does', () => {
    const runs = runTexts(5);
    const path = join(root, 'manifest.json');
    const file = new ManifestFile(path, HEAD, runs);
    file.open((id) => (id === 'r2' ? 'failed' : 'pending'));
    file.mark('r4', 'ok');
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { runs: { status: string }[] };
    expect(parsed.runs.map((r) => r.status)).toEqual(['pending', 'pending', 'failed', 'pending', 'ok']);
    file.close();
  });
});
