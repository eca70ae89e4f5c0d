// Where blocks fall in kernel time. The chain produces a block every blockTime seconds, so a block's
// timestamp and its kernel time differ by a constant: agents can tell in advance which block a
// transaction sent at a given moment will make, and when a deadline has passed on chain.
import type { Chain } from './chain.js';
import type { Kernel } from '../engine/kernel.js';

/** Slack for float kernel times (a decision at T − latency, sent at T, must make the block at T). */
const EPSILON = 1e-6;

export class BlockClock {
  readonly #kernel: Kernel;
  readonly #chain: Chain;
  /** Block timestamp minus kernel time. */
  readonly #offset: number;

  /** Must be built when the chain is, or at a block's instant, so that the head's time is now. */
  constructor(kernel: Kernel, chain: Chain) {
    this.#kernel = kernel;
    this.#chain = chain;
    this.#offset = chain.timestamp - kernel.now();
  }

  get blockTime(): number {
    return this.#chain.blockTime;
  }

  /** The chain time of kernel time `t` (fractional between blocks). */
  timestampAt(t: number): number {
    return t + this.#offset;
  }

  /** The kernel time at which the chain's clock reads `timestamp`. */
  timeAt(timestamp: number): number {
    return timestamp - this.#offset;
  }

  /** The chain time now. */
  now(): number {
    return this.timestampAt(this.#kernel.now());
  }

  /** Timestamp of the first block a transaction sent at kernel time `t` can make (one sent at a block's instant makes it). */
  firstBlockFrom(t: number): number {
    const head = this.#chain.timestamp;
    const bt = this.#chain.blockTime;
    const k = Math.max(1, Math.ceil((this.timestampAt(t) - head) / bt - EPSILON));
    return head + k * bt;
  }

  /** Timestamp of the first block later than `timestamp`. */
  firstBlockAfter(timestamp: number): number {
    const head = this.#chain.timestamp;
    const bt = this.#chain.blockTime;
    return head + Math.max(1, Math.floor((timestamp - head) / bt) + 1) * bt;
  }

  /** Kernel time of the latest block at or before chain time `timestamp`, or now if that block is already past. */
  lastBlockTimeAtOrBefore(timestamp: number): number {
    const head = this.#chain.timestamp;
    const bt = this.#chain.blockTime;
    const k = Math.floor((timestamp - head) / bt + EPSILON);
    return Math.max(this.#kernel.now(), this.timeAt(head + k * bt));
  }
}
