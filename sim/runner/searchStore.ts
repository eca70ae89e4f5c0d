// A search's results directory (`depin-lab optimize`), resumable like a sweep's:
//
//   results/<scenario>/<search id>/
//     search.json       the search's document (the optimiser's state and each batch's points),
//                       rewritten atomically after every batch
//     baseline/         the baseline's runs, a results directory of its own (store.ts)
//     batch-0000/ ...   each batch's runs, likewise
//
// Each part is an ordinary results directory, so `depin-lab report` reads any of them, and a part
// killed halfway resumes as a sweep does: only its missing runs run again.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSpec } from '../scenario/runSpec.js';
import { writeFileAtomic } from './atomicFile.js';
import type { Executor } from './executor.js';
import { readRunLines, ResultsStore, ResultsStoreError, type RunLine } from './store.js';
import { runSweep, type RunObserver } from './sweep.js';

const DOCUMENT = 'search.json';

export interface SearchStoreOptions {
  readonly packageVersion: string;
  /** Continue a search whose directory exists; without it an existing directory is an error. */
  readonly resume: boolean;
}

export class SearchStore {
  private constructor(
    readonly dir: string,
    private readonly packageVersion: string,
  ) {}

  static open(dir: string, options: SearchStoreOptions): SearchStore {
    if (existsSync(dir) && !options.resume) {
      throw new ResultsStoreError(`results already exist in ${dir}; pass --resume to continue them, or remove the directory`);
    }
    mkdirSync(dir, { recursive: true });
    return new SearchStore(dir, options.packageVersion);
  }

  /** The document saved last, or undefined before the first batch finished. */
  load(): unknown {
    const path = join(this.dir, DOCUMENT);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : undefined;
  }

  save(document: unknown): void {
    writeFileAtomic(join(this.dir, DOCUMENT), `${JSON.stringify(document, null, 2)}\n`);
  }

  /** Runs recorded in every part so far, and how many of them failed (for a progress line). */
  recorded(): { runs: number; failed: number } {
    const lines = this.parts().flatMap((part) => (existsSync(join(this.dir, part, 'runs.ndjson')) ? readRunLines(join(this.dir, part)) : []));
    return { runs: lines.length, failed: lines.filter((line) => line.status === 'failed').length };
  }

  /** Runs the specs of part `name` not yet recorded there, and returns every run of the part in spec order. */
  async run(name: string, specs: readonly RunSpec[], executor: Executor, observer?: RunObserver): Promise<RunLine[]> {
    const part = join(this.dir, name);
    const store = ResultsStore.open(part, specs, { packageVersion: this.packageVersion, resume: true });
    await runSweep(store, executor, observer);
    return readRunLines(part);
  }

  private parts(): string[] {
    return readdirSync(this.dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  }
}
