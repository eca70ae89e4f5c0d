// The attacker's schedule and its shock rule on the pooled market (amounts in whole STAKE; shares
// are 1:1 with base units, see test/markets/security.test.ts).
import { describe, expect, it } from 'vitest';
import { AttackerAgent } from '../../sim/agents/attacker.js';
import { build, securitySetup, TOKEN, type Layout } from '../markets/securitySetup.js';

// Validators of 30, 20 and 10 STAKE. s1 is backed by v1 alone (π 25 < 30: not worth it); s2 by v2
// and v3 with α = 1/2 (v2 alone holds 20 of 30; π 15 < 20; v3 alone holds 10 < 15: no).
const layout: Layout = {
  services: [
    { avs: 's1', profit: 25n * TOKEN, threshold: 1, backers: ['v1'] },
    { avs: 's2', profit: 15n * TOKEN, threshold: 0.5, backers: ['v2', 'v3'] },
  ],
  operators: [['v1', 30n * TOKEN], ['v2', 20n * TOKEN], ['v3', 10n * TOKEN]],
};

describe('the attacker', () => {
  it('shocks the largest validators that fit in ψ·σ(V) at its time, then cascades', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    // ψ = 0.4 of 60 = 24: v1 (30) does not fit, v2 (20) does, then v3 (10) would pass 24.
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: { at: 1000, stakeFraction: 0.4 } });
    const start = kernel.now();
    attacker.start();
    kernel.run(start + 999);
    expect(attacker.shockLostStake).toBe(0n);
    kernel.run(start + 1000);
    expect(attacker.shockLostStake).toBe(20n * TOKEN);
    // Without v2, s2 is backed by v3 alone: v3 holds all of it, and 15 > 10, a valid attack.
    expect(attacker.attacks).toBe(1);
    expect(attacker.attackLostStake).toBe(10n * TOKEN);
    expect(attacker.profit).toBe(15n * TOKEN);
    expect(attacker.lostFraction()).toBe(0.5); // (20 + 10) / 60
    expect(market.pooled.isCorrupted('s2')).toBe(true);
    expect(market.pooled.isCorrupted('s1')).toBe(false);
  });

  it('looks every checkInterval, and strikes when the graph turns insecure', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, shock: { at: 0, stakeFraction: 0 } });
    const start = kernel.now();
    attacker.start();
    kernel.run(start + 3600);
    expect(attacker.attacks).toBe(0);
    // Half of v1's stake leaves: σ_v1 = 15 < π_s1 = 25, so v1 alone attacks s1 at the next look.
    market.queueFullWithdrawal('staker-of-v1', 'normal');
    kernel.run(start + 3600 + 12);
    market.fund('staker-of-v1', 15n * TOKEN);
    market.approveDeposits('staker-of-v1', 15n * TOKEN);
    market.deposit('staker-of-v1', 15n * TOKEN);
    kernel.run(start + 2 * 3600 - 1);
    expect(market.operatorStake('v1')).toBe(15n * TOKEN);
    expect(attacker.attacks).toBe(0);
    kernel.run(start + 2 * 3600);
    expect(attacker.attacks).toBe(1);
    // The burn goes out at the look, a block instant, and lands in that block.
    expect(market.operatorStake('v1')).toBe(0n);
    expect(attacker.attackLostStake).toBe(15n * TOKEN);
    expect(attacker.maxCascadeDepth).toBe(1);
  });

  it('acts only on the pooled model and refuses a shock outside [0, 1]', () => {
    const unique = securitySetup();
    expect(() => new AttackerAgent(unique.ctx, unique.market, { checkInterval: 1, shock: { at: 0, stakeFraction: 0 } })).toThrow(/pooled model/);
    const pooled = securitySetup({ contagion: 'pooled' });
    expect(() => new AttackerAgent(pooled.ctx, pooled.market, { checkInterval: 1, shock: { at: 0, stakeFraction: 2 } })).toThrow(/stakeFraction/);
  });
});
