// Runs whose summary is a known function of the run's parameters and seed, so that a study's
// plumbing (designs, paired seeds, means over replicates, resuming) is tested against the
// estimators and the optimiser applied to the same function directly, without any model's cost.
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { InlineExecutor } from '../../sim/runner/inlineExecutor.js';
import { formatProblem, type Scenario } from '../../sim/scenario/index.js';
import { loadText } from '../scenario/helpers.js';

export type Summary = (params: Readonly<Record<string, number>>, seedNoise: number) => Record<string, number>;

/** A number in [-0.5, 0.5) fixed by the seed: what the seeds' common random numbers share. */
export function seedNoise(seed: string): number {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return (h % 1000) / 1000 - 0.5;
}

export function analyticRun(summary: Summary): (spec: RunSpec) => RunResult {
  return (spec) => {
    const values = summary(spec.params as Readonly<Record<string, number>>, seedNoise(spec.seed));
    // A summary with failed: 1 stands for a run that broke an invariant.
    const failed = values['failed'] === 1;
    return {
      scenario: spec.scenario,
      id: spec.id,
      key: spec.key,
      seed: spec.seed,
      status: failed ? 'failed' : 'ok',
      ...(failed ? { error: { name: 'InvariantViolation', message: 'planted' } } : {}),
      params: spec.params,
      summary: values,
      series: { time: [], columns: {} },
      invariants: { checks: 0, violations: [] },
      counters: {},
    };
  };
}

export function analyticExecutor(summary: Summary): InlineExecutor {
  return new InlineExecutor(analyticRun(summary));
}

/** An M/M/c scenario (its fields are only parameters here: nothing runs the queue) with a study section. */
export function studyScenario(section: string, extra = ''): Scenario {
  const loaded = loadText(`model: mmc\nname: analytic\nseed: study\nlambda: 1/s\nmu: 1/s\nservers: 4\ncustomers: 1000\nwarmup: 100\n${extra}${section}`);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return loaded.scenario;
}
