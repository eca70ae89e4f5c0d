// Reproduction rows for the sensitivity estimators and the optimiser (GitHub issue 18): Sobol'
// indices of the Ishigami function and of Sobol's g-function against their analytic values, Morris
// screening of the g-function against its known ranking and its analytic μ*, and the optimiser's
// success rate on Branin's function within a fixed budget of evaluations.
import { morris, sobolIndices, type SobolResult } from '../analysis/sensitivity.js';
import { gFunction, gFunctionIndices, gFunctionMorrisMuStar, ishigami, ishigamiIndices, ISHIGAMI_BOUNDS } from '../analysis/testFunctions.js';
import { normalQuantile } from '../analysis/normal.js';
import { searchBranin, type BraninSearch } from './braninSearch.js';
import { boundRow, exactRow, formatNumber, type ReproductionRow } from './rows.js';

const SECTION = '§6 sensitivity and search';
const ISHIGAMI_SOURCE = 'Ishigami & Homma 1990; indices in Saltelli et al., Global Sensitivity Analysis: The Primer (2008)';
const G_SOURCE = 'Sobol\'s g-function: Saltelli & Sobol\' 1995, Reliab. Eng. Syst. Saf. 50';
const MORRIS_SOURCE = 'Morris 1991; μ* of Campolongo, Cariboni & Saltelli 2007';
const BRANIN_SOURCE = 'Branin function (Dixon & Szegő 1978): minimum 10/(8π) = 0.397887 at three points';

/** Base rows of the Saltelli designs: the Ishigami study costs 2^14 · 5 = 81,920 evaluations. */
export const ISHIGAMI_ROWS = 2 ** 14;
/** The g-function study costs 2^13 · 10 = 81,920 evaluations. */
export const G_ROWS = 2 ** 13;
/** Two strong, two moderate and four negligible inputs. */
export const G_COEFFICIENTS = [0, 1, 4.5, 9, 99, 99, 99, 99];
/** Morris trajectories on the g-function: 20 · 9 = 180 evaluations. */
export const MORRIS_TRAJECTORIES = 20;
const RESAMPLES = 1000;

/**
 * The optimiser's budget on Branin: 40 evaluations in batches of 4, from 20 seeds. Success is a
 * recommendation whose true value is within 0.01 of the minimum without noise, and within 0.5 with
 * N(0, 1) noise added to every evaluation.
 */
export const BRANIN_BUDGET = { evaluations: 40, batchSize: 4, seeds: 20 } as const;
export const BRANIN_CASES = [
  { name: 'without noise', noiseSd: 0, tolerance: 0.01, needed: 17 },
  { name: 'with N(0, 1) noise on every evaluation', noiseSd: 1, tolerance: 0.5, needed: 15 },
] as const;
/**
 * How often the optimiser succeeds at this budget, by case, on 100 seeds other than the table's
 * (`npx tsx scripts/braninSuccess.ts 100 1000`, about a minute): 100 and 95 of 100. The thresholds
 * above are set so that a search whose success probability is at the one-sided 95% lower bound
 * from those counts falls short on 20 seeds with small probability (each row derives and prints
 * both), while the same budget without the model (the control row) is far below them.
 */
export const BRANIN_REFERENCE = { seeds: 100, successes: [100, 95] } as const;

export function sensitivityRows(level: number): ReproductionRow[] {
  return [...ishigamiRows(level), ...gFunctionRows(level), ...morrisRows(level), ...optimizerRows()];
}

export function ishigamiRows(level: number): ReproductionRow[] {
  const truth = ishigamiIndices(7, 0.1);
  const estimate = sobolIndices(ishigami(7, 0.1), ISHIGAMI_BOUNDS, { n: ISHIGAMI_ROWS, seed: 'reproduce-ishigami', level, resamples: RESAMPLES });
  const published = { S1: ['0.3139', '0.4424', '0'], ST: ['0.5576', '0.4424', '0.2437'] };
  return (['S1', 'ST'] as const).flatMap((kind) =>
    truth[kind].map((value, i) =>
      indexRow(
        { section: SECTION, name: `Ishigami (a = 7, b = 0.1): ${kind}${i + 1}`, source: ISHIGAMI_SOURCE, claim: `${published[kind][i]} (analytic ${formatNumber(value)})` },
        value,
        estimate,
        kind,
        i,
        `${ISHIGAMI_ROWS} base rows, ${estimate.evaluations} evaluations`,
      ),
    ),
  );
}

