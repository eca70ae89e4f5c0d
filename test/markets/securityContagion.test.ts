// The elastic contagion model's slashes, worked out by hand (the pooled model's are in
// securityModels.test.ts). Shares are
// 1:1 with STAKE base units here (see security.test.ts), so every amount is in whole STAKE.
import { describe, expect, it } from 'vitest';
import { WAD } from '../../sim/contracts/math.js';
import { ElasticModel } from '../../sim/markets/security/elastic.js';
import { build, ok, TOKEN } from './securitySetup.js';


describe('elastic contagion', () => {
  it('takes the slashed allocation from the stake and stretches the others to what is left', () => {
    // One operator with 100 STAKE, restaking degree 1.5: fractions 0.48 and 0.42 of 0.9 in total
    // scale to 0.48·1.5/0.9 = 0.8 and 0.42·1.5/0.9 = 0.7, so w = 80 for S1 and 70 for S2 (Σ 150 > 100).
    const { market, blocks } = build(
      { contagion: 'elastic', restakingDegree: 1.5 },
      {
        services: [
          { avs: 'S1', profit: 0n, threshold: 1, backers: ['op'] },
          { avs: 'S2', profit: 0n, threshold: 1, backers: ['op'] },
        ],
        operators: [['op', 100n * TOKEN]],
        fractions: new Map([['op', new Map([['S1', (48n * WAD) / 100n], ['S2', (42n * WAD) / 100n]])]]),
      },
    );
    expect((market.model as ElasticModel).allocations.degree('op')).toBe((15n * WAD) / 10n);
    expect(market.allocatedStake('op', 'S1')).toBe(80n * TOKEN);
    expect(market.allocatedStake('op', 'S2')).toBe(70n * TOKEN);
    const taken: bigint[] = [];
    market.slash('S1', 'op', WAD, 'equivocation', (r) => (ok(r), taken.push(r.value)));
    blocks(2);
    // S1's whole allocation goes: σ 100 → 20. S2 stretches to min(70, 20) = 20; S1 keeps nothing.
    // In the contracts: 80/100 of the ledger set's magnitude, 100 − ⌈100 · 0.2⌉ = 80 shares.
    expect(taken).toEqual([80n * TOKEN]);
    expect(market.operatorStake('op')).toBe(20n * TOKEN);
    expect(market.allocatedStake('op', 'S2')).toBe(20n * TOKEN);
    expect(market.allocatedStake('op', 'S1')).toBe(0n);
    expect(market.stakerStake('staker-of-op')).toBe(20n * TOKEN);
    expect(market.burned).toBe(80n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
  });

  it('slashes a partial wad of the allocation, then stretches nothing that still fits', () => {
    const { market, blocks } = build(
      { contagion: 'elastic', restakingDegree: 1.5 },
      {
        services: [
          { avs: 'S1', profit: 0n, threshold: 1, backers: ['op'] },
          { avs: 'S2', profit: 0n, threshold: 1, backers: ['op'] },
        ],
        operators: [['op', 100n * TOKEN]],
        fractions: new Map([['op', new Map([['S1', (48n * WAD) / 100n], ['S2', (42n * WAD) / 100n]])]]),
      },
    );
    market.slash('S2', 'op', WAD / 10n, 'sla-breach');
    blocks(2);
    // 10% of w_S2 = 7 STAKE: σ 100 → 93; S1 stays min(80, 93) = 80, S2 keeps 70 − 7 = 63.
    expect(market.operatorStake('op')).toBe(93n * TOKEN);
    // The ledger keeps fractions of σ: ⌊80/93 WAD⌋ = 860215053763440860, times 93 = 80 STAKE − 20 wei;
    // ⌊63/93 WAD⌋ = 677419354838709677, times 93 = 63 STAKE − 39 wei.
    expect(market.allocatedStake('op', 'S1')).toBe(79_999_999_999_999_999_980n);
    expect(market.allocatedStake('op', 'S2')).toBe(62_999_999_999_999_999_961n);
    expect(market.burned).toBe(7n * TOKEN);
  });
});
