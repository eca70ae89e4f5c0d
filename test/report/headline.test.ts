// The report's lead: the headline chart and the sentence saying what the runs show, from the
// per-point summaries and the scenario's `report:` section.
import { describe, expect, it } from 'vitest';
import { headlineChart, headlineRows, headlineSentence, type ReportSettings, type RunSummary } from '../../sim/report/headline.js';

const settings: ReportSettings = {
  title: 'Contagion',
  question: 'How much does a shock cost?',
  headline: ['lost', 'bound'],
  x: 'attacker.shock.stakeFraction',
  color: 'security.contagion',
};

// Four points: two models × two shock sizes; the bound sits above the loss except at point 3.
const params = [
  ['pooled', 0.05], ['pooled', 0.2], ['elastic', 0.05], ['elastic', 0.2],
].map(([model, psi]) => ({ security: { contagion: model }, attacker: { shock: { stakeFraction: psi } } }));
const summary = (point: number, metric: string, mean: number) => ({ point, label: `p${point}`, metric, mean, n: 3, ciLower: mean - 0.01, ciUpper: mean + 0.01 });
const byPoint = [
  summary(0, 'lost', 0.05), summary(1, 'lost', 0.6), summary(2, 'lost', 0.05), summary(3, 'lost', 0.3),
  summary(0, 'bound', 0.4), summary(1, 'bound', 1), summary(2, 'bound', 0.3), summary(3, 'bound', 0.25),
  summary(0, 'slashes', 7),
];
// The runs behind them: at each point a run with the bound above the loss, and at point 3 one below
// it and one with no bound at all (a graph with no slack at shock time).
const runs: RunSummary[] = [
  { summary: { lost: 0.05, bound: 0.4 } }, { summary: { lost: 0.6, bound: 1 } }, { summary: { lost: 0.05, bound: 0.3 } },
  { summary: { lost: 0.3, bound: 0.25 } }, { summary: { lost: 0.3 } }, { summary: { slashes: 7 } },
];

describe('the report headline', () => {
  const rows = headlineRows(byPoint, settings, params);

  it('keeps the headline metrics, each with the values of the parameters the report names', () => {
    expect(rows).toHaveLength(8);
    expect(rows[1]).toMatchObject({ metric: 'lost', 'attacker.shock.stakeFraction': 0.2, 'security.contagion': 'pooled' });
  });

  it('says how the first metric moves along x, where it is highest and lowest, and in how many runs the others lie above it', () => {
    expect(headlineSentence(rows, settings, runs)).toBe(
      'lost goes from 0.05 at stakeFraction = 0.05 to 0.45 at stakeFraction = 0.2 (mean over the points there); ' +
        'at stakeFraction = 0.2 it is highest under pooled (0.6) and lowest under elastic (0.3). ' +
        'bound is at or above lost in 3 of the 4 runs that report both; 1 of the 5 runs that report lost report no bound.',
    );
  });

  it('draws the metrics against x, coloured by the colour parameter, told apart by line style', () => {
    const spec = headlineChart(rows, settings) as unknown as { layer: { encoding: Record<string, { field?: string }> }[] };
    const line = spec.layer[1]!.encoding;
    expect(line['x']?.field).toBe('attacker\\.shock\\.stakeFraction');
    expect(line['color']?.field).toBe('security\\.contagion');
    expect(line['strokeDash']?.field).toBe('metric');
  });
});
