// Every file under scenarios/ loads and expands, and each plays the role the issue gives it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRuns, formatProblem, loadScenario, type Scenario } from '../../sim/scenario/index.js';
import { baselineRuns, planSearch } from '../../sim/study/optimizeSearch.js';
import { PROPOSAL_MARKER } from '../../sim/study/proposalFile.js';
import { planSensitivity, sensitivityRuns } from '../../sim/study/sensitivityStudy.js';

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

/**
 * Proposal files `depin-lab optimize` writes (they start with its marker) are a study's outputs,
 * like its results: they are not pinned here nor kept in test/golden, but must still load, extend
 * the study they came from and guard its objectives (below).
 */
const written = (file: string): boolean => readFileSync(file, 'utf8').startsWith(PROPOSAL_MARKER);
const files = yamlFiles('scenarios').filter((file) => !written(file)).sort();
const writtenProposals = yamlFiles('scenarios').filter(written).sort();

/** Runs each shipped scenario expands to: sweep points × replicates, from the files as written. */
const RUN_COUNTS: Readonly<Record<string, number>> = {
  'scenarios/baseline.yaml': 8, // 1 point × 8 replicates
  'scenarios/contagion.yaml': 240, // 3 contagion models × 2 shock modes × 5 shock sizes × 8 replicates
  'scenarios/network-scale.yaml': 1, // one month of the large network (issue 17)
  'scenarios/posted-price.yaml': 8, // the baseline's 1 point × 8 replicates, in the posted-price market
  'scenarios/optimize-take-rate.yaml': 5, // no sweep points: 1 point × 5 replicates (the search's runs: STUDY_RUN_COUNTS)
  'scenarios/pricing.yaml': 192, // 3 market kinds × 16 Latin-hypercube samples × 4 replicates
  'scenarios/utilization.yaml': 90, // 5 arrival rates × 3 zipped (mtbf, mttr) pairs × 6 replicates
  'scenarios/proposals/lower-take-rate.yaml': 8, // the baseline's 1 point × 8 replicates
  'scenarios/sensitivity.yaml': 2, // no sweep points: 1 point × 2 replicates (the study's runs: STUDY_RUN_COUNTS)
  'scenarios/validation/conservation-intents.yaml': 1, // no sweep: 1 point × the default 1 replicate
  'scenarios/validation/conservation-leases.yaml': 1, // no sweep: 1 point × the default 1 replicate
  'scenarios/validation/mmc.yaml': 64, // 4 arrival rates × 16 replicates
  'scenarios/validation/posted-step.yaml': 8, // no sweep points: 1 point × 8 replicates (its search and grid run their own points)
};

/** Runs the shipped studies make: design points × paired seeds, from the files as written. */
const STUDY_RUN_COUNTS: Readonly<Record<string, number>> = {
  'scenarios/sensitivity.yaml': 144, // Morris: 8 trajectories × (8 parameters + 1) points × 2 seeds
  'scenarios/optimize-take-rate.yaml': 105, // (the baseline + 20 evaluations) × 5 seeds
};

function studyRuns(file: string): number {
  const scenario = load(file);
  const sensitivity = planSensitivity(scenario);
  if (sensitivity) return sensitivityRuns(scenario, sensitivity).length;
  const search = planSearch(scenario)!;
  return baselineRuns(scenario, search).length * (1 + search.evaluations);
}

describe('scenarios/', () => {
  it('pins a run count for every shipped scenario, and no other', () => {
    expect(files.map((file) => file.split('\\').join('/'))).toEqual(Object.keys(RUN_COUNTS).sort());
  });

  it.each(files)('%s loads and expands to its pinned number of runs', (file) => {
    const runs = expandRuns(load(file));
    expect(runs.length).toBe(RUN_COUNTS[file.split('\\').join('/')]);
  });

  it.each(Object.keys(STUDY_RUN_COUNTS))('%s is a study of the baseline making its pinned number of runs', (file) => {
    expect(readFileSync(file, 'utf8')).toMatch(/^extends: \.\/baseline\.yaml$/m);
    expect(studyRuns(file)).toBe(STUDY_RUN_COUNTS[file]);
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

  it('has governance proposals that extend the baseline (or a study of it), change it and guard metrics', () => {
    const proposals = [...files.filter((file) => file.startsWith(join('scenarios', 'proposals'))), ...writtenProposals];
    expect(proposals.length).toBeGreaterThanOrEqual(1);
    for (const file of proposals) {
      // Hand-written proposals extend the baseline; those `depin-lab optimize` writes extend the study it searched.
      const parent = /^extends: \.\.\/([\w-]+\.yaml)$/m.exec(readFileSync(file, 'utf8'))?.[1];
      expect(parent, file).toBeDefined();
      const parentFile = join('scenarios', parent!);
      if (parent !== 'baseline.yaml') expect(readFileSync(parentFile, 'utf8')).toMatch(/^extends: \.\/baseline\.yaml$/m);
      const proposal = load(file);
      expect(Object.keys(proposal.compare).length).toBeGreaterThan(0);
      const before = expandRuns(load(parentFile), { replicates: 1 })[0]!.params;
      const params = expandRuns(proposal, { replicates: 1 })[0]!.params;
      const differing = Object.keys(params).filter(
        (key) => !['name', 'compare'].includes(key) && JSON.stringify(params[key]) !== JSON.stringify(before[key]),
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
