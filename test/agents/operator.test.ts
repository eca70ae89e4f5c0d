// Operators: allocation policies by hand, registration and allocation through the market, hardware
// status from their providers, and the rate of equivocation.
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../sim/chain/transaction.js';
import { allocationFractions, OperatorAgent, type OperatorConfig } from '../../sim/agents/operator.js';
import { securitySetup, TOKEN } from '../markets/securitySetup.js';

function ok<T>(r: Receipt<T>): asserts r is Extract<Receipt<T>, { status: 'success' }> {
  if (r.status !== 'success') throw new Error(`${r.method}: ${r.status === 'reverted' ? r.error : r.reason}`);
}

function operatorConfig(over: Partial<OperatorConfig> = {}): OperatorConfig {
  return {
    index: 0,
    address: 'op',
    commissionBps: 1000,
    allocationDelayBlocks: 5,
    allocation: { policy: 'even', setsPerOperator: 2, totalFraction: 0.9 },
    providersEach: 2,
    equivocationsPerYear: 0,
    ...over,
  };
}

describe('allocation policies', () => {
  const services = ['a', 'b', 'c'];
  const rewardPerStake = (s: string) => ({ a: 1, b: 2, c: 3 })[s as 'a' | 'b' | 'c'];
  const wad = (x: string) => BigInt(x) * 10n ** 16n; // hundredths of WAD

  it('even: totalFraction split in equal slices (0.9 / 3 = 0.3)', () => {
    expect(allocationFractions({ policy: 'even', setsPerOperator: 3, totalFraction: 0.9 }, services, rewardPerStake)).toEqual(
      new Map([['a', wad('30')], ['b', wad('30')], ['c', wad('30')]]),
    );
  });

  it('reward-weighted: 0.9 split 1:2:3 = 0.15, 0.3, 0.45', () => {
    expect(allocationFractions({ policy: 'reward-weighted', setsPerOperator: 3, totalFraction: 0.9 }, services, rewardPerStake)).toEqual(
      new Map([['a', wad('15')], ['b', wad('30')], ['c', wad('45')]]),
    );
  });

  it('concentrated: all 0.9 on the best-paying service', () => {
    expect(allocationFractions({ policy: 'concentrated', setsPerOperator: 3, totalFraction: 0.9 }, services, rewardPerStake)).toEqual(
      new Map([['a', 0n], ['b', 0n], ['c', wad('90')]]),
    );
  });
});

describe('an operator on the market', () => {
  function run(config: OperatorConfig, services = ['s1', 's2', 's3']) {
    const setup = securitySetup();
    const { market, ctx } = setup;
    for (const avs of services) {
      market.registerService({ avs, slasher: `${avs}:slasher`, rewardsPerDay: TOKEN, profitFromCorruption: 0n, attackThreshold: 1 }, ok);
    }
    const operator = new OperatorAgent(ctx, market, config);
    operator.start();
    return { ...setup, operator };
  }

  it('registers, joins setsPerOperator distinct services once they exist, and allocates by policy', () => {
    const { market, blocks, operator } = run(operatorConfig());
    blocks(30);
    expect(operator.services).toHaveLength(2);
    expect(new Set(operator.services).size).toBe(2);
    expect(operator.allocated).toBe(true);
    market.fund('alice', 100n * TOKEN);
    market.approveDeposits('alice', 100n * TOKEN, ok);
    market.deposit('alice', 100n * TOKEN, ok);
    market.delegate('alice', 'op', ok);
    blocks(1);
    // Even: 0.9 / 2 = 0.45 of 100 STAKE for each of its services, none for the third.
    for (const s of operator.services) expect(market.allocatedStake('op', s)).toBe(45n * TOKEN);
    const other = ['s1', 's2', 's3'].find((s) => !operator.services.includes(s))!;
    expect(market.allocatedStake('op', other)).toBe(0n);
  });

  it('is down only while all of its providers are, and counts that downtime', () => {
    const { market, kernel, operator } = run(operatorConfig({ providersEach: 2 }));
    const reports: [string, boolean, number][] = [];
    market.onHealth((op, up) => reports.push([op, up, kernel.now()]));
    kernel.run(100);
    operator.setProviderUp(0, false);
    kernel.run(200);
    operator.setProviderUp(1, false); // both down: the operator is down from t = 200
    kernel.run(500);
    operator.setProviderUp(0, true); // back at t = 500
    operator.setProviderUp(1, true);
    expect(reports).toEqual([['op', false, 200], ['op', true, 500]]);
    expect(operator.downtimeSeconds).toBe(300);
    expect(operator.outages).toBe(1);
    expect(() => operator.setProviderUp(2, false)).toThrow(/slot 2 outside 0..1/);
  });

  it('equivocates as a Poisson process: 400 a day on average gives 400 ± 80 in a day', () => {
    // Count ~ Poisson(400): sd 20, so ±4 sd = ±80 fails a correct model with probability < 1e-4.
    const { kernel, operator, market } = run(operatorConfig({ equivocationsPerYear: 400 * 365 }));
    const seen: string[] = [];
    market.onEquivocation((op, service) => seen.push(`${op}@${service}`));
    kernel.run(86_400);
    expect(operator.equivocations).toBeGreaterThanOrEqual(320);
    expect(operator.equivocations).toBeLessThanOrEqual(480);
    // Evidence names one of its own services; the first draws come before it joined any and are skipped.
    expect(seen.every((e) => operator.services.some((s) => e === `op@${s}`))).toBe(true);
    expect(seen).toHaveLength(operator.equivocations);
  });

  it('refuses a total fraction outside (0, 1]', () => {
    const { ctx, market } = securitySetup();
    expect(() => new OperatorAgent(ctx, market, operatorConfig({ allocation: { policy: 'even', setsPerOperator: 1, totalFraction: 1.5 } }))).toThrow(
      /totalFraction must be in \(0, 1\]/,
    );
  });
});
