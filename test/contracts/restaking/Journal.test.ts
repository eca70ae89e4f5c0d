// The journal's stores: a NestedStateMap (mapping(K1 => mapping(K2 => V))) must dump exactly as a
// StateMap over mapKey(k1, k2) would, and a reverted transaction must leave both as they were,
// insertion order included.
import { describe, expect, it } from 'vitest';
import { mapKey } from '../../../sim/contracts/restaking/common.js';
import { Journal, NestedStateMap, StateMap } from '../../../sim/contracts/restaking/Journal.js';

/** The same writes on a NestedStateMap and on a flat StateMap keyed by mapKey. */
function pair() {
  const journal = new Journal();
  const nested = new NestedStateMap<string, string, bigint>(journal, 'nested');
  const flat = new StateMap<string, bigint>(journal, 'flat');
  const set = (a: string, b: string, v: bigint) => (nested.set(a, b, v), flat.set(mapKey(a, b), v));
  const del = (a: string, b: string) => (nested.delete(a, b), flat.delete(mapKey(a, b)));
  return { journal, nested, set, del };
}

describe('NestedStateMap', () => {
  it('reads what was written, by both keys', () => {
    const { nested, set, del } = pair();
    set('alice', 'stEth', 5n);
    set('alice', 'eigen', 7n);
    set('bob', 'stEth', 9n);
    del('alice', 'stEth');
    expect([nested.get('alice', 'stEth'), nested.get('alice', 'eigen'), nested.get('bob', 'stEth'), nested.get('bob', 'eigen')]).toEqual([
      undefined,
      7n,
      9n,
      undefined,
    ]);
  });

  it('dumps as the flat StateMap does, in insertion order across first keys', () => {
    const { journal, set } = pair();
    set('alice', 'stEth', 1n);
    set('bob', 'stEth', 2n);
    set('alice', 'eigen', 3n);
    set('alice', 'stEth', 4n);
    const dump = journal.dump();
    expect(dump['nested']).toEqual([
      [mapKey('alice', 'stEth'), 4n],
      [mapKey('bob', 'stEth'), 2n],
      [mapKey('alice', 'eigen'), 3n],
    ]);
    expect(dump['nested']).toEqual(dump['flat']);
  });

  it('a reverted transaction restores values, deleted keys and their order', () => {
    const { journal, nested, set, del } = pair();
    set('alice', 'stEth', 1n);
    set('bob', 'stEth', 2n);
    set('alice', 'eigen', 3n);
    const before = journal.dump();
    expect(() =>
      journal.atomic(() => {
        del('alice', 'stEth');
        del('alice', 'eigen');
        set('bob', 'stEth', 20n);
        set('carol', 'stEth', 30n);
        throw new Error('revert');
      }),
    ).toThrow('revert');
    expect(journal.dump()).toEqual(before);
    expect(nested.get('carol', 'stEth')).toBeUndefined();
    expect(nested.get('alice', 'eigen')).toBe(3n);
  });
});