export function gFunctionRows(level: number): ReproductionRow[] {
  const truth = gFunctionIndices(G_COEFFICIENTS);
  const bounds = G_COEFFICIENTS.map(() => [0, 1] as [number, number]);
  const estimate = sobolIndices(gFunction(G_COEFFICIENTS), bounds, { n: G_ROWS, seed: 'reproduce-g-function', level, resamples: RESAMPLES });
  const shown = [0, 1, 2, 3, 4];
  return (['S1', 'ST'] as const).flatMap((kind) =>
    shown.map((i) =>
      indexRow(
        { section: SECTION, name: `g-function, a = (${G_COEFFICIENTS.join(', ')}): ${kind}${i + 1} (a = ${G_COEFFICIENTS[i]})`, source: G_SOURCE },
        truth[kind][i] as number,
        estimate,
        kind,
        i,
        `${G_ROWS} base rows, ${estimate.evaluations} evaluations`,
      ),
    ),
  );
}

/** The analytic index must lie in the estimate's bootstrap interval (before clamping to [0, 1]). */
function indexRow(head: { section: string; name: string; source: string; claim?: string }, value: number, estimate: SobolResult, kind: 'S1' | 'ST', i: number, design: string): ReproductionRow {
  const z = normalQuantile((1 + estimate.level) / 2);
  const standardError = (kind === 'S1' ? estimate.S1StandardError : estimate.STStandardError)[i] as number;
  return exactRow(
    head,
    value,
    estimate[kind][i] as number,
    z * standardError,
    `${formatLevel(estimate.level)} bootstrap interval: z = ${z.toFixed(3)} × s.e. over ${estimate.resamples} resamples of the base rows; Saltelli design on a digitally shifted Sobol' sequence, ${design}`,
  );
}

export function morrisRows(level: number): ReproductionRow[] {
  const bounds = G_COEFFICIENTS.map(() => [0, 1] as [number, number]);
  const screening = morris(gFunction(G_COEFFICIENTS), bounds, { r: MORRIS_TRAJECTORIES, seed: 'reproduce-morris', level, resamples: RESAMPLES });
  const influential = G_COEFFICIENTS.filter((a) => a < 99).length;
  // Inputs are numbered in order of increasing a, so the right ranking starts 0, 1, 2, 3.
  const inPlace = screening.ranking.slice(0, influential).filter((input, place) => input === place).length;
  const muStar = gFunctionMorrisMuStar(G_COEFFICIENTS, 0);
  const z = normalQuantile((1 + screening.level) / 2);
  return [
    exactRow(
      { section: SECTION, name: `Morris on the g-function (r = ${MORRIS_TRAJECTORIES}, 4 levels): how many of the top ${influential} places by μ* hold x1 … x${influential} in order of a`, source: MORRIS_SOURCE, claim: `${influential}: the influential inputs first, strongest first` },
      influential,
      inPlace,
      0,
      `exact count; ranking ${screening.ranking.map((i) => `x${i + 1}`).join(' > ')} from ${screening.evaluations} evaluations`,
    ),
    exactRow(
      { section: SECTION, name: `Morris on the g-function: μ* of x1 (a = 0)`, source: MORRIS_SOURCE, claim: `${formatNumber(muStar)} (analytic, 4 levels)` },
      muStar,
      screening.muStar[0] as number,
      z * (screening.muStarStandardError[0] as number),
      `${formatLevel(screening.level)} bootstrap interval: z = ${z.toFixed(3)} × s.e. over ${screening.resamples} resamples of the ${MORRIS_TRAJECTORIES} trajectories`,
    ),
  ];
}

export function optimizerRows(): ReproductionRow[] {
  return [...BRANIN_CASES.map((_, caseIndex) => braninRow(caseIndex)), braninControlRow()];
}

