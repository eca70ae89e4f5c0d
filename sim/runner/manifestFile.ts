// manifest.json while a sweep runs. It is written whole (atomically) when the sweep opens, with
// each run's status in a slot of fixed width; as a run finishes only its slot is overwritten, in
// place, so marking a run costs the same however many runs the sweep has, and after a kill at any
// instant the manifest gives every run whose status was marked that status. A write of a few bytes
// that lies inside one page of the file either happens whole or not at all when the process is
// killed, so no slot crosses a page boundary (spaces before it, which JSON ignores, push it onto
// the next page). The slot pads a short status with spaces, which JSON ignores too. When the sweep
// ends the manifest is written whole again, as JSON.stringify(manifest, null, 2) writes it.
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFileAtomic } from './atomicFile.js';

export type RunStatus = 'pending' | 'ok' | 'failed';

/** One run's entry as JSON.stringify(manifest, null, 2) writes it, split where its status goes. */
export interface RunText {
  readonly id: string;
  readonly before: string;
  readonly after: string;
}

/** Every status fits this many bytes with its quotes: `"pending"`. */
const SLOT_BYTES = Math.max(...(['pending', 'ok', 'failed'] as const).map((status) => JSON.stringify(status).length));
/** The smallest page size of the systems Node runs on; larger pages are multiples of it. */
const PAGE_BYTES = 4096;

export class ManifestFile {
  /** Byte offset of each run's status slot in the file as last written with slots. */
  private readonly slots = new Map<string, number>();
  private fd: number | undefined;

  /** `head`: the manifest's text up to its runs, ending with `"runs": [`. */
  constructor(
    private readonly path: string,
    private readonly head: string,
    private readonly runs: readonly RunText[],
  ) {}

  /** Writes the manifest whole, flushed to disk, with each run's status in a slot that `mark` overwrites. */
  open(statusOf: (id: string) => RunStatus): void {
    this.close();
    this.slots.clear();
    const parts = [this.head];
    let offset = Buffer.byteLength(this.head);
    this.runs.forEach((run, i) => {
      const before = `${i === 0 ? '\n    ' : ',\n    '}${run.before}`;
      offset += Buffer.byteLength(before);
      const inPage = offset % PAGE_BYTES;
      const shift = inPage + SLOT_BYTES > PAGE_BYTES ? PAGE_BYTES - inPage : 0;
      offset += shift;
      this.slots.set(run.id, offset);
      parts.push(before, ' '.repeat(shift), slot(statusOf(run.id)), run.after);
      offset += SLOT_BYTES + Buffer.byteLength(run.after);
    });
    parts.push(CLOSING);
    writeFileAtomic(this.path, parts.join(''));
    this.fd = openSync(this.path, 'r+');
  }

  /** Overwrites one run's status in place: one write of a few bytes, whatever the size of the manifest. */
  mark(id: string, status: RunStatus): void {
    const offset = this.slots.get(id);
    if (this.fd === undefined || offset === undefined) throw new Error(`the manifest has no open slot for run ${id}`);
    writeSync(this.fd, slot(status), offset);
  }

  /** Writes the manifest whole, flushed to disk, as JSON.stringify(manifest, null, 2) writes it; no slots stay open. */
  writeFinal(statusOf: (id: string) => RunStatus): void {
    this.close();
    const runs = this.runs.map((run) => `${run.before}${JSON.stringify(statusOf(run.id))}${run.after}`);
    writeFileAtomic(this.path, `${this.head}\n    ${runs.join(',\n    ')}${CLOSING}`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

const CLOSING = '\n  ]\n}\n';

function slot(status: RunStatus): string {
  return JSON.stringify(status).padEnd(SLOT_BYTES, ' ');
}
