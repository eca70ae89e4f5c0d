import { describe, expect, it } from 'vitest';
import { WAD } from '../../../sim/contracts/math.js';
import { Journal } from '../../../sim/contracts/restaking/Journal.js';
import { Snapshots } from '../../../sim/contracts/restaking/Snapshots.js';
import { errorOf } from './fixture.js';

describe('Snapshots', () => {
  it('returns the default before any checkpoint', () => {
    const j = new Journal();
    expect(Snapshots.defaultWadHistory(j).latest()).toBe(WAD);
    expect(Snapshots.defaultZeroHistory(j).upperLookup(5)).toBe(0n);
  });

  it('looks up the last value at or before a key, and overwrites a same-key push', () => {
    const h = Snapshots.defaultWadHistory(new Journal());
    h.push(10, 7n);
    h.push(20, 5n);
    h.push(20, 4n);
    expect(h.length).toBe(2);
    expect(h.upperLookup(9)).toBe(WAD);
    expect(h.upperLookup(10)).toBe(7n);
    expect(h.upperLookup(19)).toBe(7n);
    expect(h.upperLookup(20)).toBe(4n);
    expect(h.upperLookup(1_000)).toBe(4n);
    expect(h.latest()).toBe(4n);
  });

  it('reverts InvalidSnapshotOrdering when the key decreases', () => {
    const h = Snapshots.defaultZeroHistory(new Journal());
    h.push(10, 1n);
    expect(errorOf(() => h.push(9, 2n))).toBe('InvalidSnapshotOrdering');
  });

  it('undoes pushes made inside a reverted transaction', () => {
    const j = new Journal();
    const h = Snapshots.defaultZeroHistory(j);
    h.push(1, 1n);
    expect(() =>
      j.atomic(() => {
        h.push(1, 5n);
        h.push(2, 6n);
        throw new Error('revert');
      }),
    ).toThrow('revert');
    expect(h.dump()).toEqual({ keys: [1], values: [1n] });
  });
});
