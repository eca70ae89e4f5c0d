// The three contagion models side by side on graphs small enough to work out by hand: what a
// service's slash, a shock and an attack take under each, and the graph each hands the attacker.
// Shares are 1:1 with STAKE base units here (see security.test.ts), so amounts are in whole STAKE.
import { describe, expect, it } from 'vitest';
import { AttackerAgent } from '../../sim/agents/attacker.js';
import { Rational } from '../../sim/analysis/rational.js';
import { WAD } from '../../sim/contracts/math.js';
import type { ContagionModelName } from '../../sim/markets/security/contagionModel.js';
import { build, chainLayout, TOKEN, type Layout } from './securitySetup.js';

const MODELS: readonly ContagionModelName[] = ['unique-stake', 'pooled', 'elastic'];

const chain = chainLayout;

describe('pro-rata slashing of everything at risk (the pro-rata shock)', () => {
  // ψ = 0.1 of every operator. pooled and elastic: σ_v is at risk, 1 STAKE each, 4 of 40. unique
  // stake: only the six slices of 2.5 STAKE are, each losing 0.25 (magnitude ⌈0.25 · 0.1⌉ = 0.025
  // of max magnitude, exactly), 1.5 of 40.
  const expected: Record<ContagionModelName, bigint> = { 'unique-stake': (15n * TOKEN) / 10n, pooled: 4n * TOKEN, elastic: 4n * TOKEN };
  for (const model of MODELS) {
    it(`takes ψ of what ${model} puts at risk, through the contracts`, () => {
      const { market, blocks } = build({ contagion: model, restakingDegree: 1.5 }, chain);
      const atRisk = ['v1', 'v2', 'v3', 'v4'].map((v) => market.model.atRisk(v));
      expect(atRisk).toEqual(model === 'unique-stake' ? [25n, 50n, 50n, 25n].map((x) => (x * TOKEN) / 10n) : [10n, 10n, 10n, 10n].map((x) => x * TOKEN));
      let sent = 0;
      for (const v of ['v1', 'v2', 'v3', 'v4']) sent += market.slashAtRisk(v, WAD / 10n, 'shock');
      expect(sent).toBe(model === 'unique-stake' ? 6 : 4);
      blocks(3);
      expect(market.slashedByReason.get('shock')).toBe(expected[model]);
      expect(market.stakeInRestaking()).toBe(40n * TOKEN - expected[model]);
      expect(market.burned).toBe(expected[model]);
      expect(market.stakeConservationGap()).toBe(0n);
      expect(market.undercollateralizedOperators()).toBe(0);
    });
  }
});

describe('the graph each model hands the attacker', () => {
  it('pooled: σ_v on every edge, cost σ(B); unique stake: the slices, cost Σ w; elastic: stretched slices, cost Σ min(σ, Σ w)', () => {
    const graphs = Object.fromEntries(MODELS.map((m) => [m, build({ contagion: m, restakingDegree: 1.5 }, chain).market.attackGraph()]));
    expect(graphs['pooled']!.attackCost).toBe('stake');
    expect(graphs['pooled']!.allocations).toBeUndefined();
    expect(graphs['unique-stake']!.attackCost).toBe('allocated');
    const amounts = (m: ContagionModelName) => graphs[m]!.allocations?.map((a) => a.amount);
    expect(amounts('unique-stake')).toEqual(Array(6).fill((25n * TOKEN / 10n).toString()));
    // Elastic: a quarter per service scales to sum to 1.5: v1 and v4 back one service (1.5 → capped
    // at all of σ, 10), v2 and v3 two (0.75 each, 7.5).
    expect(graphs['elastic']!.attackCost).toBe('elastic');
    expect(amounts('elastic')).toEqual([10n, 75n, 75n, 75n, 75n, 10n].map((x) => (x === 75n ? (x * TOKEN) / 10n : x * TOKEN).toString()));
    for (const m of MODELS) expect(graphs[m]!.edges).toEqual([['s1', 'v1'], ['s1', 'v2'], ['s2', 'v2'], ['s2', 'v3'], ['s3', 'v3'], ['s3', 'v4']]);
  });

  it('certifies a slack per model: T_v for pooled, α·W_s/π_s for slices, scaled by σ/Σw for elastic', () => {
    const slack = (m: ContagionModelName) => {
      const { market } = build({ contagion: m, restakingDegree: 1.5 }, chain);
      return market.model.certifiedSlack(market.attackGraph());
    };
    // pooled: T_v2 = 13/20 + 13/20 = 1.3, γ* = 1/1.3 − 1 = −3/13.
    expect(slack('pooled')).toEqual(Rational.of(-3, 13));
    // unique stake: W_s = 5 on every service, γ* = 5/13 − 1 = −8/13.
    expect(slack('unique-stake')).toEqual(Rational.of(-8, 13));
    // elastic: r_v1 = min(1, 10/10) = 1, r_v2 = r_v3 = 10/15 = 2/3. s1: W = 10 + 7.5, (2/3)·17.5/13 − 1
    // = −4/39; s2: W = 7.5 + 7.5, (2/3)·15/13 − 1 = −3/13, the least.
    expect(slack('elastic')).toEqual(Rational.of(-3, 13));
  });
});

