// Small stand-ins for the scenario expander and the world, so the runner's own behaviour can be
// tested without depending on any model.
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { RunResult } from '../../sim/scenario/runResult.js';

export function fakeSpecs(points: number, replicates: number, scenario = 'fake'): RunSpec[] {
  const specs: RunSpec[] = [];
  for (let point = 0; point < points; point++) {
    for (let replicate = 0; replicate < replicates; replicate++) {
      const id = `p${String(point).padStart(4, '0')}-r${String(replicate).padStart(4, '0')}`;
      specs.push({ scenario, id, key: { point, replicate }, seed: `seed-${id}`, params: { model: 'fake', rate: point + 1 } });
    }
  }
  return specs;
}

/** A deterministic result whose numbers are simple functions of the key. */
export function fakeRun(spec: RunSpec): RunResult {
  const { point, replicate } = spec.key;
  return {
    scenario: spec.scenario,
    id: spec.id,
    key: spec.key,
    seed: spec.seed,
    status: 'ok',
    params: spec.params,
    summary: { level: point * 10 + replicate, half: (point + replicate) / 2 },
    series: { time: [0, 1, 2], columns: { queue: [point, replicate, point + replicate] } },
    invariants: { checks: 3, violations: [] },
    counters: { events: 100 + point },
  };
}
