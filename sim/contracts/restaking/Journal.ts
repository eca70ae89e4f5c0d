// Transaction semantics for the restaking contracts. A call into EigenLayer's core spans several
// contracts (AllocationManager -> DelegationManager -> StrategyManager -> strategy -> token), and the
// EVM reverts all of them together. Each contract keeps every piece of its state in a `StateMap`,
// `NestedStateMap` or `StateCell` bound to one shared `Journal`; every public entry point runs inside `atomic`, which
// records how to undo each write and replays the undo log if anything throws. A reverted call
// therefore leaves every contract exactly as it was.
//
// The ERC-20 ledger is not journaled. Deposits move tokens only after every check has passed; a
// transfer out of a strategy that a later step of the same call reverts is undone by a compensating
// transfer, which restores balances and allowances (the ledger's holder iteration order may differ).
//
// Values stored in a StateMap are treated as immutable: writers replace them, never edit them.

import { mapKey } from './common.js';

export type Undo = () => void;

export interface StateDump {
  readonly [store: string]: unknown;
}

/**
 * Not part of the originals: counts the writes to one contract's stores, and every rollback, so a
 * reader outside the contracts may keep what it computed from that contract's state alone while it
 * stands (the journal's version moves with every contract's writes).
 */
export class WriteClock {
  writes = 0;
}

export class Journal {
  readonly #stores = new Map<string, () => unknown>();
  readonly #clocks: WriteClock[] = [];
  #undoLog: Undo[] | null = null;
  #version = 0;

  /**
   * Not part of the originals: a number that changes with every journaled write and every rollback,
   * so a reader outside the contracts may keep what it computed from their state while it stands.
   */
  get version(): number {
    return this.#version;
  }

