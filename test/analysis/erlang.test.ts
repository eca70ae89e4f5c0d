// Erlang B/C closed forms (validation spec §1).
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangWq, mmcSteadyState, waitExceedsProbability } from '../../sim/analysis/erlang.js';

describe('Erlang B and C', () => {
  it('reproduces the textbook case λ = 2, μ = 1, c = 3: C = 4/9, Wq = 4/9, L = 26/9 (validation spec §1)', () => {
    const s = mmcSteadyState(2, 1, 3);
    expect(Math.abs(s.waitProbability - 4 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(s.wq - 4 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(s.l - 26 / 9)).toBeLessThan(1e-12);
    // By hand from the same formulas: W = Wq + 1/μ = 13/9, Lq = Cρ/(1 − ρ) = 8/9, B(3, 2) = 4/19.
    expect(Math.abs(s.w - 13 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(s.lq - 8 / 9)).toBeLessThan(1e-12);
    expect(Math.abs(erlangB(3, 2) - 4 / 19)).toBeLessThan(1e-15);
    expect(erlangWq(2, 1, 3)).toBe(s.wq);
  });

  it('reduces to M/M/1 for one server: B = a/(1 + a), C = ρ, Wq = ρ/(μ − λ)', () => {
    expect(erlangB(1, 0.8)).toBeCloseTo(0.8 / 1.8, 15);
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 15);
    expect(erlangWq(0.8, 1, 1)).toBeCloseTo(4, 13);
  });

  it("satisfies Little's law for the queue, Lq = λ·Wq, on a large system", () => {
    const s = mmcSteadyState(95, 1, 100);
    expect(s.lq).toBeCloseTo(95 * s.wq, 10);
    expect(s.waitProbability).toBeGreaterThan(0);
    expect(s.waitProbability).toBeLessThan(1);
  });

  it('gives P(Wq > 0) = C and decays at rate cμ − λ', () => {
    expect(waitExceedsProbability(2, 1, 3, 0)).toBeCloseTo(4 / 9, 15);
    expect(waitExceedsProbability(2, 1, 3, 2)).toBeCloseTo((4 / 9) * Math.exp(-2), 15);
  });

  it('rejects unstable queues and nonsense parameters', () => {
    expect(() => mmcSteadyState(3, 1, 3)).toThrow(/unstable/);
    expect(() => mmcSteadyState(2, 0, 3)).toThrow(RangeError);
    expect(() => mmcSteadyState(2, 1, 2.5)).toThrow(RangeError);
    expect(() => erlangB(0, 1)).toThrow(RangeError);
    expect(() => waitExceedsProbability(2, 1, 3, -1)).toThrow(RangeError);
  });
});
