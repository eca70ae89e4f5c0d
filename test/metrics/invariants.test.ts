// The invariant checker records each violation with its block, time, name and values, honours its
// interval (except in check mode), caps what it stores and still counts everything.
import { describe, expect, it } from 'vitest';
import { Chain } from '../../sim/chain/chain.js';
import { InvariantChecker } from '../../sim/metrics/invariants.js';
import { ListKernel } from '../chain/testKernel.js';

/** Number of the first block produced. */
const START = 20_000_000;

/** A chain whose "supply" leaks one unit at block START + 2 and after: a planted conservation bug. */
function leakyWorld(checker: InvariantChecker) {
  const kernel = new ListKernel();
  const chain = new Chain(kernel);
  const minted = 100n;
  let held = 100n;
  chain.onBlock((b) => {
    if (b.number >= START + 2) held -= 1n;
  });
  checker.register('positive base fee', () => (chain.baseFee > 0n ? null : { baseFee: chain.baseFee }));
  checker.register('supply conserved', () => (held === minted ? null : { minted, held, missing: Number(minted - held) }));
  checker.watch(chain);
  return { run: (blocks: number) => kernel.run(blocks * chain.blockTime) };
}

describe('invariant checker', () => {
  it('records each violation with block, time, name and values (bigints as decimal strings)', () => {
    const checker = new InvariantChecker();
    leakyWorld(checker).run(4);
    expect(checker.report()).toEqual({
      checks: 4,
      violations: [
        { invariant: 'supply conserved', block: START + 2, time: 36, values: { minted: '100', held: '99', missing: 1 } },
        { invariant: 'supply conserved', block: START + 3, time: 48, values: { minted: '100', held: '98', missing: 2 } },
      ],
      violationCount: 2,
    });
    expect(checker.failed).toBe(true);
  });

  it('passes a sound run with no violation', () => {
    const checker = new InvariantChecker();
    checker.register('always', () => null);
    checker.checkAll(START, 0);
    expect(checker.report()).toEqual({ checks: 1, violations: [], violationCount: 0 });
    expect(checker.failed).toBe(false);
  });

  it('checks every n-th block with an interval, and every block in check mode', () => {
    const sparse = new InvariantChecker({ interval: 4 });
    leakyWorld(sparse).run(9);
    // Checks after blocks 4 and 8; both see the leak (2 and 6 missing).
    expect(sparse.report().checks).toBe(2);
    expect(sparse.report().violations.map((v) => [v.block, v.values.missing])).toEqual([
      [START + 3, 2],
      [START + 7, 6],
    ]);
    const strict = new InvariantChecker({ interval: 4, mode: 'check' });
    leakyWorld(strict).run(9);
    expect(strict.interval).toBe(1);
    expect(strict.report().checks).toBe(9);
    expect(strict.violationCount).toBe(7); // blocks 3..9
  });

  it('stores the first N violations and counts the rest', () => {
    const checker = new InvariantChecker({ maxStoredViolations: 5 });
    leakyWorld(checker).run(30);
    const report = checker.report();
    // The leak starts at block 3, so blocks 3..30 violate: 28 in all, 5 stored.
    expect(report.violationCount).toBe(28);
    expect(report.violations.map((v) => v.block)).toEqual([3, 4, 5, 6, 7].map((n) => START + n - 1));
  });

  it('refuses a bad interval or a duplicate name with a readable message', () => {
    expect(() => new InvariantChecker({ interval: 0 })).toThrow(/interval must be a whole number >= 1/);
    const checker = new InvariantChecker();
    checker.register('x', () => null);
    expect(() => checker.register('x', () => null)).toThrow(/'x' is already registered/);
  });
});
