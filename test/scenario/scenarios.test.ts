// Every file under scenarios/ loads and expands, and each plays the role the issue gives it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../../sim/scenario/index.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

function load(file: string): Scenario {
  const result = loadScenario(file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

const files = yamlFiles('scenarios').sort();

/** Runs each shipped scenario expands to: sweep points × replicates, from the files as written. */
const RUN_COUNTS: Readonly<Record<string, number>> = {
  'scenarios/baseline.yaml': 8, // 1 point × 8 replicates
  'scenarios/contagion.yaml': 240, // 3 contagion models × 2 shock modes × 5 shock sizes × 8 replicates
  'scenarios/network-scale.yaml': 1, // one month of the large network (issue 17)
  'scenarios/posted-price.yaml': 8, // the baseline's 1 point × 8 replicates, in the posted-price market
  'scenarios/pricing.yaml': 192, // 3 market kinds × 16 Latin-hypercube samples × 4 replicates
  'scenarios/utilization.yaml': 90, // 5 arrival rates × 3 zipped (mtbf, mttr) pairs × 6 replicates
  'scenarios/proposals/lower-take-rate.yaml': 8, // the baseline's 1 point × 8 replicates
  'scenarios/validation/conservation-intents.yaml': 1, // no sweep: 1 point × the default 1 replicate
  'scenarios/validation/conservation-leases.yaml': 1, // no sweep: 1 point × the default 1 replicate
  'scenarios/validation/mmc.yaml': 64, // 4 arrival rates × 16 replicates
};

describe('scenarios/', () => {
  it('pins a run count for every shipped scenario, and no other', () => {
    expect(files.map((file) => file.split('\\').join('/'))).toEqual(Object.keys(RUN_COUNTS).sort());
  });

  it.each(files)('%s loads and expands to its pinned number of runs', (file) => {
    const runs = expandRuns(load(file));
    expect(runs.length).toBe(RUN_COUNTS[file.split('\\').join('/')]);
  });

  it('has the baseline: a month of 200 providers and 5 services', () => {
    const baseline = load('scenarios/baseline.yaml');
    if (baseline.model !== 'market') throw new Error('baseline must be a market scenario');
    expect(baseline.duration).toBe(30 * 86_400);
    expect(baseline.providers.count).toBe(200);
    expect(baseline.services.count).toBe(5);
    expect(Object.keys(baseline.checks).length).toBeGreaterThan(0);
  });

  it.each(['contagion', 'pricing', 'utilization'])('has a %s study extending the baseline with a sweep', (study) => {
    const file = `scenarios/${study}.yaml`;
    expect(readFileSync(file, 'utf8')).toMatch(/^extends: \.\/baseline\.yaml$/m);
    const runs = expandRuns(load(file), { replicates: 1 });
    expect(runs.length).toBeGreaterThan(1);
    expect(load(file).name).toBe(study);
  });

  it('has governance proposals that extend the baseline, change it and guard metrics', () => {
    const proposals = files.filter((file) => file.startsWith(join('scenarios', 'proposals')));
    expect(proposals.length).toBeGreaterThanOrEqual(1);
    const baseline = expandRuns(load('scenarios/baseline.yaml'), { replicates: 1 })[0]!.params;
    for (const file of proposals) {
      expect(readFileSync(file, 'utf8')).toMatch(/^extends: \.\.\/baseline\.yaml$/m);
      const proposal = load(file);
      expect(Object.keys(proposal.compare).length).toBeGreaterThan(0);
      const params = expandRuns(proposal, { replicates: 1 })[0]!.params;
      const differing = Object.keys(params).filter(
        (key) => !['name', 'compare'].includes(key) && JSON.stringify(params[key]) !== JSON.stringify(baseline[key]),
      );
      expect(differing.length, file).toBeGreaterThan(0);
    }
  });

  it('has an M/M/c validation sweep over lambda, every point stable at rho <= 0.8', () => {
    const runs = expandRuns(load('scenarios/validation/mmc.yaml'), { replicates: 1 });
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) {
      const { model, lambda, mu, servers } = run.params as { model: string; lambda: number; mu: number; servers: number };
      expect(model).toBe('mmc');
      expect(lambda / (servers * mu)).toBeLessThanOrEqual(0.8);
    }
    expect(new Set(runs.map((run) => run.params['lambda'])).size).toBe(runs.length);
  });
});
