// A planted accounting bug: the payment token of the hand-computed world lets one bid deposit
// through without moving the coins (as if a market wrapper had skipped the pull), while escrow
// records the deposit. The escrow conservation invariant must name the block and the shortfall.
import { describe, expect, it } from 'vitest';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../sim/contracts/types.js';
import { ESCROW_MODULE } from '../../sim/markets/lease/leaseAuction.js';
import { blockNumber, HOUR_JOB, makeLeaseWorld, TREASURY } from './leaseHarness.js';

/** Drops provider B's first deposit into escrow: reports success, moves nothing. */
class LedgerThatSkipsOneDeposit extends ERC20 {
  skippedAt: number | null = null;

  override transferFrom(ctx: TxContext, from: Address, to: Address, amount: bigint): true {
    if (this.skippedAt === null && from === 'provider:B' && to === ESCROW_MODULE) {
      this.skippedAt = ctx.block;
      return true;
    }
    return super.transferFrom(ctx, from, to, amount);
  }
}

describe('a planted escrow accounting bug', () => {
  it('is caught by escrow_conservation at the block of the skipped deposit, with both sides of the books', () => {
    const usd = new LedgerThatSkipsOneDeposit('USD Coin', 'USDC', 6, TREASURY);
    const w = makeLeaseWorld({ usd });
    w.addTenant(HOUR_JOB);
    w.runTo(40);

    // The bids land in block 3 (see leaseAuction.test.ts for the timeline).
    expect(usd.skippedAt).toBe(blockNumber(3));
    const report = w.checker.report();
    // Blocks 1 and 2 were clean; from block 3 on the module is one 5 USD deposit short.
    expect(report.violations[0]).toEqual({
      invariant: 'escrow_conservation',
      block: blockNumber(3),
      time: 36,
      // Held: the tenant's 12,000,000 and two bid deposits; owed: the tenant's and three deposits.
      values: { moduleBalance: '22000000.000000000000000000', accountsAndPayments: '27000000.000000000000000000' },
    });
    expect(report.checks).toBe(3);
    expect(report.violationCount).toBe(1);
  });

  it('is absent from the same world on an honest ledger', () => {
    const w = makeLeaseWorld();
    w.addTenant(HOUR_JOB);
    w.runTo(40);
    expect(w.checker.report()).toEqual({ checks: 3, violations: [], violationCount: 0 });
  });
});

/** Keeps the coins of provider A's first payout in the module while escrow books the withdrawal. */
class LedgerThatSkipsOnePayout extends ERC20 {
  skippedAt: number | null = null;

  override transfer(ctx: TxContext, to: Address, amount: bigint): true {
    if (this.skippedAt === null && ctx.sender === ESCROW_MODULE && to === 'provider:A') {
      this.skippedAt = ctx.block;
      return true;
    }
    return super.transfer(ctx, to, amount);
  }
}

describe('a planted payout bug on an account the check has already read', () => {
  // The conservation check re-sums only records escrow replaced since its last read: a withdrawal
  // replaces the account's and the payment's records, so a payout booked but not paid, hours into
  // a lease whose records the check has read every block, must still show at its block.
  it('is caught by escrow_conservation at the block of the skipped payout', () => {
    const usd = new LedgerThatSkipsOnePayout('USD Coin', 'USDC', 6, TREASURY);
    const w = makeLeaseWorld({ usd });
    w.addTenant(HOUR_JOB);
    w.runTo(7200);

    expect(usd.skippedAt).not.toBeNull();
    expect(usd.skippedAt!).toBeGreaterThan(blockNumber(10));
    const [first] = w.checker.report().violations;
    expect(first?.invariant).toBe('escrow_conservation');
    expect(first?.block).toBe(usd.skippedAt);
  });
});
