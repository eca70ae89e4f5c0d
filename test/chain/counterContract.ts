// A tiny contract for the chain tests: a counter with a cap. Like every ported contract it runs
// its checks before its effects, so a revert leaves it unchanged.
import { Panic, PanicCode, revert } from '../../sim/contracts/errors.js';
import type { TxContext } from '../../sim/contracts/types.js';

export class Counter {
  value = 0n;
  lastCaller = '';

  constructor(readonly cap: bigint) {}

  add(ctx: TxContext, n: bigint): bigint {
    if (n < 0n) throw new Panic(PanicCode.ARITHMETIC);
    if (this.value + n > this.cap) revert('CapExceeded', this.value + n, this.cap);
    this.value += n;
    this.lastCaller = ctx.sender;
    return this.value;
  }
}
