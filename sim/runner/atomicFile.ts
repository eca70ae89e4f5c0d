// File writes that survive a kill at any instant: a reader sees the old file or the new one,
// never half of either, and an appended line is either whole or the last, torn, one.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

const TEMP_MARKER = '.tmp-';

export function isTempFile(name: string): boolean {
  return name.includes(TEMP_MARKER);
}

/**
 * Writes to a temporary sibling, flushes it to disk, then renames it over `path`. Without
 * `durable` the flush is skipped: the rename still leaves a reader (and a killed process) the old
 * file or the new one, whole; only a crash of the machine itself could lose the new one.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, { durable = true } = {}): void {
  const temp = `${path}${TEMP_MARKER}${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** An append-only file of whole lines, each flushed to disk before `append` returns. */
export class LineAppender {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  append(line: string): void {
    writeSync(this.fd, `${line}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
