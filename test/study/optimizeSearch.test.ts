// A search's plumbing on functions with known answers: the objective's direction, failed runs and
// bands keep points out, a killed search resumes to the same document, recommendations are compared
// with the baseline as `depin-lab compare` compares them, and a misspelt metric is named.
import { describe, expect, it } from 'vitest';
import { recommend } from '../../sim/analysis/optimize.js';
import { compareSummaries } from '../../sim/runner/compare.js';
import { memoryRecord } from '../../sim/study/memoryRecord.js';
import { objectiveGuards, observation, planSearch, recommendPoints, runSearch, searchId, UnknownMetricError, type SearchDocument, type SearchPlan, type SearchRecord } from '../../sim/study/optimizeSearch.js';
import type { Scenario } from '../../sim/scenario/index.js';
import { analyticExecutor, studyScenario, type Summary } from './analyticRuns.js';

const search = (objectives: string, extra = '') => `optimize:
  parameters:
    mu: { min: 1, max: 2 }
    lambda: { min: 30/min, max: 90/min }
  objectives: { ${objectives} }
  evaluations: 16
  batch: 4
  replicates: 5
${extra}`;

/** Rises with mu, falls away from lambda = 1/s, with a little seed noise. */
const summary: Summary = (p, noise) => ({ gain: p['mu']! - (p['lambda']! - 1) ** 2 + 0.01 * noise, cost: p['mu']! * 10 });

async function searched(scenario: Scenario, f: Summary, record?: SearchRecord) {
  const plan = planSearch(scenario)!;
  const outcome = await runSearch(scenario, plan, record ?? memoryRecord(analyticExecutor(f)));
  return { plan, outcome, recommended: recommendPoints(scenario, plan, outcome) };
}

