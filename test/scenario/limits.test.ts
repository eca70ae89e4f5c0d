// Every limit a run enforces is declared in the schema, and every rule across fields is tested
// both ways: a value just past it is rejected by the loader (the problem names the field), and the
// boundary value is accepted and runs to the end. The rules are enumerated from the schema itself
// (rulesOf on every node), so a new rule without a row here fails the first test.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runModel } from '../../sim/models.js';
import { executeRun } from '../../sim/runner/executeRun.js';
import { expandRuns, formatProblem, loadScenario } from '../../sim/scenario/index.js';
import { LONGEST_BLOCK_TIME } from '../../sim/scenario/sections/chain.js';
import { LEAST_GROUP_MTBF } from '../../sim/scenario/sections/providers.js';
import { rulesOf } from '../../sim/scenario/sections/rules.js';
import { scenarioSchema } from '../../sim/scenario/schema.js';

const MARKET = 'test/scenario/fixtures/tiny-market.yaml';
const MMC = 'test/scenario/fixtures/tiny-mmc.yaml';

interface Case {
  readonly file?: string;
  /** Overrides that break the rule, and the field path the problem names. */
  readonly rejected: readonly string[];
  readonly at: string;
  /** Overrides at the rule's boundary: accepted, and the run ends ok. */
  readonly boundary: readonly string[];
}

const POSTED = 'market.kind=posted-price';
const SETTLES = 'operators.allocationDelay=30m';
const INTENT = 'market.kind=intent-auction';
const TWO_MODELS = (cost: number | string) => `providers.gpuTypes=[{name: A, share: 0.5, costPerGpuHour: 1}, {name: B, share: 0.5, costPerGpuHour: ${cost}}]`;

/**
 * One row per rule, keyed by the rule's own words. The tiny market runs 2h on 12 s blocks: 600
 * blocks. Derived boundaries, worked out:
 * - restaking floor: withdrawalDelay 14d = 1,209,600 s = 100,800 blocks, so startBlock >= 100,801;
 * - uint32 ceiling: last block = start + 599, longest delay allocationConfigurationDelay 17.5d =
 *   126,000 blocks, furthest = start + 599 + 126,000 + 1 <= 4,294,967,295, so start <= 4,294,840,695;
 * - samples: at most 100,000 of 12 s in 1,200,000 s;
 * - equivocations: one a block is 31,536,000 / 12 = 2,628,000 a year;
 * - the largest transaction of the lease world is the security market's ContagionLedger.slash,
 *   320,000 gas;
 * - the exponential floor: B's floor is minPrice × cost_B / mean cost = 0.05 × 0.00001 / 0.500005,
 *   just below a micro-USD, which rounds to one; at cost 0 it is 0.
 */
