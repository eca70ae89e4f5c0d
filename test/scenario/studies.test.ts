// The scenario side of studies (issue 18): quantities in the units a file writes, the sensitivity
// and optimize sections, their load-time checks, the parameter box, and paired design runs.
import { describe, expect, it } from 'vitest';
import { expandRuns, formatProblem } from '../../sim/scenario/index.js';
import { designRuns, DesignPointError, pairedSeed } from '../../sim/scenario/designRuns.js';
import { ParameterBox } from '../../sim/scenario/parameterBox.js';
import { formatQuantity, parseQuantity, quantityValue } from '../../sim/scenario/units.js';
import { loadText, scenarioFrom } from './helpers.js';

describe('parseQuantity', () => {
  it('keeps the amount in the unit written beside the SI value', () => {
    expect(parseQuantity(7)).toEqual({ ok: true, value: 7, amount: 7, unit: '' });
    expect(parseQuantity('20%')).toEqual({ ok: true, value: 0.2, amount: 20, unit: '%' });
    expect(parseQuantity('50/h')).toEqual({ ok: true, value: 50 / 3600, amount: 50, unit: '/h' });
    expect(parseQuantity('3/2h')).toEqual({ ok: true, value: 3 / 7200, amount: 1.5, unit: '/h' });
    expect(parseQuantity('30d')).toEqual({ ok: true, value: 30 * 86_400, amount: 30, unit: 'd' });
    // One part keeps its amount as written; parts add up in the first part's unit.
    expect(parseQuantity('0.1h')).toEqual({ ok: true, value: 360, amount: 0.1, unit: 'h' });
    expect(parseQuantity('1h30m')).toEqual({ ok: true, value: 5400, amount: 1.5, unit: 'h' });
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'x', '5', '%', '-3%', '10/fortnight', '3 days', -1]) expect(parseQuantity(bad).ok, String(bad)).toBe(false);
  });

  it('goes back to SI values and to text in the same unit', () => {
    expect(quantityValue(34.5, '/h')).toBe(34.5 / 3600);
    expect(quantityValue(12, 'h')).toBe(43_200);
    expect(quantityValue(20, '%')).toBe(0.2);
    expect(quantityValue(3, '')).toBe(3);
    expect(formatQuantity(34.5, '/h')).toBe('34.5/h');
  });
});

const MMC = 'model: mmc\nname: q\nlambda: 2/s\nmu: 1/s\nservers: 4\ncustomers: 1000\nwarmup: 100\n';

