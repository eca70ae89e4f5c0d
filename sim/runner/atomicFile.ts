// File writes that survive a kill at any instant: a reader sees the old file or the new one,
// never half of either, and an appended line is either whole or the last, torn, one. The writes a
// sweep makes after every run (a series file, a line) have versions that flush in the background
// (libuv's thread pool), so the thread that hands out runs never waits for the disk.
import { close, closeSync, fsync, fsyncSync, open, openSync, rename, renameSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const TEMP_MARKER = '.tmp-';

export function isTempFile(name: string): boolean {
  return name.includes(TEMP_MARKER);
}

function tempPath(path: string): string {
  return `${path}${TEMP_MARKER}${process.pid}`;
}

/** Writes to a temporary sibling, flushes it to disk, then renames it over `path`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = tempPath(path);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

const openInBackground = promisify(open);
const writeInBackground = promisify(write);
const fsyncInBackground = promisify(fsync);
const closeInBackground = promisify(close);
const renameInBackground = promisify(rename);

/** writeFileAtomic, with the writing and flushing done off this thread. */
export async function writeFileAtomicInBackground(path: string, data: Uint8Array): Promise<void> {
  const temp = tempPath(path);
  const fd = await openInBackground(temp, 'w');
  try {
    await writeInBackground(fd, data);
    await fsyncInBackground(fd);
  } finally {
    await closeInBackground(fd);
  }
  await renameInBackground(temp, path);
}

/** An append-only file of whole lines, each flushed to disk before its `append` resolves. */
export class LineAppender {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  /** One line; lines appended before this one resolved land in order, so append one at a time. */
  async append(line: string): Promise<void> {
    await writeInBackground(this.fd, Buffer.from(`${line}\n`));
    await fsyncInBackground(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
