// The escrow keeper's record of written accounts (`openWriteLog`, not a port), which the
// conservation invariant re-reads instead of every stored account. The oracle is independent of
// where the keeper marks its writes: before and after each call every stored record is compared by
// identity (escrow replaces records, never edits them), and every account whose record or any
// payment's record changed must be in what a write log's take returns. The sequence reaches each write
// site of the keeper alone at least once (a call in the block of the last settlement settles
// nothing), so leaving out any one mark turns this red (each of the seven was planted and seen red).
// A log of 'payments ended' lists only the writes that store a payment no longer open, or prune: the
// sequence reaches each of its three marks alone (an overdraft that pays nothing out, a close, a
// prune), and dropping any one turns this red (each planted and seen red).
import { describe, expect, it } from 'vitest';
import { EscrowKeeper, type AccountId, type EscrowPayment, type EscrowRecords } from '../../../sim/contracts/leasing/escrow.js';
import { DEFAULT_TAKE_PARAMS } from '../../../sim/contracts/leasing/take.js';
import { at, dec, ESCROW, fundedToken, POOL } from './fixture.js';

const A: AccountId = { scope: 'deployment', xid: 'tenant/1' };
const B: AccountId = { scope: 'deployment', xid: 'tenant/2' };
const C: AccountId = { scope: 'deployment', xid: 'tenant/3' };
const BID: AccountId = { scope: 'bid', xid: 'tenant/1/1/1/provider' };

/** Every stored record, by account key: the account object and its payments' objects. */
function snapshot(escrow: EscrowKeeper): Map<string, unknown[]> {
  const records = new Map<string, unknown[]>();
  for (const account of escrow.accounts()) records.set(`${account.id.scope}/${account.id.xid}`, [account]);
  for (const payment of escrow.payments()) records.get(`${payment.accountId.scope}/${payment.accountId.xid}`)!.push(payment);
  return records;
}

/** Keys of the accounts that went with payments, or where a payment was stored no longer open, between two snapshots. */
function paymentsEnded(before: Map<string, unknown[]>, after: Map<string, unknown[]>): string[] {
  return [...before.keys()].filter((k) => {
    const now = after.get(k);
    if (now === undefined) return before.get(k)!.length > 1;
    return now.some((r, i) => i > 0 && r !== before.get(k)![i] && (r as EscrowPayment).state !== 'open');
  });
}

/** Keys of the accounts whose records changed (or appeared, or went) between two snapshots. */
function changed(before: Map<string, unknown[]>, after: Map<string, unknown[]>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => {
    const a = before.get(k) ?? [];
    const b = after.get(k) ?? [];
    return a.length !== b.length || a.some((r, i) => r !== b[i]);
  });
}

