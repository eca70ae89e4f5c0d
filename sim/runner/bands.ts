// Regression bands for `depin-lab check`: the mean of a summary metric over the scenario's runs
// must stay within [min, max]. The mean, not each run, so that a band can be set tight enough to
// catch a regression without tripping on one unlucky seed.
import type { RunResult } from '../scenario/runResult.js';
import { mean } from './compare.js';

export interface Band {
  readonly min?: number;
  readonly max?: number;
}

/** One readable reason per band that is broken (or cannot be evaluated); empty when all hold. */
export function checkBands(results: readonly RunResult[], bands: Readonly<Record<string, Band>>): string[] {
  const ok = results.filter((result) => result.status === 'ok');
  const reasons: string[] = [];
  for (const [metric, band] of Object.entries(bands)) {
    const values = ok.flatMap((result) => {
      const value = result.summary[metric];
      return typeof value === 'number' ? [value] : [];
    });
    if (values.length === 0) {
      reasons.push(`${metric}: no successful run reports a value of this metric`);
      continue;
    }
    const value = mean(values);
    const where = `${metric}: mean ${value} over ${values.length} runs`;
    if (band.min !== undefined && value < band.min) reasons.push(`${where} is below the band's min ${band.min}`);
    if (band.max !== undefined && value > band.max) reasons.push(`${where} is above the band's max ${band.max}`);
  }
  return reasons;
}
