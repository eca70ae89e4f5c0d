// How a ported contract fails: a Revert keeps the original error name, its arguments and a readable
// message, and skips the stack trace (the costly part) without disturbing anyone else's traces.
import { describe, expect, it } from 'vitest';
import { errorNameOf, Panic, PanicCode, Revert } from '../../../sim/contracts/errors.js';

describe('Revert', () => {
  it('carries the original error name, its arguments and a message built from them', () => {
    const e = new Revert('ErrBidOverOrder', 5n, 'p1');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.errorName, e.args, e.message]).toEqual(['Revert', 'ErrBidOverOrder', [5n, 'p1'], 'ErrBidOverOrder(5, "p1")']);
    expect(errorNameOf(e)).toBe('ErrBidOverOrder');
    expect(new Revert('').message).toBe('revert (no data)');
  });

  it('records no stack frames, and leaves the stack trace limit as it found it', () => {
    const limit = Error.stackTraceLimit;
    const e = new Revert('InsufficientMagnitude');
    expect(e.stack).toBe('Revert: InsufficientMagnitude()');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a bug').stack).toMatch(/\n\s+at /);
  });

  it('a Panic keeps its trace and its code', () => {
    const p = new Panic(PanicCode.ARITHMETIC);
    expect(errorNameOf(p)).toBe('Panic(0x11)');
    expect(p.stack).toMatch(/\n\s+at /);
  });
});