describe('a search', () => {
  it('goes the way each objective asks: mu up to maximize gain, down to minimize it', async () => {
    const up = await searched(studyScenario(search('gain: maximize')), summary);
    const down = await searched(studyScenario(search('gain: minimize')), summary);
    expect(up.recommended).toHaveLength(1);
    expect(up.recommended[0]!.amounts[0]).toBeGreaterThan(1.9);
    expect(down.recommended[0]!.amounts[0]).toBeLessThan(1.1);
    // 16 points and the baseline, on 5 paired seeds each.
    expect(up.outcome.runs).toBe((16 + 1) * 5);
    expect(up.outcome.document.batches.map((b) => b.length)).toEqual([4, 4, 4, 4]);
  });

  it('never recommends a point with a failed run, nor one whose band mean is outside its band', async () => {
    const failsHigh: Summary = (p, noise) => (p['mu']! > 1.6 ? { failed: 1 } : summary(p, noise));
    const { recommended, outcome } = await searched(studyScenario(search('gain: maximize')), failsHigh);
    expect(outcome.failedRuns).toBeGreaterThan(0);
    expect(recommended[0]!.amounts[0]).toBeLessThanOrEqual(1.6);
    const banded = await searched(studyScenario(search('gain: maximize', '  constraints: { cost: { max: 14 } }\n')), summary);
    expect(banded.recommended[0]!.amounts[0]).toBeLessThanOrEqual(1.4);
    expect(banded.recommended[0]!.constraints[0]).toMatchObject({ constraint: { metric: 'cost', max: 14, from: 'optimize.constraints' } });
    expect(banded.recommended[0]!.constraints[0]!.margin).toBeGreaterThanOrEqual(0);
  });

  it("takes the scenario's regression bands as constraints unless told not to", () => {
    // A band on a metric the M/M/c model declares (checks are checked against the model's metrics when the scenario loads).
    const checks = 'checks:\n  utilization: { min: 0.2 }\n';
    expect(planSearch(studyScenario(search('gain: maximize'), checks))!.constraints).toEqual([{ metric: 'utilization', from: 'checks', min: 0.2 }]);
    expect(planSearch(studyScenario(search('gain: maximize', '  bands: false\n'), checks))!.constraints).toEqual([]);
  });

  it('resumes a search killed in the middle of a batch to the same document as one never killed', async () => {
    const scenario = studyScenario(search('gain: maximize, cost: minimize'));
    const whole = await searched(scenario, summary);
    // The kill comes while the third batch runs: its runs and the document after it are lost.
    const inner = memoryRecord(analyticExecutor(summary));
    let parts = 0;
    const killed: SearchRecord = { ...inner, run: async (name, specs) => (++parts === 4 ? Promise.reject(new Error('killed')) : inner.run(name, specs)) };
    await expect(runSearch(scenario, planSearch(scenario)!, killed)).rejects.toThrow('killed');
    expect((inner.load() as SearchDocument).batches).toHaveLength(2);
    const resumed = await searched(scenario, summary, inner);
    expect(resumed.outcome.document).toEqual(whole.outcome.document);
    expect(resumed.recommended).toEqual(whole.recommended);
    expect(whole.recommended.length).toBeGreaterThan(1);
  });

  it('compares each recommendation with the baseline on the paired seeds, as compare does', async () => {
    const scenario = studyScenario(search('gain: maximize'));
    const { plan, outcome, recommended } = await searched(scenario, summary);
    const point = recommended[0]!;
    const runs = [...outcome.pointRuns.get(JSON.stringify(point.point))!].sort((a, b) => a.key.replicate - b.key.replicate);
    const expected = compareSummaries(outcome.baseline.map((r) => r.summary), runs.map((r) => r.summary), objectiveGuards(plan), scenario.seed);
    expect(point.comparisons).toEqual(expected.filter((c) => c.metric === 'gain'));
    expect(point.comparisons[0]!.verdict).toBe('better');
    expect(point.guards).toEqual({ gain: { better: 'higher', threshold: 0 } });
  });

  it('offers one proposal per distinct market: points whose runs report the same, seed by seed, are one', async () => {
    // Only the number of servers matters; mu changes nothing the runs report.
    const scenario = studyScenario(`optimize:
  parameters:
    servers: { min: 4, max: 6, integer: true }
    mu: { min: 1, max: 2 }
  objectives: { gain: maximize, cost: minimize }
  evaluations: 12
  batch: 4
  replicates: 2
`);
    const byServers: Summary = (p, noise) => ({ gain: p['servers']! + 0.01 * noise, cost: 10 * p['servers']! });
    const { outcome, recommended } = await searched(scenario, byServers);
    const front = recommend(outcome.document.optimizer);
    expect(front.length).toBeGreaterThan(recommended.length);
    const servers = recommended.map((r) => r.amounts[0]);
    expect(new Set(servers).size).toBe(servers.length);
    expect(recommended.map((r) => r.rank)).toEqual(recommended.map((_, i) => i + 1));
  });

  it('names the metrics no run reports, with those they do', async () => {
    const scenario = studyScenario(search('gian: maximize', '  constraints: { cost: { max: 20 } }\n'));
    const error = await runSearch(scenario, planSearch(scenario)!, memoryRecord(analyticExecutor(summary))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMetricError);
    expect(error).toMatchObject({ metrics: ['gian'], reported: ['cost', 'gain'] });
  });
});

describe('searchId', () => {
  it('ignores the budget, so a larger one continues the search, and changes with what the search runs', () => {
    const scenario = studyScenario(search('gain: maximize'));
    const id = searchId(scenario, planSearch(scenario)!);
    expect(searchId(scenario, planSearch(scenario, { evaluations: 40 })!)).toBe(id);
    expect(searchId(scenario, planSearch(scenario, { batch: 2 })!)).not.toBe(id);
    expect(searchId(studyScenario(search('gain: minimize')), planSearch(studyScenario(search('gain: minimize')))!)).not.toBe(id);
  });
});

describe('observation', () => {
  const plan = { objectives: [{ metric: 'gain', goal: 'maximize' }], constraints: [{ metric: 'cost', from: 'checks', max: 1 }] } as unknown as SearchPlan;
  const run = (status: 'ok' | 'failed', summary: Record<string, number>) => ({ id: 'p0001-r0000', key: { point: 1, replicate: 0 }, seed: 's', status, summary });

  it('tells a failed run as failed, and a missing or non-finite value as none', () => {
    expect(observation(plan, run('failed', { gain: 1, cost: 0 }))).toEqual({ objectives: null, constraints: null, failed: true });
    expect(observation(plan, run('ok', { gain: 1, cost: 0 }))).toEqual({ objectives: [1], constraints: [0] });
    expect(observation(plan, run('ok', { gain: Number.NaN, cost: 0 }))).toEqual({ objectives: null, constraints: [0] });
    expect(observation(plan, run('ok', { gain: 2 }))).toEqual({ objectives: [2], constraints: null });
  });
});
