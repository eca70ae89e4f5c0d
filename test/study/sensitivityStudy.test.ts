// A sensitivity study's plumbing against the estimators applied to the same function directly:
// design points in order, SI values by path, means over the paired replicates, failed runs skipped.
import { describe, expect, it } from 'vitest';
import { morrisFromEvaluations, sobolFromEvaluations } from '../../sim/analysis/sensitivity.js';
import { pairedSeed } from '../../sim/scenario/designRuns.js';
import { runAll } from '../../sim/runner/sweep.js';
import { toRunLine } from '../../sim/runner/store.js';
import { analyseSensitivity, designPoints, explainMetric, planSensitivity, sensitivityRuns, type MetricSensitivity } from '../../sim/study/sensitivityStudy.js';
import { analyticExecutor, seedNoise, studyScenario, type Summary } from './analyticRuns.js';

const SECTION = `sensitivity:
  parameters:
    lambda: { min: 30/min, max: 90/min }
    mu: { min: 1, max: 2 }
  metrics: [response, flat]
  morris: { trajectories: 6 }
  sobol: { baseRows: 32 }
  replicates: 3
`;

/** The response in SI values: mu matters linearly, lambda quadratically, the seed a little. */
const response = (lambda: number, mu: number, noise: number) => 3 * (mu - 1) + 4 * (lambda - 1) ** 2 + 0.1 * noise;
const summary: Summary = (p, noise) => ({ response: response(p['lambda']!, p['mu']!, noise), flat: 7 });

describe('a sensitivity study', () => {
  const scenario = studyScenario(SECTION);
  const plan = planSensitivity(scenario)!;

  it('runs the Morris design, then the Saltelli design, each point on the paired seeds', () => {
    const specs = sensitivityRuns(scenario, plan);
    const points = designPoints(plan);
    expect(points).toHaveLength(6 * 3 + 32 * 4);
    expect(specs).toHaveLength(points.length * 3);
    // Point 7's runs carry its coordinates as SI values (per minute to per second), on the paired seeds.
    const seventh = specs.filter((s) => s.key.point === 7);
    expect(seventh.map((s) => s.params['lambda'])).toEqual([0, 1, 2].map(() => points[7]![0]! / 60));
    expect(seventh.map((s) => s.params['mu'])).toEqual([0, 1, 2].map(() => points[7]![1]));
    expect(seventh.map((s) => s.seed)).toEqual([0, 1, 2].map((r) => pairedSeed(scenario, r)));
  });

  it('gives the estimators\' own answer on the mean over replicates of the function', async () => {
    const runs = (await runAll(analyticExecutor(summary), sensitivityRuns(scenario, plan))).map(toRunLine);
    // Completion order does not matter: analyse the runs reversed.
    const analysis = analyseSensitivity(plan, [...runs].reverse());
    const direct = designPoints(plan).map(([perMinute, mu]) => [0, 1, 2].reduce((sum, r) => sum + response(perMinute! / 60, mu!, seedNoise(pairedSeed(scenario, r))), 0) / 3);
    const morrisPoints = plan.morris!.points.length;
    const metric = analysis.metrics[0]!;
    expect(metric.morris).toEqual(morrisFromEvaluations(plan.morris!, direct.slice(0, morrisPoints)));
    expect(metric.sobol).toEqual(sobolFromEvaluations(plan.sobol!, direct.slice(morrisPoints)));
    // mu explains nearly all of it: over the box, 3(mu − 1) varies by 3, 4(lambda − 1)² by 1.
    expect(metric.ranking).toEqual([1, 0]);
    expect(analysis.metrics[1]!.problem).toMatch(/^flat does not vary over the design/);
    expect(analysis).toMatchObject({ runs: runs.length, failedRuns: 0 });
  });

  it('skips failed runs in a point\'s mean, and names a metric that a whole point lacks', async () => {
    const points = designPoints(plan);
    const last = points.length - 1;
    const isLast = (p: Readonly<Record<string, number>>) => p['lambda'] === points[last]![0]! / 60 && p['mu'] === points[last]![1];
    const failingAtOnePoint: Summary = (p, noise) => (isLast(p) ? { failed: 1 } : summary(p, noise));
    const runs = (await runAll(analyticExecutor(failingAtOnePoint), sensitivityRuns(scenario, plan))).map(toRunLine);
    const analysis = analyseSensitivity(plan, runs);
    expect(analysis.failedRuns).toBe(3);
    expect(analysis.metrics[0]!.problem).toBe(`1 of 146 design points have no successful run reporting a finite response (the first is point ${last})`);
    // One failed replicate of three: the point's value is the mean of the other two.
    const oneFails: Summary = (p, noise) => (noise === seedNoise(pairedSeed(scenario, 1)) ? { failed: 1 } : summary(p, noise));
    const partial = analyseSensitivity(plan, (await runAll(analyticExecutor(oneFails), sensitivityRuns(scenario, plan))).map(toRunLine));
    const twoSeeds = designPoints(plan).map(([perMinute, mu]) => [0, 2].reduce((sum, r) => sum + response(perMinute! / 60, mu!, seedNoise(pairedSeed(scenario, r))), 0) / 2);
    expect(partial.metrics[0]!.sobol).toEqual(sobolFromEvaluations(plan.sobol!, twoSeeds.slice(plan.morris!.points.length)));
  });
});

describe('explainMetric', () => {
  const names = ['a', 'b', 'c'];
  const sobol = (S1: number[], ST: number[]) => ({ S1, ST, S1Interval: S1.map((s) => [Math.max(0, s - 0.05), s + 0.05]), STInterval: ST.map((s) => [s, s]) });
  const metric = (partial: Partial<MetricSensitivity> & { ranking: number[] }) => ({ metric: 'm', ...partial }) as MetricSensitivity;

  it('names the fewest parameters whose first-order indices pass half the variance', () => {
    const one = metric({ ranking: [1, 0, 2], sobol: sobol([0.2, 0.6, 0.1], [0.3, 0.65, 0.1]) as never });
    expect(explainMetric(one, names)).toBe('b explains most of the variance of m on its own (first-order index 0.60 [0.55, 0.65], 95% intervals).');
    const two = metric({ ranking: [0, 1, 2], sobol: sobol([0.3, 0.25, 0.1], [0.4, 0.3, 0.2]) as never });
    expect(explainMetric(two, names)).toBe('a and b explain most of the variance of m on their own (first-order indices 0.30 [0.25, 0.35], 0.25 [0.20, 0.30], 95% intervals).');
  });

  it('says when interactions carry most of the variance', () => {
    const interacting = metric({ ranking: [2, 0, 1], sobol: sobol([0.1, 0.05, 0.2], [0.6, 0.3, 0.8]) as never });
    expect(explainMetric(interacting, names)).toBe('No parameter alone explains most of the variance of m (first-order indices add to 0.35): interactions carry the rest; the largest total indices are c (0.80) and a (0.60).');
  });

  it('ranks by μ* without claiming a share of variance when only Morris ran', () => {
    const screened = metric({ ranking: [0, 2, 1], morris: { muStar: [2, 0.1, 0.5] } as never });
    expect(explainMetric(screened, names)).toBe(
      "Morris screening ranks a (μ* 2) and c (μ* 0.5) as moving m most, in m's units per whole range; the other 1 have μ* under a tenth of the largest (elementary effects rank influence; Sobol' indices would split the variance).",
    );
  });
});
