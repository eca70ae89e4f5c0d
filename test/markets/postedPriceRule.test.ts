// The posted price rule by hand. Every vector below is worked out from the rule in the header of
// sim/markets/posted/priceRule.ts: linear, p' = p + ⌊p·s·x⌋ going up (at least 1), p − ⌊p·s·|x|⌋ going
// down, with x = (u − u*)/(1 − u*) above the target and (u − u*)/u* below; exponential,
// p = floor · e^(excess/F) with e^(target/F) = 1 + s.
import { describe, expect, it } from 'vitest';
import { PriceRule, type PriceRuleParams } from '../../sim/markets/posted/priceRule.js';

const USD = 1_000_000n;

function rule(overrides: Partial<PriceRuleParams> = {}): PriceRule {
  return new PriceRule({ curve: 'linear', initialPrice: 2n * USD, minPrice: 0n, maxPrice: 10_000n * USD, targetUtilization: 0.5, step: 0.125, ...overrides });
}

/** u = busy / available, given as small integers. */
const u = (busy: number, available: number) => ({ busy: BigInt(busy), available: BigInt(available) });

describe('the linear rule (EIP-1559 calcBaseFee)', () => {
  it('moves 2 USD by exactly ±12.5% at full and empty use with u* = 0.5 and step 1/8, and holds it at the target', () => {
    expect(rule().adjust(u(1, 1))).toBe(2_250_000n);
    expect(rule().adjust(u(0, 1))).toBe(1_750_000n);
    expect(rule().adjust(u(1, 2))).toBe(2_000_000n);
    // u = 3/4: x = 1/2, +6.25%.
    expect(rule().adjust(u(3, 4))).toBe(2_125_000n);
  });

  it('scales the deviation to the side of the target it is on when u* = 0.8', () => {
    const r = (): PriceRule => rule({ targetUtilization: 0.8 });
    // u = 0.9: x = 0.1/0.2 = 1/2; u = 0.4: x = −0.4/0.8 = −1/2; u = 1 and 0 are the full step.
    expect(r().adjust(u(9, 10))).toBe(2_125_000n);
    expect(r().adjust(u(4, 10))).toBe(1_875_000n);
    expect(r().adjust(u(1, 1))).toBe(2_250_000n);
    expect(r().adjust(u(0, 1))).toBe(1_750_000n);
    expect(r().adjust(u(8, 10))).toBe(2_000_000n);
  });

  it('honours a step that is not 1/D for an integer D (0.3: ±30%)', () => {
    expect(rule({ step: 0.3 }).adjust(u(1, 1))).toBe(2_600_000n);
    expect(rule({ step: 0.3 }).adjust(u(0, 1))).toBe(1_400_000n);
  });

  it('floors the decrease as go-ethereum does, so the price rounds up on the way down', () => {
    // u = 1/3, u* = 1/2: x = −1/3, gas deviation ⌊10^18/24⌋ = 41,666,666,666,666,666 below target;
    // decrease ⌊41,666,666,666,666,666 · 10^6 / 10^18⌋ = 41,666 of 1 USD (exactly 41,666.67).
    expect(rule({ initialPrice: USD }).adjust(u(1, 3))).toBe(958_334n);
  });

  it("keeps go-ethereum's small-fee behaviour: 7 stalls on an empty window, a full one adds at least 1", () => {
    // Contracts spec §4 derived vectors: 7 with an empty block stays 7 (⌊7/8⌋ = 0); 7 over target → 8.
    expect(rule({ initialPrice: 7n }).adjust(u(0, 1))).toBe(7n);
    expect(rule({ initialPrice: 7n }).adjust(u(1, 1))).toBe(8n);
  });

  it('is not symmetric: up 12.5% then down 12.5% ends below the start (2.25 → 1.96875)', () => {
    const r = rule();
    r.adjust(u(1, 1));
    expect(r.adjust(u(0, 1))).toBe(1_968_750n);
  });

  it('holds the price at the floor', () => {
    expect(rule({ minPrice: 1_800_000n }).adjust(u(0, 1))).toBe(1_800_000n);
  });

  it('holds the price at the ceiling: 2 USD up 12.5% meets a 2.2 USD ceiling and stays there', () => {
    const r = rule({ maxPrice: 2_200_000n });
    expect(r.adjust(u(1, 1))).toBe(2_200_000n);
    expect(r.adjust(u(1, 1))).toBe(2_200_000n);
    // Down from the ceiling by 12.5%: 1,925,000.
    expect(r.adjust(u(0, 1))).toBe(1_925_000n);
  });

  it('holds the price when no GPU was available in the window', () => {
    expect(rule().adjust(u(0, 0))).toBe(2_000_000n);
  });

  it('refuses a utilization above 1', () => {
    expect(() => rule().adjust(u(3, 2))).toThrow(RangeError);
  });
});

