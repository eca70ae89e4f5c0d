// Which file set each value of a merged scenario, so that a problem names the file to fix: a bad
// value inherited from the baseline is reported in the baseline, not in the proposal. Kept as a
// tree of path segments, so recording and looking up cost the depth of the path, whatever the
// number of fields.
import type { Locator, Position } from './locate.js';
import type { Path } from './paths.js';

interface Origin {
  file?: string;
  readonly children: Map<string, Origin>;
}

/** Where a problem at a path is reported: the file, and the line and column in it when known. */
export interface Where extends Partial<Position> {
  readonly file: string;
}

export class Provenance {
  readonly #root: Origin = { children: new Map() };
  readonly #locators = new Map<string, Locator>();

  constructor(private readonly fallback: string) {}

  /** `file` set the value at `path`; whatever earlier files set beneath it is gone. */
  record(path: Path, file: string): void {
    let node = this.#root;
    for (const segment of path) {
      const key = String(segment);
      let child = node.children.get(key);
      if (child === undefined) node.children.set(key, (child = { children: new Map() }));
      node = child;
    }
    node.file = file;
    node.children.clear();
  }

  /** How to find paths in `file`'s text. */
  addLocator(file: string, locate: Locator): void {
    this.#locators.set(file, locate);
  }

  /** The file of the nearest recorded value at or above `path`. */
  fileOf(path: Path): string {
    let node: Origin | undefined = this.#root;
    let file = this.fallback;
    for (const segment of path) {
      node = node.children.get(String(segment));
      if (node === undefined) break;
      if (node.file !== undefined) file = node.file;
    }
    return file;
  }

  /** The file of the value at `path`, and its line and column there. */
  where(path: Path): Where {
    const file = this.fileOf(path);
    const position = this.#locators.get(file)?.(path);
    return position === undefined ? { file } : { file, ...position };
  }
}
