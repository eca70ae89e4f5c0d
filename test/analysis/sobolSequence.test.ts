// The Sobol' sequence against its published first points, against SciPy's independent
// implementation in all 128 dimensions, and against the properties that define it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOE_KUO_ROWS } from '../../sim/analysis/joeKuoDirections.js';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from '../../sim/analysis/sobolSequence.js';

// scipy.stats.qmc.Sobol(d=128, scramble=False, bits=32), fast_forward(index), random(1), times 2^32:
// SciPy ships Joe and Kuo's new-joe-kuo-6.21201 numbers and its own generator.
const scipy = JSON.parse(readFileSync(new URL('./fixtures/sobol-scipy.json', import.meta.url), 'utf8')) as { indices: number[]; words: number[][] };

describe("the Sobol' sequence", () => {
  it('starts with the published points of Joe and Kuo\'s two-dimensional sequence, in Gray-code order', () => {
    expect(sobolSequence(8, 2)).toEqual([
      [0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375], [0.875, 0.875], [0.625, 0.125], [0.125, 0.625],
    ]);
  });

  it('agrees with SciPy to all 32 bits in every one of its 128 dimensions', () => {
    expect(SOBOL_MAX_DIMENSIONS).toBe(128);
    scipy.indices.forEach((index, row) => {
      const [point] = sobolSequence(1, 128, { start: index });
      expect(point!.map((x) => x * 2 ** 32), `point ${index}`).toEqual(scipy.words[row]);
    });
  });

  it('continues from any start exactly as from the beginning', () => {
    const whole = sobolSequence(300, 11);
    expect(sobolSequence(50, 11, { start: 250 })).toEqual(whole.slice(250));
    expect(sobolSequence(1, 11, { start: 299 })).toEqual(whole.slice(299));
  });

  it('puts one of its first 2^m points in each of the 2^m equal intervals of every axis, raw or digitally shifted', () => {
    for (const shiftSeed of [undefined, 'shift-a']) {
      const points = sobolSequence(256, 128, shiftSeed === undefined ? {} : { shiftSeed });
      for (let d = 0; d < 128; d++) {
        const cells = new Set(points.map((p) => Math.floor(p[d]! * 256)));
        expect(cells.size, `dimension ${d + 1}`).toBe(256);
      }
    }
  });

  it('shifts by the seed: the same seed gives the same points, another seed others, all in [0, 1)', () => {
    const a = sobolSequence(64, 6, { shiftSeed: 's' });
    expect(sobolSequence(64, 6, { shiftSeed: 's' })).toEqual(a);
    expect(sobolSequence(64, 6, { shiftSeed: 't' })).not.toEqual(a);
    for (const p of a) for (const x of p) expect(x >= 0 && x < 1).toBe(true);
  });

  it('refuses dimensions and ranges it does not have', () => {
    expect(() => sobolSequence(1, 0)).toThrow(/1 to 128 dimensions/);
    expect(() => sobolSequence(1, 129)).toThrow(/1 to 128 dimensions, got 129/);
    expect(() => sobolSequence(-1, 2)).toThrow(/count/);
    expect(() => sobolSequence(2, 2, { start: 2 ** 32 - 1 })).toThrow(/2\^32/);
  });
});

describe("Joe and Kuo's direction table", () => {
  const rows = JOE_KUO_ROWS.map((row) => row.split(' ').map(Number) as [number, number, ...number[]]);

  it('lists every primitive polynomial over GF(2) by degree and then by coefficients, as their file does', () => {
    const expected: [number, number][] = [];
    for (let s = 1; expected.length < rows.length; s++) {
      for (let a = 0; a < 2 ** (s - 1) && expected.length < rows.length; a++) if (isPrimitive(s, a)) expected.push([s, a]);
    }
    expect(rows.map(([s, a]) => [s, a])).toEqual(expected);
  });

  it('gives each polynomial of degree s exactly s initial numbers, each odd and below 2^k', () => {
    for (const [s, , ...m] of rows) {
      expect(m).toHaveLength(s);
      m.forEach((mk, k) => {
        expect(mk % 2).toBe(1);
        expect(mk).toBeLessThan(2 ** (k + 1));
      });
    }
  });
});

/** x^s + a_1 x^(s−1) + … + a_(s−1) x + 1 is primitive when x has order 2^s − 1 modulo it. */
function isPrimitive(s: number, a: number): boolean {
  const polynomial = 2 ** s + a * 2 + 1;
  const order = 2 ** s - 1;
  let power = 1;
  for (let k = 1; k <= order; k++) {
    power *= 2;
    if (power >= 2 ** s) power ^= polynomial;
    if (power === 1) return k === order;
  }
  return false;
}
