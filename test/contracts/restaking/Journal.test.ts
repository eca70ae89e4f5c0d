// The journal's stores: a NestedStateMap (mapping(K1 => mapping(K2 => V))) must dump exactly as a
// StateMap over mapKey(k1, k2) would, and a reverted transaction must leave both as they were,
// insertion order included.
import { describe, expect, it } from 'vitest';
import { mapKey } from '../../../sim/contracts/restaking/common.js';
import { Journal, NestedStateMap, StateCell, StateMap } from '../../../sim/contracts/restaking/Journal.js';

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

describe('Journal.version', () => {
  it('moves with every write of any store, outside and inside a transaction, and with a rollback', () => {
    const journal = new Journal();
    const flat = new StateMap<string, bigint>(journal, 'flat');
    const cell = new StateCell(journal, 'cell', 0n);
    const seen = [journal.version];
    flat.set('a', 1n);
    seen.push(journal.version);
    cell.set(2n);
    seen.push(journal.version);
    journal.atomic(() => flat.delete('a'));
    seen.push(journal.version);
    let duringCall = journal.version;
    expect(() =>
      journal.atomic(() => {
        flat.set('b', 3n);
        duringCall = journal.version;
        throw new Error('revert');
      }),
    ).toThrow('revert');
    // The rollback restored the state a reader may have cached from during the call: the version moves again.
    expect(journal.version).not.toBe(duringCall);
    seen.push(duringCall, journal.version);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('stands while only reads happen', () => {
    const journal = new Journal();
    const flat = new StateMap<string, bigint>(journal, 'flat');
    flat.set('a', 1n);
    const version = journal.version;
    flat.get('a');
    flat.delete('missing');
    journal.atomic(() => flat.get('a'));
    expect(journal.version).toBe(version);
  });
});