const CASES: Readonly<Record<string, Case>> = {
  'duration is at least one block': { rejected: ['duration=11s'], at: 'duration', boundary: ['duration=12s'] },
  'metrics.sampleInterval is at least one block (the state a sample reads changes once a block)': {
    rejected: ['metrics.sampleInterval=11s'],
    at: 'metrics.sampleInterval',
    boundary: ['metrics.sampleInterval=12s'],
  },
  'invariants.interval is at least one block (invariants are checked after blocks)': {
    rejected: ['invariants.interval=11s'],
    at: 'invariants.interval',
    boundary: ['invariants.interval=12s'],
  },
  'providers.withdrawInterval is at least one block (each withdrawal is a transaction)': {
    rejected: ['providers.withdrawInterval=0'],
    at: 'providers.withdrawInterval',
    boundary: ['providers.withdrawInterval=12s'],
  },
  'market.leaseAuction.bidWindow is at least one block (a bid needs a block to land)': {
    rejected: ['market.leaseAuction.bidWindow=11s'],
    at: 'market.leaseAuction.bidWindow',
    boundary: ['market.leaseAuction.bidWindow=12s'],
  },
  'market.intentAuction.redeemWindow is at least one block (a redemption lands at least one block after its fill)': {
    rejected: [INTENT, 'market.intentAuction.redeemWindow=11s'],
    at: 'market.intentAuction.redeemWindow',
    boundary: [INTENT, 'market.intentAuction.redeemWindow=12s'],
  },
  'market.postedPrice.adjustInterval is at least one block (each adjustment is a transaction)': {
    rejected: [POSTED, 'market.postedPrice.adjustInterval=11s'],
    at: 'market.postedPrice.adjustInterval',
    boundary: [POSTED, 'market.postedPrice.adjustInterval=12s'],
  },
  'stakers.yieldChasing.checkInterval is 0 (off) or at least one block (a move is a transaction)': {
    rejected: ['stakers.yieldChasing.checkInterval=1ms'],
    at: 'stakers.yieldChasing.checkInterval',
    boundary: ['stakers.yieldChasing.checkInterval=12s'],
  },
  'attacker.checkInterval is 0 (off) or at least one block (an attack is a transaction)': {
    rejected: ['attacker.checkInterval=1ms'],
    at: 'attacker.checkInterval',
    boundary: ['attacker.enabled=true', 'security.contagion=pooled', 'attacker.checkInterval=12s'],
  },
  'services.slashing.downtimeGrace is at least one block (a downtime slash, one per grace period while an operator is down, is a transaction)': {
    rejected: ['services.slashing.downtimeGrace=0'],
    at: 'services.slashing.downtimeGrace',
    boundary: ['services.slashing.downtimeGrace=12s', 'providers.failures.mtbf=30m'],
  },
  'providers.failures.mtbf is 0 (off) or at least one block (outages are reported on chain)': {
    rejected: ['providers.failures.mtbf=11s'],
    at: 'providers.failures.mtbf',
    boundary: ['providers.failures.mtbf=12s'],
  },
  'providers.failures.groupMtbf is 0 (off) or at least 1h (a group is a site, whose outages are counted per year)': {
    rejected: ['providers.failures.groupMtbf=3599s'],
    at: 'providers.failures.groupMtbf',
    boundary: ['providers.failures.groupMtbf=1h'],
  },
  'operators.equivocationsPerYear is at most one a block on average': {
    rejected: ['operators.equivocationsPerYear=2628001'],
    at: 'operators.equivocationsPerYear',
    boundary: ['operators.equivocationsPerYear=2628000'],
  },
  'at most 100000 samples a run: duration / metrics.sampleInterval': {
    rejected: ['duration=1200012s', 'metrics.sampleInterval=12s'],
    at: 'metrics.sampleInterval',
    boundary: ['duration=1200000s', 'metrics.sampleInterval=12s', 'users.arrival.rate=0', 'stakers.yieldChasing.checkInterval=0'],
  },
  "chain.startBlock is above the restaking withdrawal delay in blocks (EigenLayer's slashing reads block - delay - 1)": {
    rejected: ['chain.startBlock=100800'],
    at: 'chain.startBlock',
    boundary: ['chain.startBlock=100801'],
  },
  'the last block plus the longest restaking delay fits uint32': {
    rejected: ['chain.startBlock=4294840696'],
    at: 'chain.startBlock',
    boundary: ['chain.startBlock=4294840695'],
  },
  'a block holds the largest transaction of the world': { rejected: ['chain.gasLimit=319999'], at: 'chain.gasLimit', boundary: ['chain.gasLimit=320000'] },
  'the gas target chain.gasLimit / chain.elasticity is at least 1': {
    rejected: ['chain.elasticity=30000001'],
    at: 'chain.elasticity',
    boundary: ['chain.elasticity=30000000'],
  },
  'chain.gas names methods the world prices': {
    rejected: ['chain.gas={Market.createBidd: 90000}'],
    at: 'chain.gas["Market.createBidd"]',
    boundary: ['chain.gas={Market.createBid: 90000}'],
  },
  "the exponential posted price's floor is at least one micro-USD for every GPU model": {
    rejected: [POSTED, 'market.postedPrice.curve=exponential', TWO_MODELS(0)],
    at: 'market.postedPrice.minPrice',
    boundary: [POSTED, 'market.postedPrice.curve=exponential', TWO_MODELS(0.00001)],
  },
  'the input decays upward: startPriceFactor <= endPriceFactor': {
    rejected: [INTENT, 'market.intentAuction.endPriceFactor=0.59'],
    at: 'market.intentAuction.endPriceFactor',
    boundary: [INTENT, 'market.intentAuction.endPriceFactor=0.6'],
  },
  'the price starts at or above its floor: minPrice <= initialPrice': {
    rejected: [POSTED, 'market.postedPrice.initialPrice=0.049'],
    at: 'market.postedPrice.initialPrice',
    boundary: [POSTED, 'market.postedPrice.initialPrice=0.05'],
  },
  'the price starts at or below its ceiling: initialPrice <= maxPrice': {
    rejected: [POSTED, 'market.postedPrice.maxPrice=1.99'],
    at: 'market.postedPrice.maxPrice',
    boundary: [POSTED, 'market.postedPrice.maxPrice=2'],
  },
  'max >= min': { rejected: ['users.job.gpus={min: 4, max: 3}'], at: 'users.job.gpus.max', boundary: ['users.job.gpus={min: 3, max: 3}'] },
  'the uniform cost range: min <= max': {
    rejected: ['providers.cost={distribution: uniform, min: 2, max: 1}'],
    at: 'providers.cost.max',
    boundary: ['providers.cost={distribution: uniform, min: 1, max: 1}'],
  },
  'each end of the uniform cost range is 0 or at least 0.000001 USD per GPU-hour': {
    rejected: ['providers.cost={distribution: uniform, min: 0, max: 0.00000099}'],
    at: 'providers.cost.max',
    boundary: ['providers.cost={distribution: uniform, min: 0, max: 0.000001}'],
  },
  'GPU type shares sum to 1': {
    rejected: ['providers.gpuTypes=[{name: A, share: 0.5, costPerGpuHour: 1}, {name: B, share: 0.4, costPerGpuHour: 1}]'],
    at: 'providers.gpuTypes',
    boundary: ['providers.gpuTypes=[{name: A, share: 0.5, costPerGpuHour: 1}, {name: B, share: 0.5, costPerGpuHour: 1}]'],
  },
  "each GPU model's share is 0 or at least 0.000001": {
    rejected: ['providers.gpuTypes=[{name: A, share: 0.9999995, costPerGpuHour: 1}, {name: B, share: 0.0000005, costPerGpuHour: 1}]'],
    at: 'providers.gpuTypes',
    boundary: ['providers.gpuTypes=[{name: A, share: 0.999999, costPerGpuHour: 1}, {name: B, share: 0.000001, costPerGpuHour: 1}]'],
  },
  "each GPU model's cost is 0 or at least 0.000001 USD per GPU-hour": {
    rejected: [TWO_MODELS(0.0000009)],
    at: 'providers.gpuTypes',
    boundary: [TWO_MODELS(0.000001)],
  },
  'each GPU model is named once': {
    rejected: ['providers.gpuTypes=[{name: A, share: 0.5, costPerGpuHour: 1}, {name: A, share: 0.5, costPerGpuHour: 2}]'],
    at: 'providers.gpuTypes',
    boundary: ['providers.gpuTypes=[{name: A, share: 0.5, costPerGpuHour: 1}, {name: a, share: 0.5, costPerGpuHour: 2}]'],
  },
  // The tiny market's stake settles at stakers.joinWindow 1h + operators.allocationDelay 30m = 90m.
  "a shock is the attacker's: attacker.enabled when attacker.shock.stakeFraction > 0": {
    rejected: [SETTLES, 'attacker.shock={at: 90m, stakeFraction: 0.05}'],
    at: 'attacker.enabled',
    boundary: [SETTLES, 'attacker={enabled: true, shock: {at: 90m, stakeFraction: 0.05}}'],
  },
  'a shock comes before the run ends: attacker.shock.at < duration': {
    rejected: [SETTLES, 'attacker={enabled: true, shock: {at: 2h, stakeFraction: 0.05}}'],
    at: 'attacker.shock.at',
    boundary: [SETTLES, 'attacker={enabled: true, shock: {at: 7188s, stakeFraction: 0.05}}'],
  },
  'a shock comes once the stake has settled: attacker.shock.at >= stakers.joinWindow + operators.allocationDelay': {
    rejected: [SETTLES, 'attacker={enabled: true, shock: {at: 5399s, stakeFraction: 0.05}}'],
    at: 'attacker.shock.at',
    boundary: [SETTLES, 'attacker={enabled: true, shock: {at: 5400s, stakeFraction: 0.05}}'],
  },
  'a stable queue: lambda < servers * mu': { file: MMC, rejected: ['lambda=3/s'], at: 'lambda', boundary: ['lambda=2.99/s'] },
  'warmup < customers: some customers are measured': { file: MMC, rejected: ['warmup=500'], at: 'warmup', boundary: ['warmup=499'] },
};

