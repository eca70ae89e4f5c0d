// Which file set each value of a merged scenario, so that a problem names the file to fix: a bad
// value inherited from the baseline is reported in the baseline, not in the proposal.
import type { Path } from './paths.js';

const SEPARATOR = '\u0000';
const keyOf = (path: Path) => path.map(String).join(SEPARATOR);

export class Provenance {
  private readonly origins = new Map<string, string>();

  constructor(private readonly fallback: string) {}

  /** `file` set the value at `path`; whatever earlier files set beneath it is gone. */
  record(path: Path, file: string): void {
    const key = keyOf(path);
    for (const existing of [...this.origins.keys()]) {
      if (existing === key || existing.startsWith(key + SEPARATOR)) this.origins.delete(existing);
    }
    this.origins.set(key, file);
  }

  /** The file of the nearest recorded value at or above `path`. */
  fileOf(path: Path): string {
    for (let length = path.length; length >= 1; length -= 1) {
      const file = this.origins.get(keyOf(path.slice(0, length)));
      if (file !== undefined) return file;
    }
    return this.fallback;
  }
}
