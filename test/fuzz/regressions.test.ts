// Scenarios the fuzz campaign found crashing, kept as drawn (npm run fuzz -- --seed 2026, the
// scenario's index in the file name), each judged as the fuzzer judges: no crash, hang, invariant
// violation, NaN or difference on rerun. 77: an equivocation rate whose next gap overflows a double;
// 3362: a lease that ended in the block that made it, before the tenant's receipt; 4122: a staker's
// move whose delegation landed after its withdrawal had matured.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge } from './fuzzRun.js';

const DIR = 'test/fuzz/regressions';
const files = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();

describe('scenarios the fuzz campaign found', () => {
  it.each(files)('%s runs clean', (file) => {
    const scenario = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Record<string, unknown>;
    expect(judge(scenario)).toEqual([]);
  });
});