/**
 * Bounds of single fields that a run relies on (a division, a whole number, a resolution): the
 * value just outside is rejected, the bound itself runs.
 */
const BOUNDS: readonly (readonly [field: string, rejected: string, boundary: string, context?: readonly string[]])[] = [
  ['chain.blockTime', '0.5s', '1s'],
  ['market.intentAuction.decayWindow', '0', '1ms', [INTENT]],
  ['market.postedPrice.targetUtilization', '0.9999991', '0.999999', [POSTED]],
  ['market.postedPrice.step', '0.0000000009', '0.000000001', [POSTED]],
  ['operators.allocation.totalFraction', '0', '0.000001'],
  ['market.leaseAuction.minDeposit', '0.00000099', '0.000001'],
  ['market.leaseAuction.maxEmptyOrders', '0', '1'],
  ['market.leaseAuction.maxEmptyOrders', '1001', '1000'],
  ['market.leaseAuction.bidMinDeposit', '0.00000099', '0.000001'],
  ['users.budget.depositCover', '0', '0.001', [POSTED]],
  ['users.arrival.rate', '1.1/s', '1/s', ['duration=5m']],
  ['limits.maxWallTime', '0.5s', '1s'],
  ['providers.exit.checkInterval', '0.5s', '1s', ['duration=10m']],
];

