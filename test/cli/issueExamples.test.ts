// The examples of issue 13, each one either rejected by `validate` (exit 2, one line naming the
// field, no stack trace) or run to exit 0 with a sane summary (no NaN, no fraction outside
// [0, 1]). Runs go through the command line's own main(), on the baseline shortened to the hours
// that show the example (the congestion of a start, a sample interval longer than the run).
import { describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.js';
import type { RunResult } from '../../sim/scenario/runResult.js';
import { judgeResult } from '../fuzz/fuzzRun.js';

function io() {
  const captured = {
    out: '',
    err: '',
    stdout: { write: (text: string) => (captured.out += text) },
    stderr: { isTTY: false, write: (text: string) => (captured.err += text) },
    now: () => 0,
    env: {},
  };
  return captured;
}

const BASELINE = 'scenarios/baseline.yaml';
const MMC = 'scenarios/validation/mmc.yaml';

/** [the example, the file, its overrides, the field the one problem line names] */
const REJECTED: readonly (readonly [string, string, readonly string[], string])[] = [
  ['chain.blockTime: 0', BASELINE, ['chain.blockTime=0'], 'chain.blockTime'],
  ['chain.blockTime: 0.5s', BASELINE, ['chain.blockTime=0.5s'], 'chain.blockTime'],
  ['chain.startBlock: 1 (the restaking contracts need 100,801)', BASELINE, ['chain.startBlock=1'], 'chain.startBlock'],
  ['chain.gasLimit: 5000, below the largest transaction', BASELINE, ['chain.gasLimit=5000'], 'chain.gasLimit'],
  ['an intent end price factor below the start factor', BASELINE, ['market.intentAuction.endPriceFactor=0.5'], 'market.intentAuction.endPriceFactor'],
  ['market.postedPrice.initialPrice below minPrice', BASELINE, ['market.postedPrice.initialPrice=0.01'], 'market.postedPrice.initialPrice'],
  ['operators.allocation.totalFraction: 0', BASELINE, ['operators.allocation.totalFraction=0'], 'operators.allocation.totalFraction'],
  ['metrics.sampleInterval: 0', BASELINE, ['metrics.sampleInterval=0'], 'metrics.sampleInterval'],
  ['model mmc with warmup >= customers', MMC, ['warmup=200000', 'customers=200000'], 'warmup'],
  ['market.postedPrice.targetUtilization: 0.999999999 (its rounded target reaches 1)', BASELINE, ['market.postedPrice.targetUtilization=0.999999999'], 'market.postedPrice.targetUtilization'],
  ['providers.withdrawInterval: 0 (an endless loop at one instant)', BASELINE, ['providers.withdrawInterval=0'], 'providers.withdrawInterval'],
  ['stakers.yieldChasing.checkInterval: 1ms (an event storm)', BASELINE, ['stakers.yieldChasing.checkInterval=1ms'], 'stakers.yieldChasing.checkInterval'],
  ['attacker.checkInterval: 1ms (an event storm)', BASELINE, ['attacker.checkInterval=1ms'], 'attacker.checkInterval'],
  ['metrics.sampleInterval: 1ms (an event storm)', BASELINE, ['metrics.sampleInterval=1ms'], 'metrics.sampleInterval'],
];

/** [the example, its overrides on the baseline, what the summary must show of it] */
const RUNS: readonly (readonly [string, readonly string[], (summary: RunResult['summary']) => void])[] = [
  ['a GPU model that costs nothing', ['duration=6h', 'providers.gpuTypes=[{name: H100, share: 0.5, costPerGpuHour: 1.6}, {name: Free, share: 0.5, costPerGpuHour: 0}]'], (s) => expect(s['jobs_arrived']).toBeGreaterThan(0)],
  ['every GPU model costs nothing', ['duration=6h', 'providers.gpuTypes=[{name: Free, share: 1, costPerGpuHour: 0}]'], (s) => expect(s['jobs_completed.last']).toBeGreaterThan(0)],
  ['takeRatePercent 100 with the equilibrium policy: no provider nets anything, none bids', ['duration=6h', 'market.leaseAuction.takeRatePercent=100', 'providers.bidding.policy=equilibrium'], (s) => expect(s['jobs_completed.last']).toBe(0)],
  ['chain.elasticity: 1000 (congestion: stakers who cannot pay gas fail to deposit and carry on)', ['duration=6h', 'chain.elasticity=1000'], (s) => expect(s['tx_failed_out_of_gas']).toBeGreaterThan(0)],
  ['metrics.sampleInterval longer than the run: one final sample', ['duration=6h', 'metrics.sampleInterval=1d'], (s) => expect(s['jobs_completed.last']).toBeGreaterThan(0)],
  ['3,200 providers registering at once on the default chain', ['duration=2h', 'providers.count=3200'], (s) => expect(s['jobs_arrived']).toBeGreaterThan(0)],
];

describe('the examples of issue 13', () => {
  it.each(REJECTED)('%s: validate exits 2 with one line naming the field', async (_example, file, overrides, field) => {
    const captured = io();
    const status = await main(['validate', file, ...overrides.flatMap((o) => ['--set', o])], captured);
    expect(status).toBe(2);
    expect(captured.err).toMatch(new RegExp(`^command line: ${field.replace(/\./g, '\\.')}: expected [^\\n]+, found [^\\n]+\\n$`));
    expect(captured.err).not.toMatch(/^\s+at /m);
  });

  it.each(RUNS)('%s: runs to exit 0 with a sane summary', async (_example, overrides, shows) => {
    const captured = io();
    const status = await main(['run', BASELINE, '--json', ...overrides.flatMap((o) => ['--set', o])], captured);
    expect(captured.err).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(captured.out) as RunResult;
    expect(judgeResult(result)).toEqual([]);
    shows(result.summary);
  }, 120_000);
});
