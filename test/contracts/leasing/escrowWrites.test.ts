// The escrow keeper's record of written accounts (`takeWritten`, not a port), which the
// conservation invariant re-reads instead of every stored account. The oracle is independent of
// where the keeper marks its writes: before and after each call every stored record is compared by
// identity (escrow replaces records, never edits them), and every account whose record or any
// payment's record changed must be in what `takeWritten` returns. The sequence reaches each write
// site of the keeper alone at least once (a call in the block of the last settlement settles
// nothing), so leaving out any one mark turns this red (each of the seven was planted and seen red).
import { describe, expect, it } from 'vitest';
import { EscrowKeeper, type AccountId, type EscrowRecords } from '../../../sim/contracts/leasing/escrow.js';
import { DEFAULT_TAKE_PARAMS } from '../../../sim/contracts/leasing/take.js';
import { at, dec, ESCROW, fundedToken, POOL } from './fixture.js';

const A: AccountId = { scope: 'deployment', xid: 'tenant/1' };
const B: AccountId = { scope: 'deployment', xid: 'tenant/2' };
const BID: AccountId = { scope: 'bid', xid: 'tenant/1/1/1/provider' };

/** Every stored record, by account key: the account object and its payments' objects. */
function snapshot(escrow: EscrowKeeper): Map<string, unknown[]> {
  const records = new Map<string, unknown[]>();
  for (const account of escrow.accounts()) records.set(`${account.id.scope}/${account.id.xid}`, [account]);
  for (const payment of escrow.payments()) records.get(`${payment.accountId.scope}/${payment.accountId.xid}`)!.push(payment);
  return records;
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

describe('EscrowKeeper.takeWritten', () => {
  it('names every account a call changed, and a pruned one as no longer stored', () => {
    const token = fundedToken({ tenant: 10_000n, friend: 10_000n, provider: 10_000n });
    const escrow = new EscrowKeeper({ token, denom: 'uakt', moduleAddress: ESCROW, communityPool: POOL, take: DEFAULT_TAKE_PARAMS });
    expect(escrow.takeWritten()).toEqual([]);

    const steps: [string, () => void][] = [
      ['create A', () => escrow.accountCreate(at('tenant', 0), A, 'tenant', 'tenant', 1000n)],
      ['create B', () => escrow.accountCreate(at('tenant', 0), B, 'tenant', 'tenant', 50n)],
      ['create the bid account', () => escrow.accountCreate(at('provider', 0), BID, 'provider', 'provider', 500n)],
      // Same block as the account: nothing to settle, only the payment is written.
      ['payment on A', () => escrow.paymentCreate(at('tenant', 0), A, 'p', 'provider', dec(3))],
      ['payment on B', () => escrow.paymentCreate(at('tenant', 0), B, 'q', 'provider', dec(10))],
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
    ];
    for (const [what, step] of steps) {
      const before = snapshot(escrow);
      step();
      const after = snapshot(escrow);
      const written = escrow.takeWritten();
      const named = written.map((r) => `${r.account.id.scope}/${r.account.id.xid}`);
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
    expect(escrow.takeWritten().map((r) => r.account.id.xid)).toEqual(['tenant/1', 'tenant/2']);
    expect(escrow.takeWritten()).toEqual([]);
    escrow.accountDeposit(at('tenant', 1), B, 'tenant', 5n);
    expect(escrow.takeWritten().map((r) => r.account.id.xid)).toEqual(['tenant/2']);
  });
});
