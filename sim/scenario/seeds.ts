// Run seeds and ids. A run's seed is a hash of (master seed, point, replicate) alone, or with
// `sweep.seeds: common` of (master seed, replicate) alone, so it never depends on how many runs a
// sweep has or the order they are expanded or executed in.
import { createHash } from 'node:crypto';
import type { RunKey } from './runSpec.js';

// Versioned so that a deliberate change of derivation cannot silently collide with old results.
const DOMAIN = 'depin-lab/run-seed/v1';

/** 128 bits of sha256 as hex: plenty for seedrandom, short enough to read in a results table. */
export function runSeed(masterSeed: string, key: RunKey): string {
  return createHash('sha256')
    .update(`${DOMAIN}\u0000${masterSeed}\u0000${key.point}\u0000${key.replicate}`)
    .digest('hex')
    .slice(0, 32);
}

// A separate domain, so a common seed never equals an independent run's seed by construction.
const COMMON_DOMAIN = 'depin-lab/common-run-seed/v1';

/**
 * The seed of replicate r at every sweep point under common random numbers: the point is left out
 * of the hash, so point p and point q of replicate r run on the same seed.
 */
export function commonRunSeed(masterSeed: string, replicate: number): string {
  return createHash('sha256').update(`${COMMON_DOMAIN}\u0000${masterSeed}\u0000${replicate}`).digest('hex').slice(0, 32);
}

/** A seed for a named stream of the sweep itself (random and Latin-hypercube sampling). */
export function sweepSeed(masterSeed: string, stream: string): string {
  return createHash('sha256').update(`depin-lab/sweep/v1\u0000${masterSeed}\u0000${stream}`).digest('hex').slice(0, 32);
}

export function runId(key: RunKey): string {
  return `p${String(key.point).padStart(4, '0')}-r${String(key.replicate).padStart(4, '0')}`;
}
