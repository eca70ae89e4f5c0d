// Named streams: each is alea seeded from (run seed, name), independent of every other stream.
import seedrandom from 'seedrandom';
import { describe, expect, it, vi } from 'vitest';
import { streams } from '../../sim/engine/index.js';

const draws = (next: () => number, n = 20): number[] => Array.from({ length: n }, () => next());

describe('streams', () => {
  it('derives each stream as alea seeded from the JSON pair [run seed, name]', () => {
    const expected = seedrandom.alea(JSON.stringify(['run-7', 'arrivals']));
    expect(draws(streams('run-7').get('arrivals').next)).toEqual(draws(expected));
  });

  it('is reproducible: the same run seed and name give the same draws', () => {
    expect(draws(streams('s').get('x').next)).toEqual(draws(streams('s').get('x').next));
  });

  it('returns the same stream object for the same name, so its draws continue', () => {
    const registry = streams('s');
    expect(registry.get('x')).toBe(registry.get('x'));
  });

  it('separates run seeds, names, and ambiguous concatenations', () => {
    const first = (seed: string, name: string): number => streams(seed).get(name).next();
    expect(first('s1', 'x')).not.toBe(first('s2', 'x'));
    expect(first('s', 'x')).not.toBe(first('s', 'y'));
    expect(first('a', 'bc')).not.toBe(first('ab', 'c'));
  });

  it('adding a stream, or drawing from another, never shifts a stream', () => {
    const alone = streams('run');
    const reference = draws(alone.get('service').next, 50);

    const busy = streams('run');
    const arrivals = busy.get('arrivals');
    const service = busy.get('service');
    const mixed: number[] = [];
    for (let i = 0; i < 50; i++) {
      arrivals.exponential(1);
      busy.get(`late stream ${i}`).normal();
      mixed.push(service.next());
    }
    expect(mixed).toEqual(reference);
  });

  it('seeds a stream at its first draw, once, and never one that is not drawn from', () => {
    const seed = JSON.stringify(['lazy', 'drawn']);
    const expected = draws(seedrandom.alea(seed), 3);
    const seeding = vi.spyOn(seedrandom, 'alea');
    try {
      const registry = streams('lazy');
      const never = registry.get('never drawn');
      const drawn = registry.get('drawn');
      const captured = drawn.next;
      expect(seeding).not.toHaveBeenCalled();
      expect([drawn.next(), captured(), drawn.next()]).toEqual(expected);
      expect(seeding.mock.calls).toEqual([[seed]]);
      expect(registry.get('never drawn')).toBe(never);
    } finally {
      seeding.mockRestore();
    }
  });
});
