// The shock's measures: each defined once (sim/world/shockMeasures.ts), each in its domain, and
// left out when it has no meaning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../sim/analysis/rational.js';
import type { ShockRecord } from '../../sim/agents/attacker.js';
import { shockMeasures } from '../../sim/world/shockMeasures.js';

const record = (over: Partial<ShockRecord> = {}): ShockRecord => ({ at: 0, stake: 1000n, depositedBefore: 0n, attackTokensBefore: 0n, gamma: Rational.of(1, 4), ...over });
const totals = (shock: bigint, attack: bigint, deposited = 0n) => ({ deposited, slashedByReason: new Map([['shock', shock], ['attack', attack]]) });

describe('shock measures', () => {
  it('are fractions of the stake exposed at shock time, with the bound (1 + 1/γ)·shock capped at 1', () => {
    // 50 of 1000 to the shock, 100 more to attacks; γ = 1/4: bound 5 · 0.05 = 0.25.
    expect(shockMeasures(record(), totals(50n, 100n))).toEqual({ shock_lost_fraction: 0.05, cascade_lost_fraction: 0.15, lost_stake_fraction: 0.15, gamma_at_shock: 0.25, bound_at_shock: 0.25 });
    // 300 to the shock: 5 · 0.3 = 1.5, capped at all of the stake.
    expect(shockMeasures(record(), totals(300n, 0n))?.bound_at_shock).toBe(1);
  });

  it('count stake deposited after the shock as exposed, and attacks before it as not the shock’s', () => {
    // 1000 at the shock, 250 deposited after (the counter went from 400 to 650), 30 of 80 attack tokens before it.
    const m = shockMeasures(record({ depositedBefore: 400n, attackTokensBefore: 30n }), totals(125n, 80n, 650n));
    expect(m?.shock_lost_fraction).toBe(0.1); // 125 / 1250
    expect(m?.lost_stake_fraction).toBe(0.14); // (125 + 50) / 1250
  });

  it('count in the cascade only the attacks until the first look after the shock that found none', () => {
    // 20 attack tokens before the shock, 60 in total when the cascade ended, 100 by the end.
    const m = shockMeasures(record({ attackTokensBefore: 20n, attackTokensAfterCascade: 60n }), totals(50n, 100n));
    expect(m?.cascade_lost_fraction).toBe(0.09); // (50 + 40) / 1000
    expect(m?.lost_stake_fraction).toBe(0.13); // (50 + 80) / 1000
  });

  it('leave out what has no meaning: everything without a shock or stake, the bound without slack, γ when nothing is worth corrupting', () => {
    expect(shockMeasures(undefined, totals(0n, 0n))).toBeUndefined();
    expect(shockMeasures(record({ stake: 0n }), totals(0n, 0n))).toBeUndefined();
    const insecure = shockMeasures(record({ gamma: Rational.of(-1, 3) }), totals(50n, 0n))!;
    expect(insecure.gamma_at_shock).toBeCloseTo(-1 / 3, 15);
    expect('bound_at_shock' in insecure).toBe(false);
    expect('bound_at_shock' in shockMeasures(record({ gamma: Rational.ZERO }), totals(50n, 0n))!).toBe(false);
    const nothingToLoot = shockMeasures(record({ gamma: null }), totals(50n, 0n))!;
    expect('gamma_at_shock' in nothingToLoot).toBe(false);
    expect(nothingToLoot.bound_at_shock).toBe(nothingToLoot.shock_lost_fraction);
  });

  it('keep shock ≤ cascade ≤ lost_stake_fraction ≤ 1 whenever no more is slashed than was exposed', () => {
    // What the world guarantees: every token slashed from the shock on was in restaking at the
    // shock or deposited after it. Under that, the order holds for any split, size and γ.
    fc.assert(fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 30n }),
      fc.bigInt({ min: 0n, max: 10n ** 30n }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: -5, max: 1000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (stake, later, shockShare, attackShare, gammaPercent, cascadeShare) => {
        const exposed = stake + later;
        const shock = (exposed * BigInt(Math.floor(shockShare * 1e6))) / 1_000_000n;
        const attack = ((exposed - shock) * BigInt(Math.floor(attackShare * 1e6))) / 1_000_000n;
        const afterCascade = (attack * BigInt(Math.floor(cascadeShare * 1e6))) / 1_000_000n;
        const m = shockMeasures(record({ stake, depositedBefore: 7n, gamma: Rational.of(gammaPercent, 100), attackTokensAfterCascade: afterCascade }), totals(shock, attack, 7n + later))!;
        expect(m.shock_lost_fraction).toBeGreaterThanOrEqual(0);
        expect(m.cascade_lost_fraction).toBeGreaterThanOrEqual(m.shock_lost_fraction);
        expect(m.lost_stake_fraction).toBeGreaterThanOrEqual(m.cascade_lost_fraction);
        expect(m.lost_stake_fraction).toBeLessThanOrEqual(1);
        if (m.bound_at_shock !== undefined) {
          expect(m.bound_at_shock).toBeGreaterThanOrEqual(m.shock_lost_fraction);
          expect(m.bound_at_shock).toBeLessThanOrEqual(1);
        }
      },
    ));
  });
});
