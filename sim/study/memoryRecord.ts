// A SearchRecord kept in memory, for a search that need not survive its process (the reproduction
// table's world case, tests): runs go to the executor, the document stays a JSON string.
import type { Executor } from '../runner/executor.js';
import { toRunLine } from '../runner/store.js';
import { runAll } from '../runner/sweep.js';
import type { SearchDocument, SearchRecord } from './optimizeSearch.js';

export function memoryRecord(executor: Executor): SearchRecord {
  let saved: string | undefined;
  return {
    load: () => (saved === undefined ? undefined : (JSON.parse(saved) as SearchDocument)),
    save: (document) => {
      saved = JSON.stringify(document);
    },
    run: async (_name, specs) => (await runAll(executor, specs)).map(toRunLine),
  };
}
