// The fuzzer repairs a drawn value that breaks a rule across fields (sections/rules.ts); a repair
// that leaves a field outside its own bounds would make the fuzzer draw scenarios the schema
// rejects. The M/M/c queue's stability repair at the corners of its rates' bounds is the case that
// did: arrivals at the ceiling and service at the floor.
import { describe, expect, it } from 'vitest';
import { MMC_RULES } from '../../sim/scenario/sections/mmc.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';

function repairedQueue(queue: { lambda: number; mu: number; servers: number; customers: number; warmup: number }) {
  const copy = { ...queue };
  for (const rule of MMC_RULES) if (rule.check(copy) !== undefined) rule.repair(copy);
  return copy;
}

describe('the M/M/c rules repair within the fields bounds', () => {
  const corners = [
    { lambda: 1e9, mu: 1e-9, servers: 1, customers: 2, warmup: 5 },
    { lambda: 1e9, mu: 1e9, servers: 1, customers: 2, warmup: 0 },
    { lambda: 1e-9, mu: 1e-9, servers: 1, customers: 1, warmup: 1 },
    { lambda: 1e9, mu: 1e-9, servers: 100_000, customers: 10, warmup: 10 },
  ];
  it.each(corners)('lambda $lambda, mu $mu, servers $servers: the repaired queue is stable and valid', (corner) => {
    const queue = repairedQueue(corner);
    expect(MMC_RULES.map((rule) => rule.check(queue))).toEqual(MMC_RULES.map(() => undefined));
    const parsed = scenarioSchema.safeParse({ model: 'mmc', name: 'corner', ...queue });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([]);
  });
});
