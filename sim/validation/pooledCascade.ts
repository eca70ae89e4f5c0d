// Seeded random restaking graphs in whole STAKE tokens, for the §2 rows on random graphs.
import type { RandomStream } from '../engine/index.js';

/** A restaking graph in whole STAKE tokens; every validator backs at least one service. */
export interface TokenGraph {
  readonly services: readonly { readonly id: string; readonly profit: number; readonly threshold: number }[];
  readonly validators: readonly { readonly id: string; readonly stake: number }[];
  readonly edges: readonly (readonly [string, string])[];
}

/** Random small graphs: 1-4 services, 2-6 validators, every validator on at least one service. */
export function randomTokenGraph(rng: RandomStream): TokenGraph {
  const serviceCount = 1 + Math.floor(rng.next() * 4);
  const validatorCount = 2 + Math.floor(rng.next() * 5);
  const services = Array.from({ length: serviceCount }, (_, s) => ({
    id: `s${s}`,
    profit: Math.floor(rng.next() * 31),
    // Quarters: exact as decimals, so the analysis and the market read the same threshold.
    threshold: (1 + Math.floor(rng.next() * 4)) / 4,
  }));
  const validators = Array.from({ length: validatorCount }, (_, v) => ({ id: `v${v}`, stake: 1 + Math.floor(rng.next() * 20) }));
  const edges: [string, string][] = [];
  for (const v of validators) {
    const mine = services.filter(() => rng.next() < 0.5);
    for (const s of mine.length > 0 ? mine : [services[Math.floor(rng.next() * serviceCount)]!]) edges.push([s.id, v.id]);
  }
  // Service order, then validator order, as the market lists its registrations.
  edges.sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)) || Number(a[1].slice(1)) - Number(b[1].slice(1)));
  return { services, validators, edges };
}