  /** Runs `fn` as one transaction: if it throws, every journaled write made inside it is undone. */
  atomic<T>(fn: () => T): T {
    // A nested call (one contract calling another) belongs to the caller's transaction.
    if (this.#undoLog !== null) return fn();
    const log: Undo[] = [];
    this.#undoLog = log;
    try {
      const result = fn();
      this.#undoLog = null;
      return result;
    } catch (error) {
      this.#undoLog = null;
      for (let i = log.length - 1; i >= 0; i--) log[i]!();
      this.#version++;
      for (const clock of this.#clocks) clock.writes++;
      throw error;
    }
  }

  /**
   * Registers how to undo a write that has just been made (every journaled write calls this, so it
   * also moves `version`). Outside a transaction there is nothing to undo.
   */
  record(undo: Undo, clock?: WriteClock): void {
    this.#version++;
    if (clock !== undefined) clock.writes++;
    this.#undoLog?.push(undo);
  }

  /** A write clock for one contract's stores (given to each of them); every rollback moves it too. */
  clock(): WriteClock {
    const clock = new WriteClock();
    this.#clocks.push(clock);
    return clock;
  }

  register(name: string, dump: () => unknown): void {
    if (this.#stores.has(name)) throw new Error(`state store ${name} registered twice`);
    this.#stores.set(name, dump);
  }

  /** A deep copy of every registered store, for invariant checks and revert tests. */
  dump(): StateDump {
    const out: Record<string, unknown> = {};
    for (const [name, dump] of this.#stores) out[name] = dump();
    return out;
  }
}

interface Dumpable {
  dump(): unknown;
}

function dumpValue(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && typeof (v as Partial<Dumpable>).dump === 'function') {
    return (v as Dumpable).dump();
  }
  return structuredClone(v);
}

interface Entry<V> {
  /** Insertion rank: a rollback that restores a deleted key puts it back in its old place. */
  readonly seq: number;
  readonly value: V;
}

/**
 * A journaled mapping that iterates in insertion order, as a Map does. Missing keys read as
 * `undefined`; callers supply the Solidity default.
 */
export class StateMap<K, V> {
  readonly #journal: Journal;
  readonly #clock: WriteClock | undefined;
  readonly #map = new Map<K, Entry<V>>();
  #nextSeq = 0;
  // Set when a rollback re-inserted a deleted key at the end; the next iteration restores the order.
  #disordered = false;

  constructor(journal: Journal, name: string, clock?: WriteClock) {
    this.#journal = journal;
    this.#clock = clock;
    journal.register(name, () => [...this.entries()].map(([k, v]) => [k, dumpValue(v)]));
  }

  get(key: K): V | undefined {
    return this.#map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  get size(): number {
    return this.#map.size;
  }

  /** Read-only iteration in insertion order. */
  *entries(): IterableIterator<[K, V]> {
    this.#restoreOrder();
    for (const [k, e] of this.#map) yield [k, e.value];
  }

  *keys(): IterableIterator<K> {
    this.#restoreOrder();
    yield* this.#map.keys();
  }

  set(key: K, value: V): void {
    const old = this.#map.get(key);
    if (old !== undefined) {
      this.#journal.record(() => this.#map.set(key, old), this.#clock);
      this.#map.set(key, { seq: old.seq, value });
    } else {
      this.#journal.record(() => this.#map.delete(key), this.#clock);
      this.#map.set(key, { seq: this.#nextSeq++, value });
    }
  }

  delete(key: K): void {
    const old = this.#map.get(key);
    if (old === undefined) return;
    this.#journal.record(() => {
      this.#map.set(key, old);
      this.#disordered = true;
    }, this.#clock);
    this.#map.delete(key);
  }

  #restoreOrder(): void {
    if (!this.#disordered) return;
    const sorted = [...this.#map].sort((a, b) => a[1].seq - b[1].seq);
    this.#map.clear();
    for (const [k, e] of sorted) this.#map.set(k, e);
    this.#disordered = false;
  }
}

/**
 * A journaled two-level mapping, Solidity's `mapping(K1 => mapping(K2 => V))`, kept as nested maps
 * so that a read builds no composite key: the contracts read these (a staker's shares, an
 * operator's max magnitude) millions of times a month, and joining and hashing a key string was
 * most of that cost. Its dump is a StateMap's over `mapKey(k1, k2)`, in insertion order. Not
 * iterable: a mapping the contracts iterate stays a StateMap.
 */
export class NestedStateMap<K1 extends string | number, K2 extends string | number, V> {
  readonly #journal: Journal;
  readonly #clock: WriteClock | undefined;
  readonly #outer = new Map<K1, Map<K2, Entry<V>>>();
  #nextSeq = 0;

  constructor(journal: Journal, name: string, clock?: WriteClock) {
    this.#journal = journal;
    this.#clock = clock;
    journal.register(name, () => this.#dump());
  }

  get(k1: K1, k2: K2): V | undefined {
    return this.#outer.get(k1)?.get(k2)?.value;
  }

  set(k1: K1, k2: K2, value: V): void {
    const inner = this.#inner(k1);
    const old = inner.get(k2);
    if (old !== undefined) {
      this.#journal.record(() => this.#inner(k1).set(k2, old), this.#clock);
      inner.set(k2, { seq: old.seq, value });
    } else {
      this.#journal.record(() => this.#remove(k1, k2), this.#clock);
      inner.set(k2, { seq: this.#nextSeq++, value });
    }
  }

  delete(k1: K1, k2: K2): void {
    const old = this.#outer.get(k1)?.get(k2);
    if (old === undefined) return;
    this.#journal.record(() => this.#inner(k1).set(k2, old), this.#clock);
    this.#remove(k1, k2);
  }

  #inner(k1: K1): Map<K2, Entry<V>> {
    let inner = this.#outer.get(k1);
    if (inner === undefined) this.#outer.set(k1, (inner = new Map()));
    return inner;
  }

  #remove(k1: K1, k2: K2): void {
    const inner = this.#outer.get(k1);
    if (inner === undefined) return;
    inner.delete(k2);
    if (inner.size === 0) this.#outer.delete(k1);
  }

  #dump(): [string, unknown][] {
    const all: [number, string, V][] = [];
    for (const [k1, inner] of this.#outer) for (const [k2, e] of inner) all.push([e.seq, mapKey(k1, k2), e.value]);
    return all.sort((a, b) => a[0] - b[0]).map(([, key, value]) => [key, dumpValue(value)]);
  }
}

/** A journaled single value (a Solidity state variable). */
export class StateCell<T> {
  readonly #journal: Journal;
  readonly #clock: WriteClock | undefined;
  #value: T;

  constructor(journal: Journal, name: string, initial: T, clock?: WriteClock) {
    this.#journal = journal;
    this.#clock = clock;
    this.#value = initial;
    journal.register(name, () => dumpValue(this.#value));
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    const old = this.#value;
    this.#journal.record(() => {
      this.#value = old;
    }, this.#clock);
    this.#value = value;
  }
}
