// Settlement arithmetic and take rate of Akash v0.38. Vectors from contracts spec §2.4, which took them
// from akash-network/node x/escrow/keeper/keeper_settle_test.go (TestSettleFullblocks,
// TestSettleDistributeWeighted) and derived the take-rate ones from x/take SubtractFees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import { LegacyDec } from '../../../sim/contracts/leasing/LegacyDec.js';
import { accountSettleDistributeWeighted, accountSettleFullBlocks } from '../../../sim/contracts/leasing/settlement.js';
import { DEFAULT_TAKE_PARAMS, subtractFees, takeFee } from '../../../sim/contracts/leasing/take.js';

const dec = (v: number | string) => (typeof v === 'string' ? LegacyDec.fromString(v) : LegacyDec.fromInt(v));
const account = (balance: number | string, funds: number | string) => ({ balance: dec(balance), funds: dec(funds), transferred: LegacyDec.ZERO });
const payments = (...rates: (number | string)[]) => rates.map((r) => ({ rate: dec(r), balance: LegacyDec.ZERO }));
const blockRate = (ps: { rate: LegacyDec }[]) => ps.reduce((s, p) => s.add(p.rate), LegacyDec.ZERO);
const str = (x: LegacyDec) => x.toString();

describe('accountSettleFullBlocks (spec §2.4 settle table, keeper_settle_test.go)', () => {
  const table = [
    { name: 'plenty left', blocks: 5, start: [100, 0], rates: [1, 2], end: [85, 0], paid: [5, 10], remaining: 0, overdrawn: false },
    { name: 'use it all', blocks: 5, start: [100, 0], rates: [10, 10], end: [0, 0], paid: [50, 50], remaining: 0, overdrawn: false },
    { name: 'ruh roh', blocks: 6, start: [100, 0], rates: [10, 10], end: [0, 0], paid: [50, 50], remaining: 0, overdrawn: true },
    { name: 'some left', blocks: 6, start: [90, 0], rates: [10, 10], end: [10, 0], paid: [40, 40], remaining: 10, overdrawn: true },
    { name: 'plenty funds', blocks: 5, start: [0, 100], rates: [1, 2], end: [0, 85], paid: [5, 10], remaining: 0, overdrawn: false },
    { name: 'use all funds with some balance', blocks: 6, start: [100, 100], rates: [10, 10], end: [80, 0], paid: [60, 60], remaining: 0, overdrawn: false },
    { name: 'overdrawn when only funds', blocks: 6, start: [0, 90], rates: [10, 10], end: [10, 0], paid: [40, 40], remaining: 10, overdrawn: true },
  ] as const;

  for (const c of table) {
    it(c.name, () => {
      const ps = payments(...c.rates);
      const r = accountSettleFullBlocks(account(c.start[0], c.start[1]), ps, BigInt(c.blocks), blockRate(ps));
      expect([str(r.account.balance), str(r.account.funds)]).toEqual([str(dec(c.end[0])), str(dec(c.end[1]))]);
      expect(r.payments.map((p) => str(p.balance))).toEqual(c.paid.map((v) => str(dec(v))));
      expect(str(r.remaining)).toBe(str(dec(c.remaining)));
      expect(r.overdrawn).toBe(c.overdrawn);
      // What the payments received is what the account transferred.
      expect(str(r.account.transferred)).toBe(str(dec(c.paid[0] + c.paid[1])));
    });
  }

  it('pays a block the exact balance falls 1e-18 short of, because Quo rounds (sdk.Dec hazard)', () => {
    // 14.999999999999999999 / 3 per block: Quo gives 5.000000000000000000, so 5 blocks are paid in
    // full and the balance ends at -0.000000000000000001 without an overdraft.
    const ps = payments(3);
    const r = accountSettleFullBlocks(account('14.999999999999999999', 0), ps, 5n, blockRate(ps));
    expect(r.overdrawn).toBe(false);
    expect(str(r.account.balance)).toBe('-0.000000000000000001');
    expect(str(r.payments[0]!.balance)).toBe('15.000000000000000000');
    // The next settlement pays no full block and splits the negative remainder: the chain panics
    // on the negative DecCoin (NewDecCoinFromDec), which fails the transaction.
    const again = accountSettleFullBlocks(r.account, r.payments, 1n, blockRate(ps));
    expect(again.overdrawn).toBe(true);
    expect(str(again.remaining)).toBe('-0.000000000000000001');
    try {
      accountSettleDistributeWeighted(again.account, again.payments, blockRate(ps), again.remaining);
      expect.unreachable();
    } catch (e) {
      expect(errorNameOf(e)).toBe('ErrPanic');
    }
  });
});