/** The share of seeds on which the search succeeds, against the case's threshold (fewer seeds: a quicker check of the same rule). */
export function braninRow(caseIndex: number, seeds: number = BRANIN_BUDGET.seeds): ReproductionRow {
  const { evaluations, batchSize } = BRANIN_BUDGET;
  const c = BRANIN_CASES[caseIndex]!;
  const successes = successCount({ budget: evaluations, batchSize, noiseSd: c.noiseSd }, c.tolerance, `reproduce-branin-${caseIndex}`, seeds);
  const measured = BRANIN_REFERENCE.successes[caseIndex] as number;
  const reference = successLowerBound(measured, BRANIN_REFERENCE.seeds, 0.95);
  // The most successes that still fail the row, and the chance of no more at p = reference.
  const allowed = Math.floor(threshold(c) * seeds + 1e-9);
  const shortfall = binomialCdf(allowed, seeds, reference);
  return boundRow(
    {
      section: SECTION,
      name: `Bayesian optimisation on Branin ${c.name}: share of ${seeds} seeds recommending a point within ${c.tolerance} of the minimum after ${evaluations} evaluations (batches of ${batchSize})`,
      source: BRANIN_SOURCE,
      claim: `> ${formatNumber(threshold(c))} (at least ${allowed + 1} of ${seeds})`,
    },
    'above',
    threshold(c),
    successes / seeds,
    `${measured} of ${BRANIN_REFERENCE.seeds} other seeds succeed, so p ≥ ${reference.toFixed(3)} (one-sided 95%); at that p the row fails with probability P(Bin(${seeds}, ${reference.toFixed(3)}) ≤ ${allowed}) = ${formatNumber(shortfall)}`,
  );
}

/** The share a Branin row must exceed: (needed − 1) of 20. */
function threshold(c: (typeof BRANIN_CASES)[number]): number {
  return (c.needed - 1) / 20;
}

/** The control: the same budget spent on a Latin hypercube, with the same recommendation rule. */
export function braninControlRow(seeds: number = BRANIN_BUDGET.seeds): ReproductionRow {
  const { evaluations, batchSize } = BRANIN_BUDGET;
  const first = BRANIN_CASES[0];
  const control = successCount({ budget: evaluations, batchSize, noiseSd: first.noiseSd, initialPoints: evaluations }, first.tolerance, 'reproduce-branin-0', seeds);
  return boundRow(
    {
      section: SECTION,
      name: `control: the same ${evaluations} evaluations on a Latin hypercube, no model-guided search, without noise (share of ${seeds} seeds within ${first.tolerance})`,
      source: BRANIN_SOURCE,
      claim: `< ${formatNumber(threshold(first))}: the row above needs the model`,
    },
    'below',
    threshold(first),
    control / seeds,
    'the optimiser with its whole budget in the initial Latin hypercube: same seeds, same recommendation rule, the model never chooses a point; it must stay below the threshold the search rows need',
  );
}

function successCount(search: Omit<BraninSearch, 'seed'>, tolerance: number, seedPrefix: string, seeds: number): number {
  let successes = 0;
  for (let s = 0; s < seeds; s++) {
    if (searchBranin({ ...search, seed: `${seedPrefix}-${s}` }).regret <= tolerance) successes++;
  }
  return successes;
}

/**
 * The one-sided lower confidence bound on a success probability from `successes` of `trials`
 * (Clopper-Pearson): the p at which P(X ≥ successes) = 1 − confidence, by bisection.
 */
export function successLowerBound(successes: number, trials: number, confidence: number): number {
  if (successes === 0) return 0;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 100; i++) {
    const p = (low + high) / 2;
    if (1 - binomialCdf(successes - 1, trials, p) < 1 - confidence) low = p;
    else high = p;
  }
  return (low + high) / 2;
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed exactly term by term. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n) return 1;
  let term = (1 - p) ** n;
  let sum = 0;
  for (let j = 0; j <= k; j++) {
    sum += term;
    term *= ((n - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.min(1, sum);
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(10))}%`;
}
