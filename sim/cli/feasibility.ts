// The feasibility note `validate` and `run` print before a posted-price study whose utilization
// target demand cannot reach (sim/world/feasibility.ts): a warning naming both numbers, never a
// rejection. One line for the whole sweep, however many runs it has.
import type { RunSpec } from '../scenario/runSpec.js';
import { postedTargetOutOfReach } from '../world/feasibility.js';
import type { WorldParams } from '../world/params.js';

export function feasibilityWarnings(file: string, specs: readonly RunSpec[]): string[] {
  const posted = specs.filter((s) => s.params['model'] === 'market' && (s.params as unknown as WorldParams).market.kind === 'posted-price');
  const out = posted.flatMap((s) => {
    const found = postedTargetOutOfReach(s.params as unknown as WorldParams);
    return found === undefined ? [] : [found];
  });
  if (out.length === 0) return [];
  const targets = out.map((o) => o.target);
  const shares = out.map((o) => o.load.share);
  const { gpuHoursPerHour, capacityGpus } = out[0]!.load;
  const sameLoad = shares.every((x) => x === shares[0]);
  const target = Math.min(...targets) === Math.max(...targets) ? fmt(targets[0]!) : `${fmt(Math.min(...targets))} to ${fmt(Math.max(...targets))}`;
  const load = sameLoad
    ? `the offered load ${fmt(shares[0]!)} (${fmt(gpuHoursPerHour)} GPU-hours per hour of demand over ${capacityGpus} GPUs)`
    : `offered loads of ${fmt(Math.min(...shares))} to ${fmt(Math.max(...shares))} (GPU-hours per hour of demand over GPUs)`;
  const runs = posted.length === 1 ? '' : ` in ${out.length} of ${posted.length} posted-price runs`;
  return [
    `warning: ${file}: market.postedPrice.targetUtilization ${target} exceeds ${load}${runs}: demand cannot keep that share busy, so the posted price falls until providers leave or it reaches its floor`,
  ];
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
