// Elementary effects of a Morris design and the screening measures over them (the definitions
// are in morris.ts's opening comment).
import { standardDeviation } from './bootstrapInterval.js';
import type { MorrisDesign } from './morris.js';

/** effects[i][t]: the effect of input i on trajectory t, (f(after) − f(before))/(±Δ). */
export function elementaryEffects(design: MorrisDesign, y: readonly number[]): number[][] {
  const k = design.bounds.length;
  const effects = Array.from({ length: k }, () => new Array<number>(design.r).fill(0));
  design.moves.forEach((trajectory, t) => {
    trajectory.forEach(({ input, direction }, s) => {
      const before = y[t * (k + 1) + s] as number;
      const after = y[t * (k + 1) + s + 1] as number;
      effects[input]![t] = (after - before) / (direction * design.delta);
    });
  });
  return effects;
}

/** μ (mean effect), μ* (mean absolute effect) and σ (standard deviation) of each input. */
export function screeningMeasures(effects: readonly (readonly number[])[]): { mu: number[]; muStar: number[]; sigma: number[] } {
  return {
    mu: effects.map((e) => mean(e)),
    muStar: effects.map((e) => mean(e.map(Math.abs))),
    sigma: effects.map(standardDeviation),
  };
}

/** Inputs by decreasing μ*; ties keep input order. */
export function rankByInfluence(muStar: readonly number[]): number[] {
  return muStar.map((_, i) => i).sort((p, q) => (muStar[q] as number) - (muStar[p] as number) || p - q);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