describe('the sensitivity and optimize sections', () => {
  it('read ranges in the units written, converting max to min\'s unit of the same kind', () => {
    const scenario = scenarioFrom(`${MMC}sensitivity:\n  parameters:\n    lambda: { min: 60/min, max: 2/s }\n    servers: { min: 4, max: 8, integer: true }\n  metrics: [meanWait]\n  morris: {}\n`);
    expect(scenario.sensitivity?.parameters).toEqual({
      lambda: { min: 60, max: 120, unit: '/min', scale: 'linear', integer: false },
      servers: { min: 4, max: 8, unit: '', scale: 'linear', integer: true },
    });
    expect(scenario.sensitivity?.morris).toEqual({ trajectories: 10, levels: 4 });
  });

  it('leave the runs alone: a sweep of the same file expands to the same specs without them', () => {
    const plain = expandRuns(scenarioFrom(MMC), { replicates: 2 });
    const withStudies = expandRuns(
      scenarioFrom(`${MMC}sensitivity:\n  parameters: { mu: { min: 1, max: 2 } }\n  metrics: [meanWait]\n  sobol: {}\noptimize:\n  parameters: { mu: { min: 1, max: 2 } }\n  objectives: { meanWait: minimize }\n`),
      { replicates: 2 },
    );
    expect(withStudies).toEqual(plain);
  });

  it.each([
    ['a range of two kinds', 'sensitivity:\n  parameters: { lambda: { min: 1/s, max: 2h } }\n  metrics: [meanWait]\n  morris: {}', 'sensitivity.parameters.lambda.max: expected a rate, as min is, found 2h'],
    ['an empty range', 'sensitivity:\n  parameters: { mu: { min: 2, max: 2 } }\n  metrics: [meanWait]\n  morris: {}', 'sensitivity.parameters.mu.max: expected max > min (a study needs a range to vary over), found 2'],
    ['no method', 'sensitivity:\n  parameters: { mu: { min: 1, max: 2 } }\n  metrics: [meanWait]', 'sensitivity: expected a morris or a sobol block (or both), found neither'],
    ['odd Morris levels', 'sensitivity:\n  parameters: { mu: { min: 1, max: 2 } }\n  metrics: [meanWait]\n  morris: { levels: 5 }', 'sensitivity.morris.levels: expected an even number of levels, found 5'],
    ['a path to no field', 'sensitivity:\n  parameters: { muu: { min: 1, max: 2 } }\n  metrics: [meanWait]\n  morris: {}', 'sensitivity.parameters.muu: unknown parameter path'],
    ['an end the field refuses', 'optimize:\n  parameters: { servers: { min: 0, max: 4, integer: true } }\n  objectives: { meanWait: minimize }', 'optimize.parameters.servers.min: expected an integer >= 1, found 0'],
    ['an integer field searched as a real', 'optimize:\n  parameters: { servers: { min: 3, max: 6 } }\n  objectives: { meanWait: minimize }', 'optimize.parameters.servers.integer: expected true, as servers takes whole numbers'],
    ['no objective', 'optimize:\n  parameters: { mu: { min: 1, max: 2 } }\n  objectives: {}', 'optimize.objectives: expected at least one metric to maximize or minimize'],
    ['a goal misspelt', 'optimize:\n  parameters: { mu: { min: 1, max: 2 } }\n  objectives: { meanWait: minimise }', 'optimize.objectives.meanWait: expected one of maximize, minimize, found "minimise" — did you mean "minimize"?'],
  ])('report %s as one problem line naming the field', (_case, section, expected) => {
    const result = loadText(`${MMC}${section}\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(formatProblem)).toHaveLength(1);
    expect(formatProblem(result.problems[0]!)).toContain(expected);
  });
});

describe('ParameterBox', () => {
  const box = new ParameterBox({
    'users.arrival.rate': { min: 10, max: 80, unit: '/h', scale: 'log', integer: false },
    servers: { min: 2, max: 9, unit: '', scale: 'linear', integer: true },
    share: { min: 5, max: 50, unit: '%', scale: 'linear', integer: false },
  });

  it('searches in the unit written, on the log of the amount for a log scale', () => {
    expect(box.bounds).toEqual([[Math.log(10), Math.log(80)], [2, 9], [5, 50]]);
  });

  it('maps a point to amounts (exponentiated, rounded) and to SI values by path', () => {
    const point = [Math.log(40), 3.6, 12.5];
    expect(box.amounts(point)).toEqual([Math.exp(Math.log(40)), 4, 12.5]);
    expect(box.assignment(point)).toEqual([
      ['users.arrival.rate', Math.exp(Math.log(40)) / 3600],
      ['servers', 4],
      ['share', 0.125],
    ]);
    expect(box.describe(2, 12.5)).toBe('12.5%');
  });
});

describe('designRuns', () => {
  const scenario = scenarioFrom(`${MMC}seed: paired\n`);

  it('runs replicate r of every point on the seed of the scenario\'s own run r', () => {
    const own = expandRuns(scenario, { replicates: 3 });
    const specs = designRuns(scenario, [[['mu', 1.5]], [['mu', 2]]], { replicates: 3, firstPoint: 1 });
    expect(specs.map((s) => s.id)).toEqual(['p0001-r0000', 'p0001-r0001', 'p0001-r0002', 'p0002-r0000', 'p0002-r0001', 'p0002-r0002']);
    expect(specs.map((s) => s.seed)).toEqual([...own, ...own].map((s) => s.seed));
    expect(pairedSeed(scenario, 2)).toBe(own[2]!.seed);
    expect(specs.map((s) => s.params['mu'])).toEqual([1.5, 1.5, 1.5, 2, 2, 2]);
  });

  it('gives the empty point exactly the params of the scenario\'s own runs', () => {
    expect(designRuns(scenario, [[]], { replicates: 2, firstPoint: 0 })).toEqual(expandRuns(scenario, { replicates: 2 }));
  });

  it('names a point the schema refuses', () => {
    // Each value alone is valid; together the queue is unstable (lambda >= servers * mu).
    expect(() => designRuns(scenario, [[['mu', 0.25]]], { replicates: 1, firstPoint: 4 })).toThrow(DesignPointError);
    expect(() => designRuns(scenario, [[['mu', 0.25]]], { replicates: 1, firstPoint: 4 })).toThrow('point 4 (mu=0.25) is not a valid scenario: lambda: expected lambda < servers * mu (a stable queue)');
  });
});
