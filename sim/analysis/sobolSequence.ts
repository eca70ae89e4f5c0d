// The Sobol' low-discrepancy sequence in base 2 (Sobol' 1967), built as Bratley and Fox (1988) and
// Joe and Kuo (2008) describe it, with Joe and Kuo's direction numbers (joeKuoDirections.ts), in
// Gray-code order like their reference generator, so the first points are the published ones.
//
// Why a quasi-random sequence: the Saltelli estimators are averages over the design, and on a
// low-discrepancy design their error falls nearly as 1/N instead of Monte Carlo's 1/√N. Why a
// random digital shift (Matoušek 1998): the raw sequence is one fixed point set, so an error bar on
// it means nothing; XOR-ing every coordinate's bits with a seeded random word makes each point
// uniform on the cube while keeping the (t, m, s)-net structure, so estimates over different seeds
// are independent draws of an unbiased estimator and a confidence interval has its usual meaning.
import { streams } from '../engine/index.js';
import { JOE_KUO_ROWS } from './joeKuoDirections.js';

const BITS = 32;
const TWO_POW_32 = 2 ** 32;

/** The largest number of dimensions the direction table supports. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO_ROWS.length + 1;
/** Points are indexed by 32-bit words; a larger index would repeat the sequence. */
export const SOBOL_MAX_POINTS = 2 ** 32;

export interface SobolOptions {
  /** Index of the first point (0: the sequence from its start, whose first point is the origin). */
  readonly start?: number;
  /** Seed of a random digital shift; without one the raw sequence is returned. */
  readonly shiftSeed?: string;
}

/**
 * `count` points of the `dimensions`-dimensional sequence, each in [0, 1)^dimensions, from index
 * `start`. Any prefix of length 2^m is a (t, m, s)-net: use powers of two where balance matters.
 */
export function sobolSequence(count: number, dimensions: number, options: SobolOptions = {}): number[][] {
  const start = options.start ?? 0;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(`the Sobol' sequence has 1 to ${SOBOL_MAX_DIMENSIONS} dimensions, got ${dimensions}`);
  }
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`point count must be an integer >= 0, got ${count}`);
  if (!Number.isInteger(start) || start < 0 || start + count > SOBOL_MAX_POINTS) {
    throw new RangeError(`points ${start} to ${start + count - 1} are outside the sequence's 2^32 points`);
  }
  const directions = DIRECTIONS.slice(0, dimensions);
  const shift = options.shiftSeed === undefined ? new Uint32Array(dimensions) : digitalShift(options.shiftSeed, dimensions);
  // The integer coordinates of point `start`, then one XOR per point: Gray codes of consecutive
  // indices differ in one bit, the lowest zero bit of the earlier index.
  const word = directions.map((v) => grayCodeWord(v, start));
  const points: number[][] = [];
  for (let i = start; i < start + count; i++) {
    if (i > start) {
      const bit = lowestZeroBit(i - 1);
      for (let d = 0; d < dimensions; d++) word[d] = ((word[d] as number) ^ (directions[d] as Uint32Array)[bit]!) >>> 0;
    }
    points.push(word.map((w, d) => ((w ^ shift[d]!) >>> 0) / TWO_POW_32));
  }
  return points;
}

/** The direction words v_1 … v_32 of one dimension, v_k = m_k / 2^k scaled to 32 bits. */
function directionWords(row: string | undefined): Uint32Array {
  const v = new Uint32Array(BITS);
  if (row === undefined) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, ...m] = row.split(' ').map(Number) as [number, number, ...number[]];
  for (let k = 0; k < BITS; k++) {
    if (k < s) {
      v[k] = (m[k] as number) * 2 ** (BITS - 1 - k);
      continue;
    }
    // v_k = a_1 v_(k−1) ⊕ … ⊕ a_(s−1) v_(k−s+1) ⊕ v_(k−s) ⊕ (v_(k−s) >> s)   (Joe and Kuo, eq. 3)
    let x = (v[k - s] as number) ^ ((v[k - s] as number) >>> s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j] as number;
    v[k] = x >>> 0;
  }
  return v;
}

const DIRECTIONS: readonly Uint32Array[] = [directionWords(undefined), ...JOE_KUO_ROWS.map(directionWords)];

/** The integer coordinate of point `index`: the XOR of the directions at the set bits of its Gray code. */
function grayCodeWord(v: Uint32Array, index: number): number {
  let gray = (index ^ (index >>> 1)) >>> 0;
  let word = 0;
  for (let k = 0; gray !== 0; k++, gray >>>= 1) if (gray & 1) word ^= v[k] as number;
  return word >>> 0;
}

function lowestZeroBit(n: number): number {
  let bit = 0;
  while ((n >>> bit) & 1) bit++;
  return bit;
}

/** One uniform 32-bit word per dimension, from the seed's `digital-shift` stream. */
function digitalShift(seed: string, dimensions: number): Uint32Array {
  const stream = streams(seed).get('digital-shift');
  return Uint32Array.from({ length: dimensions }, () => Math.floor(stream.next() * TWO_POW_32));
}