describe('EscrowKeeper.openWriteLog', () => {
  it('names every account a call changed, and a pruned one as no longer stored', () => {
    const token = fundedToken({ tenant: 10_000n, friend: 10_000n, provider: 10_000n });
    const escrow = new EscrowKeeper({ token, denom: 'uakt', moduleAddress: ESCROW, communityPool: POOL, take: DEFAULT_TAKE_PARAMS });
    const takeWritten = escrow.openWriteLog();
    const takeEnded = escrow.openWriteLog('payments ended');
    expect(takeWritten()).toEqual([]);
    expect(takeEnded()).toEqual([]);

    const steps: [string, () => void][] = [
      ['create A', () => escrow.accountCreate(at('tenant', 0), A, 'tenant', 'tenant', 1000n)],
      ['create B', () => escrow.accountCreate(at('tenant', 0), B, 'tenant', 'tenant', 50n)],
      ['create the bid account', () => escrow.accountCreate(at('provider', 0), BID, 'provider', 'provider', 500n)],
      // Same block as the account: nothing to settle, only the payment is written.
      ['payment on A', () => escrow.paymentCreate(at('tenant', 0), A, 'p', 'provider', dec(3))],
      ['payment on B', () => escrow.paymentCreate(at('tenant', 0), B, 'q', 'provider', dec(10))],
      ['create C with two payments', () => {
        escrow.accountCreate(at('tenant', 0), C, 'tenant', 'tenant', 1n);
        escrow.paymentCreate(at('tenant', 0), C, 'x', 'provider', dec('0.3'));
        escrow.paymentCreate(at('tenant', 0), C, 'y', 'provider', dec('0.3'));
      }],
      // 1 at 0.6 a block pays one block, and the 0.4 left is split: each payment holds 0.5, under a
      // coin, so the overdraft pays nothing out and only the settlement stores the overdrawn payments.
      ['overdraw C without a payout', () => void escrow.accountSettle(at('anyone', 2), C)],
      ['a third party deposits', () => escrow.accountDeposit(at('friend', 2), A, 'friend', 40n)],
      // A settlement only: the payment earns 3 a block, nothing is withdrawn.
      ['settle A', () => void escrow.accountSettle(at('anyone', 5), A)],
      // In the settlement's block: only the withdrawal writes.
      ['withdraw p', () => escrow.paymentWithdraw(at('provider', 5), A, 'p')],
      ['withdraw p later', () => escrow.paymentWithdraw(at('provider', 9), A, 'p')],
      // In the settlement's block: only the refund writes.
      ['close the bid account', () => escrow.accountClose(at('provider', 0), BID)],
      // 50 at 10 a block runs dry at block 5: overdrawn, paid out by weight.
      ['overdraw B', () => void escrow.accountSettle(at('anyone', 8), B)],
      ['close A', () => escrow.accountClose(at('tenant', 12), A)],
      ['prune B', () => void escrow.prune(B)],
      // A bid account has no payments: its prune ends none.
      ['prune the bid account', () => void escrow.prune(BID)],
    ];
    for (const [what, step] of steps) {
      const before = snapshot(escrow);
      step();
      const after = snapshot(escrow);
      const written = takeWritten();
      const named = written.map((r) => `${r.account.id.scope}/${r.account.id.xid}`);
      const ended = takeEnded().map((r) => `${r.account.id.scope}/${r.account.id.xid}`);
      for (const key of paymentsEnded(before, after)) expect(ended, `${what}: ${key} ended`).toContain(key);
      if (what === 'prune the bid account') expect(ended, what).toEqual([]);
      for (const key of ended) expect(named, `${what}: ${key} listed as ended and written`).toContain(key);
      expect(changed(before, after).length, what).toBeGreaterThan(0);
      for (const key of changed(before, after)) expect(named, `${what}: ${key}`).toContain(key);
      const storedNow = (r: EscrowRecords): boolean => escrow.stores(r);
      expect(written.map(storedNow), what).toEqual(named.map((k) => after.has(k)));
    }
  });

  it('returns every stored account at its first call, then only what was written since', () => {
    const token = fundedToken({ tenant: 10_000n });
    const escrow = new EscrowKeeper({ token, denom: 'uakt', moduleAddress: ESCROW, communityPool: POOL, take: DEFAULT_TAKE_PARAMS });
    escrow.accountCreate(at('tenant', 0), A, 'tenant', 'tenant', 100n);
    escrow.accountCreate(at('tenant', 0), B, 'tenant', 'tenant', 100n);
    const takeWritten = escrow.openWriteLog();
    expect(takeWritten().map((r) => r.account.id.xid)).toEqual(['tenant/1', 'tenant/2']);
    expect(takeWritten()).toEqual([]);
    escrow.accountDeposit(at('tenant', 1), B, 'tenant', 5n);
    expect(takeWritten().map((r) => r.account.id.xid)).toEqual(['tenant/2']);
  });

  it('keeps one record per reader: a take empties its own, never another', () => {
    const token = fundedToken({ tenant: 10_000n });
    const escrow = new EscrowKeeper({ token, denom: 'uakt', moduleAddress: ESCROW, communityPool: POOL, take: DEFAULT_TAKE_PARAMS });
    const first = escrow.openWriteLog();
    const second = escrow.openWriteLog();
    const xids = (take: () => EscrowRecords[]) => take().map((r) => r.account.id.xid);
    expect([xids(first), xids(second)]).toEqual([[], []]);
    escrow.accountCreate(at('tenant', 0), A, 'tenant', 'tenant', 100n);
    expect(xids(first)).toEqual(['tenant/1']);
    escrow.accountDeposit(at('tenant', 1), A, 'tenant', 5n);
    escrow.accountCreate(at('tenant', 1), B, 'tenant', 'tenant', 100n);
    // The second reader has A once (created, then deposited to) and B; the first, A again and B.
    expect(xids(second)).toEqual(['tenant/1', 'tenant/2']);
    expect(xids(first)).toEqual(['tenant/1', 'tenant/2']);
    expect([xids(first), xids(second)]).toEqual([[], []]);
    escrow.accountDeposit(at('tenant', 2), B, 'tenant', 5n);
    expect([xids(first), xids(second)]).toEqual([['tenant/2'], ['tenant/2']]);
  });
});
