// The fuzzer in CI, in two parts (two test files, so that vitest runs them on both cores): each part
// draws 150 random valid scenarios from the schema and runs each twice at its tiny size; none may
// crash, hang, break an invariant, report NaN or a fraction outside [0, 1], or differ on rerun. A
// part's seed is its number, so a failure replays exactly: npm run fuzz -- --seed <part> --runs 150
// finds it again and shrinks it to a minimal scenario file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from './fuzzRun.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';

export const SCENARIOS_PER_PART = 150;

export function describeFuzzPart(part: number): void {
  describe(`fuzzer, part ${part} (seed ${part})`, () => {
    it(`runs ${SCENARIOS_PER_PART} random valid scenarios without a crash, hang, invariant violation, NaN or difference on rerun`, () => {
      fc.assert(
        fc.property(scenarioArbitrary(), (scenario) => {
          expect(judge(scenario)).toEqual([]);
        }),
        { seed: part, numRuns: SCENARIOS_PER_PART, endOnFailure: true },
      );
    }, 300_000);
  });
}
