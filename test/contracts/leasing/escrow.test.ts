// The escrow keeper on its own (no market hooks): lazy settlement, overdraft, take fee, deposits and
// refunds, with real coins in the ERC-20 ledger. Expected values are worked out by hand from spec §2.3.
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import { EscrowKeeper, type AccountId } from '../../../sim/contracts/leasing/escrow.js';
import { DEFAULT_TAKE_PARAMS } from '../../../sim/contracts/leasing/take.js';
import { at, dec, ESCROW, fundedToken, POOL } from './fixture.js';

const ACC: AccountId = { scope: 'deployment', xid: 'tenant/1' };

function keeper(balances: Record<string, bigint> = { tenant: 10_000n, friend: 10_000n, stranger: 10_000n }) {
  const token = fundedToken(balances);
  const escrow = new EscrowKeeper({ token, denom: 'uakt', moduleAddress: ESCROW, communityPool: POOL, take: DEFAULT_TAKE_PARAMS });
  return { token, escrow };
}

function nameOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no error';
}

describe('EscrowKeeper', () => {
  it('Test_Payment_Overdraw (spec §2.4): 1000 at 10/block over 101 blocks overdraws and pays out 1000', () => {
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 1000n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    escrow.paymentWithdraw(at('provider', 101), ACC, 'p');
    const account = escrow.getAccount(ACC);
    const payment = escrow.getPayment(ACC, 'p');
    expect(account.state).toBe('overdrawn');
    expect(account.transferred.toString()).toBe(dec(1000).toString());
    expect(payment.state).toBe('overdrawn');
    expect(payment.withdrawn).toBe(1000n);
    // uakt take rate 2 %: fee 20 to the community pool.
    expect([token.balanceOf('provider'), token.balanceOf(POOL), token.balanceOf(ESCROW)]).toEqual([980n, 20n, 0n]);
  });

  it('AccountSettle reports the overdraft it finds and pays the remainder out by weight', () => {
    // 110 at 10 + 15 = 25 per block. Block 3: 75 paid, 35 left.
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 110n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'a', 'pa', dec(10));
    escrow.paymentCreate(at('tenant', 0), ACC, 'b', 'pb', dec(15));
    expect(escrow.accountSettle(at('anyone', 3), ACC)).toBe(false);
    // At block 5: 35 left after 3 blocks, 1 more full block (25), then 10 split 4 / 6.
    expect(escrow.accountSettle(at('anyone', 5), ACC)).toBe(true);
    expect(escrow.getPayment(ACC, 'a').withdrawn).toBe(44n);
    expect(escrow.getPayment(ACC, 'b').withdrawn).toBe(66n);
    expect(token.balanceOf(ESCROW)).toBe(0n);
    expect(nameOf(() => escrow.accountSettle(at('anyone', 6), ACC))).toBe('ErrAccountClosed');
  });

  it('settles lazily: a top-up before the next settlement cures an account that had run dry', () => {
    const { escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 100n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    // Empty since block 10, but nothing has settled; the deposit does not settle either.
    escrow.accountDeposit(at('tenant', 15), ACC, 'tenant', 100n);
    expect(escrow.getAccount(ACC).settledAt).toBe(0);
    escrow.paymentWithdraw(at('provider', 15), ACC, 'p');
    const account = escrow.getAccount(ACC);
    expect(account.state).toBe('open');
    expect(account.balance.toString()).toBe(dec(50).toString());
    expect(escrow.getPayment(ACC, 'p').withdrawn).toBe(150n);
  });

  it('spends a third-party depositor’s funds first and refunds each party on close', () => {
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 1000n);
    escrow.accountDeposit(at('friend', 0), ACC, 'friend', 500n);
    expect(nameOf(() => escrow.accountDeposit(at('stranger', 0), ACC, 'stranger', 1n))).toBe('ErrInvalidAccountDepositor');
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    escrow.accountClose(at('tenant', 60), ACC);
    // 600 transferred: 500 from the friend's funds, 100 from the balance.
    expect(token.balanceOf('friend')).toBe(10_000n - 500n);
    expect(token.balanceOf('tenant')).toBe(10_000n - 100n);
    expect(escrow.getPayment(ACC, 'p')).toMatchObject({ state: 'closed', withdrawn: 600n });
    expect(escrow.getAccount(ACC).state).toBe('closed');
  });

  it('refunds unspent funds to the depositor', () => {
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 1000n);
    escrow.accountDeposit(at('friend', 0), ACC, 'friend', 500n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    escrow.accountClose(at('tenant', 20), ACC);
    expect(token.balanceOf('friend')).toBe(10_000n - 200n);
    expect(token.balanceOf('tenant')).toBe(10_000n);
  });

  it('fails PaymentCreate on an account that settlement finds overdrawn, and changes nothing', () => {
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 100n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    const before = { account: escrow.getAccount(ACC), payment: escrow.getPayment(ACC, 'p'), module: token.balanceOf(ESCROW) };
    expect(nameOf(() => escrow.paymentCreate(at('tenant', 11), ACC, 'q', 'other', dec(1)))).toBe('ErrAccountOverdrawn');
    expect({ account: escrow.getAccount(ACC), payment: escrow.getPayment(ACC, 'p'), module: token.balanceOf(ESCROW) }).toEqual(before);
  });

  it('reports the original errors', () => {
    const { escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 100n);
    expect(nameOf(() => escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 100n))).toBe('ErrAccountExists');
    expect(nameOf(() => escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(0)))).toBe('ErrPaymentRateZero');
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(1));
    expect(nameOf(() => escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(1)))).toBe('ErrPaymentExists');
    expect(nameOf(() => escrow.paymentWithdraw(at('provider', 1), ACC, 'nope'))).toBe('ErrPaymentNotFound');
    escrow.paymentClose(at('tenant', 5), ACC, 'p');
    expect(nameOf(() => escrow.paymentClose(at('tenant', 6), ACC, 'p'))).toBe('ErrPaymentClosed');
    escrow.accountClose(at('tenant', 7), ACC);
    expect(nameOf(() => escrow.accountDeposit(at('tenant', 8), ACC, 'tenant', 1n))).toBe('ErrAccountClosed');
    expect(nameOf(() => escrow.accountClose(at('tenant', 8), ACC))).toBe('ErrAccountClosed');
    expect(nameOf(() => escrow.getAccount({ scope: 'bid', xid: 'x' }))).toBe('ErrAccountNotFound');
    // A deposit the depositor cannot pay fails in the ledger, before the escrow writes anything.
    expect(nameOf(() => escrow.accountCreate(at('tenant', 9), { scope: 'bid', xid: 'b' }, 'tenant', 'tenant', 1n << 40n))).toBe(
      'ERC20InsufficientBalance',
    );
    expect([...escrow.accounts()].length).toBe(1);
  });

  it('leaves earned coins stranded when the account closes in the block it last settled (v0.38 behaviour)', () => {
    // doAccountSettle returns no payments when no block has passed, so AccountClose neither closes nor
    // withdraws them; the account's own refund still goes out.
    const { token, escrow } = keeper();
    escrow.accountCreate(at('tenant', 0), ACC, 'tenant', 'tenant', 1000n);
    escrow.paymentCreate(at('tenant', 0), ACC, 'p', 'provider', dec(10));
    escrow.paymentCreate(at('tenant', 10), ACC, 'q', 'other', dec(5)); // settles p: 100 earned
    escrow.accountClose(at('tenant', 10), ACC);
    expect(escrow.getAccount(ACC).state).toBe('closed');
    expect(escrow.getPayment(ACC, 'p')).toMatchObject({ state: 'open', withdrawn: 0n });
    expect(escrow.getPayment(ACC, 'p').balance.toString()).toBe(dec(100).toString());
    expect(token.balanceOf('tenant')).toBe(10_000n - 100n);
    expect(token.balanceOf(ESCROW)).toBe(100n);
  });
});
