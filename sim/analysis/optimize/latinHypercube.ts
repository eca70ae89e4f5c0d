// A Latin hypercube in the unit cube (McKay, Beckman and Conover 1979): each axis is cut into n
// equal strata, each stratum of each axis holds exactly one of the n points, at a uniform place.
import type { RandomStream } from '../../engine/index.js';

export function latinHypercube(n: number, dimensions: number, stream: RandomStream): number[][] {
  const columns = Array.from({ length: dimensions }, () => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(stream.next() * (i + 1));
      [strata[i], strata[j]] = [strata[j] as number, strata[i] as number];
    }
    return strata.map((s) => (s + stream.next()) / n);
  });
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i] as number));
}