describe('accountSettleFullBlocks pays what the definition with Quo pays', () => {
  // The definition, step by step as keeper.go writes it: min(TruncateInt((balance + funds) Quo
  // blockRate), heightDelta) full blocks, each payment credited rate Mul NewDec(blocks).
  function reference(balance: LegacyDec, funds: LegacyDec, rates: LegacyDec[], heightDelta: bigint) {
    const rate = rates.reduce((s, r) => s.add(r), LegacyDec.ZERO);
    let blocks = balance.add(funds).quo(rate).truncateInt();
    if (blocks > heightDelta) blocks = heightDelta;
    return { paid: rates.map((r) => r.mul(LegacyDec.fromInt(blocks)).raw), transferred: rate.mul(LegacyDec.fromInt(blocks)).raw };
  }
  const outcome = (run: () => { paid: bigint[]; transferred: bigint }) => {
    try {
      return run();
    } catch (e) {
      return errorNameOf(e);
    }
  };
  const raw = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 24n }), fc.bigInt({ min: 0n, max: 10n ** 40n }));

  it('for balances at, just under and just over whole blocks, and anywhere else', () => {
    fc.assert(
      fc.property(raw, raw, fc.array(fc.bigInt({ min: 1n, max: 10n ** 21n }), { minLength: 1, maxLength: 3 }), fc.bigInt({ min: 1n, max: 100_000n }), fc.integer({ min: -2, max: 3 }), (b, f, rs, delta, edge) => {
        const rates = rs.map((r) => LegacyDec.fromRaw(r));
        const rate = rs.reduce((s, r) => s + r, 0n);
        // Half the cases put the balance within a few units of heightDelta blocks, where the shortcut turns.
        const balance = LegacyDec.fromRaw(edge === 3 ? b : delta * rate - f + BigInt(edge) > 0n ? delta * rate - f + BigInt(edge) : b);
        const funds = LegacyDec.fromRaw(f);
        const settled = outcome(() => {
          const r = accountSettleFullBlocks({ balance, funds, transferred: LegacyDec.ZERO }, rates.map((rt) => ({ rate: rt, balance: LegacyDec.ZERO })), delta, LegacyDec.fromRaw(rate));
          return { paid: r.payments.map((p) => p.balance.raw), transferred: r.account.transferred.raw };
        });
        expect(settled).toEqual(outcome(() => reference(balance, funds, rates, delta)));
      }),
      { seed: 17, numRuns: 2000 },
    );
  });

  // Where the shortcut's guards decide: a balance so large that Quo's overflow panics (the shortcut
  // would pay every block), no elapsed block. Each must come out as Quo's. (A negative balance never
  // takes the shortcut, whose heightDelta · rate is never negative; the reference above does not
  // build the DecCoins that make it panic.)
  it.each([
    ['a balance whose Quo overflows', 1n << 300n, 1n, 1n],
    ['a balance whose Quo overflows, no block elapsed', 1n << 300n, 1n, 0n],
    ['a balance under the overflow bound', (1n << 255n) - 1n, 1n, 5n],
    ['no block elapsed', 0n, 10n ** 18n, 0n],
  ])('for %s', (_name, balanceRaw, rateRaw, delta) => {
    const balance = LegacyDec.fromRaw(balanceRaw);
    const rates = [LegacyDec.fromRaw(rateRaw)];
    const settled = outcome(() => {
      const r = accountSettleFullBlocks({ balance, funds: LegacyDec.ZERO, transferred: LegacyDec.ZERO }, [{ rate: rates[0]!, balance: LegacyDec.ZERO }], delta, rates[0]!);
      return { paid: r.payments.map((p) => p.balance.raw), transferred: r.account.transferred.raw };
    });
    expect(settled).toEqual(outcome(() => reference(balance, LegacyDec.ZERO, rates, delta)));
  });

  it('still panics as Quo does on a zero block rate', () => {
    const run = () => accountSettleFullBlocks(account(100, 0), [{ rate: LegacyDec.ZERO, balance: LegacyDec.ZERO }], 1n, LegacyDec.ZERO);
    expect(() => run()).toThrow(/division by zero/);
  });
});

describe('accountSettleDistributeWeighted (spec §2.4, TestSettleDistributeWeighted)', () => {
  const cases = [
    { rates: [20, 30], shares: ['4', '6'] },
    { rates: [30, 30], shares: ['5', '5'] },
    { rates: [45, 55], shares: ['4.5', '5.5'] },
  ];
  for (const c of cases) {
    it(`splits a remainder of 10 by rates ${c.rates.join('/')}`, () => {
      const ps = payments(...c.rates);
      const r = accountSettleDistributeWeighted(account(10, 0), ps, blockRate(ps), dec(10));
      expect(r.payments.map((p) => str(p.balance))).toEqual(c.shares.map((s) => str(dec(s))));
      expect(str(r.remaining)).toBe(str(LegacyDec.ZERO));
      expect(str(r.account.balance)).toBe(str(LegacyDec.ZERO));
      expect(str(r.account.transferred)).toBe(str(dec(10)));
    });
  }
});

describe('x/take SubtractFees (spec §2.4 derived take vectors)', () => {
  const cases: [string, bigint, bigint][] = [
    ['uakt', 1000n, 20n], // DenomTakeRates uakt: 2 %
    ['uusdc', 1000n, 200n], // DefaultTakeRate: 20 %
    ['uakt', 49n, 0n],
    ['uakt', 50n, 1n],
    ['uusdc', 999n, 199n],
  ];
  for (const [denom, amount, fee] of cases) {
    it(`${amount}${denom} → fee ${fee}`, () => {
      expect(subtractFees(DEFAULT_TAKE_PARAMS, denom, amount)).toEqual({ earnings: amount - fee, fee });
    });
  }

  it('takes TruncateInt(NewDecFromInt(amount) Mul rate), computed on the underlying integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 100 }), (amount, percent) => {
        const params = { defaultTakeRate: percent, denomTakeRates: {} };
        const rate = LegacyDec.fromInt(percent).quo(LegacyDec.fromInt(100));
        expect(takeFee(params, 'uusdc', amount)).toBe(LegacyDec.fromInt(amount).mul(rate).truncateInt());
      }),
      { seed: 17, numRuns: 500 },
    );
  });
});
