// The metric names of `checks`, `compare` and `report`, and the parameters `report` plots against,
// are checked against what the chosen model declares when the scenario loads: a typo is a problem
// with a suggestion, before anything runs.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../sim/scenario/index.js';
import { declaredMetrics } from '../../sim/scenario/metricNames.js';
import { loadText, scenarioFrom } from './helpers.js';

function problems(yaml: string): string[] {
  const result = loadText(yaml);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems.map((p) => formatProblem({ ...p, file: 'f' }));
}

const MMC = 'model: mmc\nlambda: 2/s\nmu: 1/s\nservers: 3\n';

describe('metric names', () => {
  it('accepts the names the market world and the M/M/c model declare', () => {
    expect(() => scenarioFrom('checks:\n  utilization.mean: { min: 0.1 }\n  fill_rate: { min: 0.5 }\ncompare:\n  provider_revenue_usd.last: { better: higher }\n')).not.toThrow();
    expect(() => scenarioFrom(`${MMC}checks:\n  utilization: { max: 0.9 }\n  meanWait: { max: 1 }\n`)).not.toThrow();
  });

  it('rejects a misspelt metric in checks, compare and report.headline, suggesting the nearest', () => {
    const lines = problems(
      'checks:\n  utilisation.mean: { min: 0.3 }\ncompare:\n  fil_rate: { better: higher }\n' +
        'report: { title: T, question: Q?, headline: [wait_mean], x: users.arrival.rate }\n',
    );
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^f: checks\["utilisation\.mean"\]: expected a summary metric the market world reports \(.*\), found "utilisation\.mean" — did you mean "utilization\.mean"\?$/);
    expect(lines[1]).toMatch(/^f: compare\.fil_rate: .* found "fil_rate" — did you mean "fill_rate"\?$/);
    expect(lines[2]).toMatch(/^f: report\.headline\[0\]: .* found "wait_mean" — did you mean "wait_mean_s"\?$/);
  });

  it("knows the M/M/c model's own names", () => {
    expect(problems(`${MMC}checks:\n  utilisation: { max: 0.9 }\n`)).toEqual([
      expect.stringMatching(/^f: checks\.utilisation: expected a summary metric the M\/M\/c model reports .* — did you mean "utilization"\?$/),
    ]);
  });

  it('requires a banded or guarded metric at every sweep point, naming the first point without it', () => {
    // Leases exist in the lease auction only: the intent-auction point has no active_leases.
    const yaml = 'checks:\n  active_leases.mean: { min: 1 }\nsweep:\n  grid:\n    market.kind: [lease-auction, intent-auction]\n';
    expect(problems(yaml)).toEqual([
      'f: checks["active_leases.mean"]: expected a metric every sweep point reports (it is judged at each point), ' +
        'found "active_leases.mean", missing at 1 of 2 points (first where market.kind="intent-auction")',
    ]);
    // A headline metric is drawn where it is reported.
    expect(() => scenarioFrom('report: { title: T, question: Q?, headline: [active_leases.mean], x: market.kind }\nsweep:\n  grid:\n    market.kind: [lease-auction, intent-auction]\n')).not.toThrow();
  });

  it('names the metrics of each GPU model and service, and the attacker only where it runs', () => {
    const catalog = declaredMetrics(scenarioFrom('market: { kind: posted-price }\nservices: { count: 2 }\n'))!;
    const names = catalog.summaryNames();
    expect(names).toEqual(expect.arrayContaining(['posted_price_usd:H100.mean', 'utilization:A100.mean', 'stake_allocated:service:1.min']));
    expect(names).not.toContain('stake_allocated:service:2.min');
    expect(names).not.toContain('lost_stake_fraction');
    const pooled = declaredMetrics(scenarioFrom('attacker: { enabled: true }\nsecurity: { contagion: pooled }\n'))!;
    expect(pooled.summaryNames()).toContain('lost_stake_fraction');
  });
});

describe('report parameters', () => {
  it('must name one parameter of the scenario, with a suggestion for a typo', () => {
    expect(problems('report: { title: T, question: Q?, headline: [fill_rate], x: users.arival.rate, facet: providers }\n')).toEqual([
      expect.stringMatching(/^f: report\.x: unknown parameter path \(users has .*\), found "users\.arival\.rate" — did you mean "users\.arrival\.rate"\?$/),
      'f: report.facet: expected the path of one parameter, not of a section, found "providers"',
    ]);
  });
});
