// The attacker's schedule, its shock rules and its cascades (amounts in whole STAKE; shares are 1:1
// with base units, see test/markets/security.test.ts).
import { describe, expect, it } from 'vitest';
import { AttackerAgent, type ShockMode } from '../../sim/agents/attacker.js';
import { shockMeasures } from '../../sim/world/shockMeasures.js';
import { build, chainLayout, securitySetup, TOKEN, type Layout } from '../markets/securitySetup.js';

// Validators of 30, 20 and 10 STAKE. s1 is backed by v1 alone (π 25 < 30: not worth it); s2 by v2
// and v3 with α = 1/2 (v2 alone holds 20 of 30; π 15 < 20; v3 alone holds 10 < 15: no).
const layout: Layout = {
  services: [
    { avs: 's1', profit: 25n * TOKEN, threshold: 1, backers: ['v1'] },
    { avs: 's2', profit: 15n * TOKEN, threshold: 0.5, backers: ['v2', 'v3'] },
  ],
  operators: [['v1', 30n * TOKEN], ['v2', 20n * TOKEN], ['v3', 10n * TOKEN]],
};

const chain = chainLayout;

const shock = (stakeFraction: number, mode: ShockMode = 'validators', at = 1000) => ({ at, stakeFraction, mode });

describe('the attacker', () => {
  it('shocks the largest validators that fit in ψ of the stake at its time, then cascades', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    // ψ = 0.4 of 60 = 24: v1 (30) does not fit, v2 (20) does, then v3 (10) would pass 24.
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: shock(0.4) });
    const start = kernel.now();
    attacker.start();
    kernel.run(start + 999);
    expect(attacker.shockRecord).toBeUndefined();
    kernel.run(start + 1000 + 60);
    expect(attacker.shockRecord?.stake).toBe(60n * TOKEN);
    expect(market.slashedByReason.get('shock')).toBe(20n * TOKEN);
    // Without v2, s2 is backed by v3 alone: v3 holds all of it, and 15 > 10, a valid attack.
    expect(attacker.attacks).toBe(1);
    expect(market.slashedByReason.get('attack')).toBe(10n * TOKEN);
    expect(attacker.profit).toBe(15n * TOKEN);
    expect(market.isCorrupted('s2')).toBe(true);
    expect(market.isCorrupted('s1')).toBe(false);
    const measures = shockMeasures(attacker.shockRecord, market);
    expect(measures?.shock_lost_fraction).toBeCloseTo(1 / 3, 15); // 20 / 60
    expect(measures?.lost_stake_fraction).toBe(0.5); // (20 + 10) / 60
    expect(measures?.cascade_lost_fraction).toBe(0.5); // the attack came right after the shock
  });

  it('counts an attack that became valid days after the shock in the loss, not in the shock\'s cascade', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, firstLookAt: 1000 + 3600, shock: shock(0.01, 'pro-rata') });
    const start = kernel.now();
    attacker.start();
    // 1% of 60 goes (0.3 of v1's 30); v1 still holds s1 (29.7 > 25) and nothing is attacked.
    kernel.run(start + 1100);
    expect(attacker.attacks).toBe(0);
    // v1's staker leaves and comes back with 15: σ_v1 = 15 < π_s1 = 25, looted at the next look.
    market.queueFullWithdrawal('staker-of-v1', 'normal');
    kernel.run(start + 1800);
    market.fund('staker-of-v1', 15n * TOKEN);
    market.approveDeposits('staker-of-v1', 15n * TOKEN);
    market.deposit('staker-of-v1', 15n * TOKEN);
    kernel.run(start + 1000 + 3600 + 60);
    expect(attacker.attacks).toBe(1);
    const m = shockMeasures(attacker.shockRecord, market)!;
    // Exposed: 60 at the shock and the 15 deposited after it.
    expect(m.shock_lost_fraction).toBeCloseTo(0.6 / 75, 15);
    expect(m.cascade_lost_fraction).toBe(m.shock_lost_fraction);
    expect(m.lost_stake_fraction).toBeCloseTo(15.6 / 75, 15);
  });

  it('counts a deposit not yet delegated at the shock as exposed, since a delegation after it can be slashed (campaign 2029, 9724)', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, firstLookAt: 1000 + 3600, shock: shock(0.01, 'pro-rata') });
    const start = kernel.now();
    attacker.start();
    // A newcomer deposits 10 before the shock and has not delegated when it comes.
    market.fund('newcomer', 10n * TOKEN);
    market.approveDeposits('newcomer', 10n * TOKEN);
    market.deposit('newcomer', 10n * TOKEN);
    kernel.run(start + 1100);
    expect(attacker.shockRecord?.stake).toBe(70n * TOKEN);
    // v1's staker leaves; the newcomer's 10 delegated to v1 are all that back s1 (10 < π 25): looted.
    market.queueFullWithdrawal('staker-of-v1', 'normal');
    kernel.run(start + 1800);
    market.delegate('newcomer', 'v1');
    kernel.run(start + 1000 + 3600 + 60);
    expect(attacker.attacks).toBe(1);
    // 0.6 to the shock and the newcomer's 10 to the attack, of the 70 the strategy held at the shock
    // (counting delegated and queued stake only, S was 60 and the 10 taken came from outside it).
    expect(shockMeasures(attacker.shockRecord, market)?.lost_stake_fraction).toBeCloseTo(10.6 / 70, 15);
  });

  it('runs a shock and its whole cascade, one strike per block, to all of the stake', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, chain);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: shock(0.25) });
    attacker.start();
    kernel.run(kernel.now() + 1000 + 12 * 10);
    expect(attacker.lastCascadeDepth).toBe(3);
    expect(attacker.cascades).toBe(1);
    expect(attacker.profit).toBe(39n * TOKEN);
    expect(market.corruptedCount).toBe(3);
    expect(market.burned).toBe(40n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
    const measures = shockMeasures(attacker.shockRecord, market)!;
    expect(measures.shock_lost_fraction).toBe(0.25);
    expect(measures.lost_stake_fraction).toBe(1);
    // T_v2 = 13/20 + 13/20: the local condition certifies no slack, so there is no bound to report.
    expect(measures.gamma_at_shock).toBeCloseTo(-3 / 13, 15);
    expect(measures.bound_at_shock).toBeUndefined();
  });

  it('a pro-rata shock takes ψ from every operator, so a shock smaller than any validator still acts', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, chain);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: shock(0.01, 'pro-rata') });
    attacker.start();
    kernel.run(kernel.now() + 1000 + 60);
    // 0.1 STAKE from each of four: 0.4 of 40. The validators mode would take nobody (each is 10 > 0.4).
    expect(market.slashedByReason.get('shock')).toBe((4n * TOKEN) / 10n);
    expect(shockMeasures(attacker.shockRecord, market)?.shock_lost_fraction).toBe(0.01);
    const none = build({ contagion: 'pooled' }, chain);
    const byValidators = new AttackerAgent(none.ctx, none.market, { checkInterval: 0, shock: shock(0.01) });
    byValidators.start();
    none.kernel.run(none.kernel.now() + 1000 + 60);
    expect(none.market.slashedByReason.get('shock') ?? 0n).toBe(0n);
  });

  it('looks every checkInterval, and strikes when the graph turns insecure', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, shock: shock(0, 'validators', 0) });
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
    // The 30 queued at the first look left the slashable window (50 blocks) long ago.
    expect(market.slashedByReason.get('attack')).toBe(15n * TOKEN);
    expect(attacker.maxCascadeDepth).toBe(1);
  });

  it('searches a graph it found secure once, and searches again when the graph changes', () => {
    const { market, ctx, kernel } = build({ contagion: 'pooled' }, layout);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, shock: shock(0, 'validators', 0) });
    const start = kernel.now();
    attacker.start();
    kernel.run(start + 3 * 3600);
    expect([attacker.looks, attacker.searches, attacker.attacks]).toEqual([3, 1, 0]);
    // A new deposit to v3 changes the graph (still secure): one more search, then none again.
    market.fund('staker-of-v3', TOKEN);
    market.approveDeposits('staker-of-v3', TOKEN);
    market.deposit('staker-of-v3', TOKEN);
    kernel.run(start + 5 * 3600);
    expect([attacker.looks, attacker.searches, attacker.attacks]).toEqual([5, 2, 0]);
  });

  it('refuses a shock outside [0, 1] and a negative interval', () => {
    const { ctx, market } = securitySetup({ contagion: 'elastic' });
    expect(() => new AttackerAgent(ctx, market, { checkInterval: 1, shock: shock(2) })).toThrow(/stakeFraction/);
    expect(() => new AttackerAgent(ctx, market, { checkInterval: -1, shock: shock(0) })).toThrow(/checkInterval/);
  });
});