describe('an attack under each model', () => {
  // One service s (π = 6, α = 1/2) backed by a (σ = 10, allocating half) and b (σ = 10, allocating
  // 0.3): slices 5 and 3, threshold 4 of 8. Unique stake: a alone covers s and forfeits its slice
  // of 5 < 6, a valid attack. Pooled: a forfeits all of σ_a = 10 > 6, and b alone does not cover:
  // no attack. Elastic (degree 1.5 scales each lone allocation to all of σ): a covers with 10 of
  // 20 and forfeits min(10, 10) = 10 > 6: none either.
  const single: Layout = {
    services: [{ avs: 's', profit: 6n * TOKEN, threshold: 0.5, backers: ['a', 'b'] }],
    operators: [['a', 10n * TOKEN], ['b', 10n * TOKEN]],
    fractions: new Map([['a', new Map([['s', WAD / 2n]])], ['b', new Map([['s', (3n * WAD) / 10n]])]]),
  };

  it('unique stake: the attacker strikes with the slice alone; the service is looted', () => {
    const { market, ctx, kernel } = build({ contagion: 'unique-stake' }, single);
    const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, shock: { at: 0, stakeFraction: 0, mode: 'validators' } });
    const start = kernel.now();
    attacker.start();
    kernel.run(start + 3600 + 60);
    expect(attacker.attacks).toBe(1);
    expect(attacker.profit).toBe(6n * TOKEN);
    expect(market.isCorrupted('s')).toBe(true);
    expect(market.slashedByReason.get('attack')).toBe(5n * TOKEN);
    expect(market.operatorStake('a')).toBe(5n * TOKEN);
    expect(market.operatorStake('b')).toBe(10n * TOKEN);
    expect(market.stakeConservationGap()).toBe(0n);
  });

  for (const model of ['pooled', 'elastic'] as const) {
    it(`${model}: the same graph is secure`, () => {
      const { market, ctx, kernel } = build({ contagion: model, restakingDegree: 1.5 }, single);
        const attacker = new AttackerAgent(ctx, market, { checkInterval: 3600, shock: { at: 0, stakeFraction: 0, mode: 'validators' } });
      attacker.start();
      kernel.run(kernel.now() + 3600 + 60);
      expect(attacker.attacks).toBe(0);
      expect(market.isCorrupted('s')).toBe(false);
    });
  }
});

describe('a withdrawal queued before an attack lands', () => {
  // v1's one staker queues all of its stake, in the block before the strike on s1 lands. The queued
  // shares stay slashable for the withdrawal delay (50 blocks), so under every model the attack
  // still burns what v1 risked on s1: σ_v1 = 10 (pooled, and elastic's allocation capped at σ), or
  // the slice of 2.5 (unique stake). Without it, leaving would make an attack free.
  const burned: Record<ContagionModelName, bigint> = { 'unique-stake': (25n * TOKEN) / 10n, pooled: 10n * TOKEN, elastic: 10n * TOKEN };
  for (const model of MODELS) {
    it(`still costs the coalition its stake under ${model}`, () => {
      const { market, blocks } = build({ contagion: model, restakingDegree: 1.5 }, chain);
      market.queueFullWithdrawal('staker-of-v1', 'urgent');
      blocks(1);
      expect(market.operatorStake('v1')).toBe(0n);
      expect(market.model.atRisk('v1')).toBe(burned[model]);
      const graph = market.attackGraph();
      expect(graph.validators.find((v) => v.id === 'v1')?.stake).toBe((10n * TOKEN).toString());
      expect(market.strike(['s1'], ['v1'])).toBe(1);
      blocks(2);
      expect(market.slashedByReason.get('attack')).toBe(burned[model]);
      expect(market.stakeConservationGap()).toBe(0n);
    });
  }
});
