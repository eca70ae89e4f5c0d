// What the next evaluation is worth, from the surrogate's posterior at a point.
import { normalCdf, normalPdf } from '../normal.js';

/**
 * Expected improvement below `best` of a minimised latent function with posterior mean `mean` and
 * standard deviation `sd` (Jones, Schonlau and Welch 1998):
 *   EI = (best − mean) Φ(u) + sd φ(u),  u = (best − mean)/sd.
 * With noisy observations `best` is the lowest posterior mean at an evaluated point (the "plug-in"
 * incumbent, Picheny et al. 2013), not the lowest noisy observation, which noise drags down.
 */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  const gain = best - mean;
  if (!(sd > 0)) return Math.max(0, gain);
  const u = gain / sd;
  return gain * normalCdf(u) + sd * normalPdf(u);
}

/** P(min ≤ value ≤ max) for a normal value: the chance a constraint holds (Schonlau et al. 1998). */
export function probabilityWithin(mean: number, sd: number, min: number, max: number): number {
  if (!(sd > 0)) return mean >= min && mean <= max ? 1 : 0;
  const upper = max === Infinity ? 1 : normalCdf((max - mean) / sd);
  const lower = min === -Infinity ? 0 : normalCdf((min - mean) / sd);
  return Math.max(0, upper - lower);
}
