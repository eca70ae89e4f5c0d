// The simulation must be a pure function of its scenario and seed: nothing under sim/ may read an
// unseeded random source or the wall clock. This scans the source text, so it catches a use in a
// code path that no other test happens to execute.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/\bMath\.random\b/, /\bDate\.now\b/, /\bperformance\.now\b/, /\bnew Date\(\s*\)/, /\bprocess\.hrtime\b/];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

export function findNondeterminism(root: string): string[] {
  const hits: string[] = [];
  for (const file of tsFiles(root)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const pattern of FORBIDDEN) {
        if (pattern.test(line)) hits.push(`${relative(process.cwd(), file)}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  return hits;
}

describe('determinism guard', () => {
  it('finds no unseeded randomness or wall clock under sim/', () => {
    expect(findNondeterminism('sim')).toEqual([]);
  });

  it('would catch a planted use', () => {
    const planted = 'test/fixtures/nondeterministic';
    const hits = findNondeterminism(planted);
    expect(hits.length).toBe(3);
  });
});
