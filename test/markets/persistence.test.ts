// How an agent carries on when a transaction fails (sim/markets/persistence.ts): a drop for want of
// gas is sent again after 20, 40, 80, 160 and 320 blocks (six tries in all), a revert or a
// transaction larger than a block is final. Then the agents of the security market, on a chain where
// nobody holds gas money: each gives up as its policy says, and the run goes on.
import { describe, expect, it } from 'vitest';
import { OperatorAgent } from '../../sim/agents/operator.js';
import { ServiceAgent } from '../../sim/agents/service.js';
import { StakerAgent } from '../../sim/agents/staker.js';
import type { DropReason, Receipt } from '../../sim/chain/transaction.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import { persist, SETUP_PERSISTENCE } from '../../sim/markets/persistence.js';
import { runModel } from '../../sim/models.js';
import { executeRun } from '../../sim/runner/executeRun.js';
import { expandRuns, formatProblem, loadScenario } from '../../sim/scenario/index.js';
import { securitySetup, TOKEN } from './securitySetup.js';

const BLOCK = 12;

function dropped(reason: DropReason): Receipt<void> {
  return { status: 'dropped', txId: 0 as never, from: 'a', method: 'm', block: 0, timestamp: 0, reason };
}

/** Sends through persist, answering each attempt with the next outcome; records when each was sent. */
function attempts(outcomes: readonly ('drop' | 'oversized' | 'revert' | 'success')[]) {
  const { ctx, kernel } = securitySetup();
  const sentAt: number[] = [];
  let result = 'pending';
  persist<void>(
    ctx,
    (done) => {
      const outcome = outcomes[sentAt.length] ?? 'drop';
      sentAt.push(kernel.now());
      if (outcome === 'drop') done(dropped('insufficient funds for gas'));
      else if (outcome === 'oversized') done(dropped('exceeds the block gas limit'));
      else if (outcome === 'revert') done({ status: 'reverted', error: 'Nope' } as unknown as Receipt<void>);
      else done({ status: 'success', value: undefined } as unknown as Receipt<void>);
    },
    { succeeded: () => (result = 'succeeded'), gaveUp: () => (result = 'gave up') },
  );
  kernel.run(1_000_000);
  return { sentAt, result };
}

describe('persist', () => {
  it('sends a dropped transaction six times in all, waiting 20, 40, 80, 160 and 320 blocks, then gives up', () => {
    expect(SETUP_PERSISTENCE).toEqual({ attempts: 6, firstWaitBlocks: 20 });
    // 0, +240 s, +480 s, +960 s, +1,920 s, +3,840 s.
    expect(attempts([])).toEqual({ sentAt: [0, 240, 720, 1680, 3600, 7440], result: 'gave up' });
  });

  it('stops at the first success', () => {
    expect(attempts(['drop', 'drop', 'success'])).toEqual({ sentAt: [0, 20 * BLOCK, 60 * BLOCK], result: 'succeeded' });
  });

  it('gives up at once on a revert, or on a transaction larger than a block', () => {
    expect(attempts(['drop', 'revert'])).toEqual({ sentAt: [0, 20 * BLOCK], result: 'gave up' });
    expect(attempts(['oversized'])).toEqual({ sentAt: [0], result: 'gave up' });
  });
});

describe('security agents on a chain where nobody can pay for gas', () => {
  it('staker, operator and service give up their set-up, each failure counted, and the run goes on', () => {
    // Gas is paid in a currency nobody holds: every transaction is dropped at inclusion.
    const { ctx, market, chain, blocks } = securitySetup({}, { nativeCurrency: new ERC20('Gas', 'GAS', 18, 'treasury'), initialBaseFee: 1_000_000_000n });
    const service = new ServiceAgent(ctx, market, {
      address: 'S',
      slasher: 'S:slasher',
      rewardsPerDay: TOKEN,
      profitFromCorruption: 0n,
      attackThreshold: 1,
      window: 86_400,
      slaAvailability: 0.9,
      slashing: { slaBreach: 0n, downtime: 0n, downtimeGrace: 3600, equivocation: 0n },
    } as never);
    const operator = new OperatorAgent(ctx, market, {
      index: 0,
      address: 'op',
      commissionBps: 1000,
      allocationDelayBlocks: 5,
      providersEach: 1,
      allocation: { policy: 'even', setsPerOperator: 1, totalFraction: 0.5 },
      equivocationsPerYear: 0,
    } as never);
    const staker = new StakerAgent(ctx, market, {
      index: 0,
      address: 'staker-0',
      deposit: 10n * TOKEN,
      startAt: 0,
      delegation: 'largest',
      yieldChasing: { checkInterval: 0, minImprovement: 0.01 },
      lossThreshold: 0.01,
      panic: { policy: 'none', threshold: 0.2 },
    });
    for (const agent of [service, operator, staker]) agent.start();
    // The last of six tries lands 620 blocks after the first.
    blocks(700);
    // Six tries each of the service's registration, the operator's and the staker's deposit, and the
    // staker's one approval (sent once, without a callback: the deposit that needs it fails anyway).
    expect(chain.counters()['rejected']).toBe(3 * 6 + 1);
    expect(staker.state).toBe('outside');
    expect(operator.left).toBe(true);
    expect(operator.services).toEqual([]);
    expect(market.services()).toEqual([]);
  });
});

describe('providers who cannot pay for their set-up', () => {
  it('leave the market for good once they give up: they offer nothing and cost nothing after', () => {
    // test/cli/fixtures/market.yaml: a base fee of 10,000 gwei nobody can pay. The sixth try of a
    // set-up transaction lands about 2 h 4 min in; by 4 h every provider has given up.
    const run = (duration: string) => {
      const loaded = loadScenario('test/cli/fixtures/market.yaml', { overrides: [`duration=${duration}`] });
      if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
      return executeRun(expandRuns(loaded.scenario)[0]!, runModel);
    };
    const [result, shorter] = [run('4h'), run('3h')];
    expect(result.status).toBe('ok');
    expect(result.summary['gpus_offered.last']).toBe(0);
    expect(result.summary['capacity_exits']).toBe(0);
    // The idle cost stopped when they left: the fourth hour adds nothing to it.
    expect(result.summary['provider_idle_cost_usd']).toBeGreaterThan(0);
    expect(result.summary['provider_idle_cost_usd']).toBe(shorter.summary['provider_idle_cost_usd']);
    expect(result.summary['tx_failed_out_of_gas']).toBeGreaterThan(0);
  });
});
