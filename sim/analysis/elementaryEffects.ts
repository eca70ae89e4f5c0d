// Elementary effects of a Morris design and the screening measures over them (the definitions
// are in morris.ts's opening comment).
import { standardDeviation } from './bootstrapInterval.js';
import type { Bounds } from './box.js';

/** effects[i][t]: the effect of input i on trajectory t, (f(after) − f(before))/(±Δ). */
/** One step of a trajectory: which input moved, and whether up (+1) or down (−1). */
export interface MorrisMove {
  readonly input: number;
  readonly direction: 1 | -1;
}

export interface MorrisDesign {
  readonly method: 'morris';
  readonly bounds: Bounds;
  /** Trajectories: the design has r(k + 1) points. */
  readonly r: number;
  /** Grid levels p per input (even). */
  readonly levels: number;
  /** The step Δ = p/(2(p − 1)), as a fraction of each range. */
  readonly delta: number;
  readonly seed: string;
  /** The points in the bounds' units, trajectory after trajectory, k + 1 points each. */
  readonly points: number[][];
  /** moves[t][s] is the move from point s to point s + 1 of trajectory t. */
  readonly moves: MorrisMove[][];
}

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