describe('the exponential rule (EIP-4844 excess and fakeExponential)', () => {
  const exp = (overrides: Partial<PriceRuleParams> = {}): PriceRule =>
    rule({ curve: 'exponential', minPrice: 50_000n, ...overrides });

  it('starts exactly at the initial price', () => {
    expect(exp().price).toBe(2_000_000n);
    expect(exp({ initialPrice: 50_000n }).price).toBe(50_000n);
    expect(exp({ initialPrice: 50_000n }).excess).toBe(0n);
  });

  it('holds price and excess at the target', () => {
    const r = exp();
    const excess = r.excess;
    expect(r.adjust(u(1, 2))).toBe(2_000_000n);
    expect(r.excess).toBe(excess);
  });

  it('multiplies by 1 + s on a full window and divides by it on an empty one', () => {
    // Tolerance: the price is floored to a micro-USD (at most 1/2,000,000 = 5e-7 of it) and the
    // update fraction is rounded to an integer near 1.2e12 (relative error < 1e-12 in the exponent).
    expect(Number(exp().adjust(u(1, 1))) / 2e6).toBeCloseTo(1.125, 6);
    expect(Number(exp().adjust(u(0, 1))) / 2e6).toBeCloseTo(1 / 1.125, 6);
    expect(Number(exp({ step: 0.3 }).adjust(u(1, 1))) / 2e6).toBeCloseTo(1.3, 6);
  });

  it('is path independent: up then down returns exactly to the start (the excess is back where it was)', () => {
    const r = exp();
    r.adjust(u(1, 1));
    r.adjust(u(1, 1));
    r.adjust(u(0, 1));
    expect(r.adjust(u(0, 1))).toBe(2_000_000n);
  });

  it('stops at the ceiling, with the excess held where the price reaches it, so one empty window brings it down', () => {
    // Ceiling 2.2 USD: a full window would take 2 USD to 2.25; it stops at 2.2. The excess stops at
    // the least that prices 2.2, so an empty window divides 2.2 by 1.125 (same tolerance as above).
    const r = exp({ maxPrice: 2_200_000n });
    expect(r.adjust(u(1, 1))).toBe(2_200_000n);
    const held = r.excess;
    for (let i = 0; i < 5; i++) expect(r.adjust(u(1, 1))).toBe(2_200_000n);
    expect(r.excess).toBe(held);
    expect(Number(r.adjust(u(0, 1))) / 2.2e6).toBeCloseTo(1 / 1.125, 6);
  });

  it('stops at the floor, where the excess is 0', () => {
    const r = exp({ initialPrice: 60_000n });
    r.adjust(u(0, 1));
    r.adjust(u(0, 1));
    expect(r.excess).toBe(0n);
    expect(r.price).toBe(50_000n);
  });
});

describe('bad parameters', () => {
  it.each([
    ['a target of 0', { targetUtilization: 0 }],
    ['a target of 1', { targetUtilization: 1 }],
    ['a step of 0', { step: 0 }],
    ['a step above 1', { step: 1.5 }],
    ['an initial price below the floor', { minPrice: 3n * USD }],
    ['an initial price above the ceiling', { maxPrice: USD }],
    ['an exponential curve with a zero floor', { curve: 'exponential' as const, minPrice: 0n }],
  ])('are refused with a readable message: %s', (_, overrides) => {
    expect(() => rule(overrides)).toThrow(/posted price: /);
  });
});