/**
 * Values at the far edges the schema allows, found by the fuzzer: each runs to the end. A Poisson
 * rate so small that its next gap overflows a double is an event that never comes.
 */
const EDGES: readonly (readonly string[])[] = [
  ['operators.equivocationsPerYear=1e-310'],
  ['users.arrival.rate=1e-320'],
];

/** Every node of the schema that declares rules, walked as the fuzzer walks it. */
function declaredRules(schema: z.ZodType, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const children = [def['innerType'], def['in'], def['out'], def['element'], def['valueType'], ...((def['options'] as unknown[]) ?? []), ...Object.values((def['shape'] as object) ?? {})];
  return [...rulesOf(schema).map((r) => r.rule), ...children.filter((c): c is z.ZodType => c !== undefined).flatMap((c) => declaredRules(c, seen))];
}

function load(file: string, overrides: readonly string[]) {
  return loadScenario(file, { overrides: [...overrides] });
}

function runs(file: string, overrides: readonly string[]): string {
  const loaded = load(file, overrides);
  if (!loaded.ok) return loaded.problems.map(formatProblem).join('\n');
  const result = executeRun(expandRuns(loaded.scenario)[0]!, runModel);
  return result.status === 'ok' ? 'ok' : `${result.error?.name}: ${result.error?.message}`;
}

describe('limits declared in the schema', () => {
  it('every rule the schema declares has a row here, and every row a rule', () => {
    expect([...new Set(declaredRules(scenarioSchema))].sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s: rejected past it, with the field named; the boundary runs', (_rule, c) => {
    const file = c.file ?? MARKET;
    const rejected = load(file, c.rejected);
    expect(rejected.ok).toBe(false);
    if (!rejected.ok) expect(rejected.problems.map((p) => p.path)).toEqual([c.at]);
    expect(runs(file, c.boundary)).toBe('ok');
  });

  it("a group's floor of an hour is at least the longest block, so its outages need no one-block rule", () => {
    expect(LEAST_GROUP_MTBF).toBeGreaterThanOrEqual(LONGEST_BLOCK_TIME);
  });

  it.each(EDGES)('%s runs', (...overrides) => {
    expect(runs(MARKET, overrides)).toBe('ok');
  });

  it.each(BOUNDS)('%s: %s is rejected, %s runs', (field, rejected, boundary, context = []) => {
    const loaded = load(MARKET, [...context, `${field}=${rejected}`]);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems.map((p) => p.path)).toEqual([field]);
    expect(runs(MARKET, [...context, `${field}=${boundary}`])).toBe('ok');
  });
});
