// A service's monitor and rewards on the unique-stake market, with one operator on one provider
// allocated all of its 100 STAKE to the service. Slash arithmetic (contracts spec §1.3): a slash of
// wad w takes ⌈m·w⌉ of the allocated magnitude m, and the operator's shares fall in proportion to
// the max magnitude.
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../sim/chain/transaction.js';
import { WAD } from '../../sim/contracts/math.js';
import { OperatorAgent } from '../../sim/agents/operator.js';
import { ServiceAgent, type ServiceConfig } from '../../sim/agents/service.js';
import { securitySetup, TOKEN } from '../markets/securitySetup.js';

function ok<T>(r: Receipt<T>): asserts r is Extract<Receipt<T>, { status: 'success' }> {
  if (r.status !== 'success') throw new Error(`${r.method}: ${r.status === 'reverted' ? r.error : r.reason}`);
}

const DAY = 86_400;

function serviceConfig(over: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    index: 0,
    address: 'avs',
    slasher: 'avs:slasher',
    rewardsPerDay: 10n * TOKEN,
    profitFromCorruption: 0n,
    attackThreshold: 0.5,
    slashing: { slaBreach: WAD / 100n, downtime: WAD / 1000n, downtimeGrace: 3600, equivocation: WAD },
    slaAvailability: 0.99,
    window: DAY,
    ...over,
  };
}

function world(config: ServiceConfig = serviceConfig()) {
  const setup = securitySetup();
  const { market, ctx, blocks } = setup;
  const service = new ServiceAgent(ctx, market, config);
  service.start();
  const operator = new OperatorAgent(ctx, market, {
    index: 0,
    address: 'op',
    commissionBps: 1000,
    allocationDelayBlocks: 5,
    allocation: { policy: 'even', setsPerOperator: 1, totalFraction: 1 },
    providersEach: 1,
    equivocationsPerYear: 0,
  });
  operator.start();
  market.fund('alice', 100n * TOKEN);
  market.approveDeposits('alice', 100n * TOKEN, ok);
  market.deposit('alice', 100n * TOKEN, ok);
  blocks(1);
  market.delegate('alice', 'op', ok);
  blocks(30);
  return { ...setup, service, operator };
}

describe('the monitor', () => {
  it('slashes downtime once per grace period of an outage, and the day’s SLA breach at the window’s end', () => {
    const { market, kernel, service, operator } = world();
    expect(market.allocatedStake('op', 'avs')).toBe(100n * TOKEN);
    const slashes: string[] = [];
    market.onSlashed((e) => slashes.push(`${e.reason} ${e.tokens} @${kernel.now()}`));
    kernel.run(1000);
    operator.setProviderUp(0, false);
    kernel.run(8300); // down 7,300 s: past the 3,600 s grace twice
    operator.setProviderUp(0, true);
    kernel.run(DAY + 12);
    // Downtime 0.001: magnitude 1 → 0.999, shares 100 → 99.9 (0.1 STAKE). Again: ⌈0.999 · 0.001⌉ =
    // 0.000999 → max 0.998001, shares 99.9 · 0.998001 / 0.999 = 99.8001 (0.0999). The day's
    // availability 1 − 7300/86400 < 0.99: SLA breach 0.01 of 0.998001 → shares · 0.99 = 98.802099
    // (0.998001 STAKE). Each slash lands in the next block on the 12 s grid: 4,600 → 4,608,
    // 8,200 → 8,208, and the window's end (86,400) is itself a block instant, which takes it.
    expect(slashes).toEqual([
      `downtime ${TOKEN / 10n} @${4608}`,
      `downtime ${99_900_000_000_000_000n} @${8208}`,
      `sla-breach ${998_001_000_000_000_000n} @${DAY}`,
    ]);
    expect(market.stakerStake('alice')).toBe(98_802_099_000_000_000_000n);
    expect(service.slashesSent).toEqual({ downtime: 2, 'sla-breach': 1, equivocation: 0 });
  });

  it('leaves an outage shorter than the grace period and within the SLA alone', () => {
    const { market, kernel, operator } = world();
    kernel.run(1000);
    operator.setProviderUp(0, false);
    kernel.run(1800); // 800 s < 864 s = 1% of a day
    operator.setProviderUp(0, true);
    kernel.run(DAY + 12);
    expect(market.slashes).toBe(0);
    expect(market.stakerStake('alice')).toBe(100n * TOKEN);
  });

  it('slashes all of the allocation on evidence of equivocation', () => {
    const { market, blocks, service } = world();
    market.reportEquivocation('op', 'avs');
    blocks(1);
    expect(market.stakerStake('alice')).toBe(0n);
    expect(market.slashedByService.get('avs')).toBe(100n * TOKEN);
    expect(service.slashesSent.equivocation).toBe(1);
  });
});

describe('rewards', () => {
  it('buys and pays rewardsPerDay at the end of each window: 10% to the operator, the rest to its staker', () => {
    const { market, kernel, service } = world();
    kernel.run(2 * DAY + 12);
    expect(service.rewardsPaid).toBe(20n * TOKEN);
    expect(market.stake.balanceOf('op')).toBe(2n * TOKEN);
    expect(market.stake.balanceOf('alice')).toBe(18n * TOKEN);
    expect(market.minted).toBe(120n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
  });
});
