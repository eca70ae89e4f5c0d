// The pooled and elastic contagion models on graphs small enough to work out by hand. Shares are
// 1:1 with STAKE base units here (see security.test.ts), so every amount is in whole STAKE.
import { describe, expect, it } from 'vitest';
import { WAD } from '../../sim/contracts/math.js';
import { worstCaseLoss } from '../../sim/analysis/restakingGraph.js';
import { AttackerAgent } from '../../sim/agents/attacker.js';
import { toGraphInput } from '../../sim/markets/security/attackSearch.js';
import { build, ok, TOKEN, type Layout } from './securitySetup.js';


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
    expect(market.elastic.degree('op')).toBe((15n * WAD) / 10n);
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

describe('pooled contagion', () => {
  // Four validators of 10 STAKE; services s1 {v1, v2}, s2 {v2, v3}, s3 {v3, v4}, each with π = 13
  // and α = 1. Secure: any coalition corrupting k services of this chain needs k + 1 validators
  // (cost 10(k + 1) > 13k for k ≤ 3). After a shock of 10 STAKE (ψ = 1/4) takes v1, v2 alone
  // holds s1 (13 > 10); then v3 alone holds s2, then v4 alone holds s3: everything is lost, which
  // is also R_ψ of this graph (shock v1, then the one attack {v2, v3, v4} → 39 > 30).
  const layout: Layout = {
    services: [
      { avs: 's1', profit: 13n * TOKEN, threshold: 1, backers: ['v1', 'v2'] },
      { avs: 's2', profit: 13n * TOKEN, threshold: 1, backers: ['v2', 'v3'] },
      { avs: 's3', profit: 13n * TOKEN, threshold: 1, backers: ['v3', 'v4'] },
    ],
    operators: [['v1', 10n * TOKEN], ['v2', 10n * TOKEN], ['v3', 10n * TOKEN], ['v4', 10n * TOKEN]],
  };

  for (const method of ['exact', 'greedy'] as const) {
    it(`runs a shock and its cascade to worstCaseLoss (${method} search), burning every token lost`, () => {
      const { market, blocks, ctx } = build({ contagion: 'pooled' }, layout);
      const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: { at: 0, stakeFraction: 0.25 }, method });
      const graph = market.pooledGraph();
      expect(graph.validators.map((v) => v.stake)).toEqual([10n, 10n, 10n, 10n].map((x) => x * TOKEN));
      expect(attacker.runCascade()).toBe(0); // secure before the shock
      attacker.shock();
      expect(attacker.shockLostStake).toBe(10n * TOKEN);
      expect(attacker.lastCascadeDepth).toBe(3);
      expect(attacker.attackLostStake).toBe(30n * TOKEN);
      expect(attacker.profit).toBe(39n * TOKEN);
      expect(attacker.lostFraction()).toBe(worstCaseLoss(toGraphInput(graph), '0.25'));
      expect(attacker.lostFraction()).toBe(1);
      expect(market.pooled.corruptedCount).toBe(3);
      blocks(3);
      expect(market.burned).toBe(40n * TOKEN);
      expect(market.ledgerBurnFailures).toBe(0);
      expect(market.stakeConservationGap()).toBe(0n);
    });
  }

  it('slashes all of the operator’s stake by the wad for a service’s own slash (full reuse)', () => {
    const { market, blocks } = build({ contagion: 'pooled' }, layout);
    expect(market.allocatedStake('v2', 's1')).toBe(10n * TOKEN);
    expect(market.allocatedStake('v2', 's2')).toBe(10n * TOKEN);
    expect(market.serviceStake('s2')).toBe(20n * TOKEN);
    market.slash('s1', 'v2', WAD / 10n, 'downtime');
    blocks(2);
    // 10% of σ_v2 = 1 STAKE, and every service v2 backs sees 9.
    expect(market.operatorStake('v2')).toBe(9n * TOKEN);
    expect(market.allocatedStake('v2', 's2')).toBe(9n * TOKEN);
  });
});
