// Nelder-Mead simplex minimisation (Nelder and Mead 1965, with the standard coefficients: reflect
// 1, expand 2, contract 1/2, shrink 1/2) for a fixed number of iterations, so that its result and
// its cost are the same on every machine. Used where the function is cheap, smooth enough and has
// few variables: the Gaussian process's hyperparameters, and polishing an acquisition maximum.

export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
}

/** Minimises f from `start`, with an initial simplex of `step` along each axis. */
export function nelderMead(f: (x: number[]) => number, start: readonly number[], step: number, iterations: number): NelderMeadResult {
  const m = start.length;
  let simplex = [start.slice(), ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map(f);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const worst = simplex[m] as number[];
    const centroid = start.map((_, j) => simplex.slice(0, m).reduce((sum, p) => sum + (p[j] as number), 0) / m);
    const toward = (t: number): number[] => centroid.map((c, j) => c + t * ((worst[j] as number) - c));
    const reflected = toward(-1);
    const reflectedValue = f(reflected);
    if (reflectedValue < (values[0] as number)) {
      const expanded = toward(-2);
      const expandedValue = f(expanded);
      [simplex[m], values[m]] = expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < (values[m - 1] as number)) {
      [simplex[m], values[m]] = [reflected, reflectedValue];
    } else {
      const contracted = reflectedValue < (values[m] as number) ? toward(-0.5) : toward(0.5);
      const contractedValue = f(contracted);
      if (contractedValue < Math.min(reflectedValue, values[m] as number)) {
        [simplex[m], values[m]] = [contracted, contractedValue];
      } else {
        const best = simplex[0] as number[];
        for (let i = 1; i <= m; i++) {
          simplex[i] = best.map((b, j) => b + 0.5 * (((simplex[i] as number[])[j] as number) - b));
          values[i] = f(simplex[i] as number[]);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= m; i++) if ((values[i] as number) < (values[best] as number)) best = i;
  return { x: simplex[best] as number[], value: values[best] as number };
}
