// The contagion rows on the notebook's small study (200 stakers, 10 operators, one seed), green as
// they are, and red with a bug planted in what each family checks: an attacker that ignores a
// service (rows b) and a shock that skips an operator (rows d).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MipSolver } from '../../sim/analysis/attackMip.js';
import * as search from '../../sim/analysis/restakingGraph.js';
import { SecurityMarket } from '../../sim/markets/security/securityMarket.js';
import { expandRuns, formatProblem, loadScenario } from '../../sim/scenario/index.js';
import { attackerRows, proRataRows, type ContagionStudy } from '../../sim/validation/contagionRows.js';
import { loadHighs } from '../../sim/validation/highs.js';
import type { WorldParams } from '../../sim/world/params.js';

vi.mock('../../sim/analysis/restakingGraph.js', async (original) => {
  const actual = await original<typeof search>();
  return { ...actual, cheapestValidAttack: vi.fn(actual.cheapestValidAttack) };
});

let solver: MipSolver;
let study: ContagionStudy;

beforeAll(async () => {
  solver = await loadHighs();
  const loaded = loadScenario('notebooks/scenarios/contagion-small.yaml');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const run = expandRuns(loaded.scenario, { replicates: 1 })[0]!;
  const params = run.params as unknown as WorldParams;
  // More to loot than the study's services (π 1000 instead of 600 each), so that after the shock
  // (the attacker's first look) most graphs have an attack and a planted bug has something to miss.
  study = { params: { ...params, services: { ...params.services, profitFromCorruption: 1000 } }, seeds: [run.seed] };
});

afterEach(() => vi.restoreAllMocks());

describe('contagion rows (b): the world attacker against HiGHS', () => {
  it('pass as the lab is, with attacks on most graphs', { timeout: 300_000 }, () => {
    const rows = attackerRows(study, solver, ['unique-stake', 'pooled', 'elastic']);
    expect(rows.every((r) => r.pass), rows.map((r) => `${r.name}: ${r.lab}`).join('\n')).toBe(true);
    // The comparison has teeth only if attacks happen: count them from the row's name.
    expect(Number(/, (\d+) with an attack/.exec(rows[0]!.name)?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('go red when the attacker ignores one service', { timeout: 300_000 }, async () => {
    const actual = await vi.importActual<typeof search>('../../sim/analysis/restakingGraph.js');
    vi.mocked(search.cheapestValidAttack).mockImplementation((graph, options) => {
      const [, ...services] = graph.services;
      const kept = new Set(services.map((s) => s.id));
      return actual.cheapestValidAttack({ ...graph, services, edges: graph.edges.filter(([s]) => kept.has(s)), allocations: graph.allocations?.filter((a) => kept.has(a.service)) }, options);
    });
    const rows = attackerRows(study, solver, ['unique-stake', 'pooled', 'elastic']);
    expect(rows.some((r) => !r.pass)).toBe(true);
  });
});

describe('contagion rows (d): a 5% pro-rata shock under each model', () => {
  it('pass as the lab is', { timeout: 300_000 }, () => {
    const rows = proRataRows(study);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.pass), rows.map((r) => `${r.name}: ${r.lab}`).join('\n')).toBe(true);
  });

  it('go red, under every model, when the shock skips one operator', { timeout: 300_000 }, () => {
    const slashAtRisk = SecurityMarket.prototype.slashAtRisk;
    vi.spyOn(SecurityMarket.prototype, 'slashAtRisk').mockImplementation(function (this: SecurityMarket, operator, wad, reason, done) {
      return reason === 'shock' && operator === 'operator:0' ? 0 : slashAtRisk.call(this, operator, wad, reason, done);
    });
    const exactRows = proRataRows(study).filter((r) => r.comparison === 'within');
    expect(exactRows).toHaveLength(3);
    expect(exactRows.every((r) => !r.pass)).toBe(true);
  });
});
