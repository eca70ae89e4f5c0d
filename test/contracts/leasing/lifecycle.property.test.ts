// Property test of the lease lifecycle: random deployments, top-ups, bids, leases, withdrawals,
// closes and overdrafts, with blocks passing in between, must
//   1. conserve coins to the base unit: deposited = paid out of payments (provider earnings + take
//      fees) + refunds + still in escrow, where the escrow's LegacyDec balances, fractional dust
//      included, add up exactly to the module's whole-coin balance; and
//   2. leave everything unchanged (escrow, market, deployments, ledger) when a call throws.
// Each side of the conservation identity comes from a different place: deposits from this test's own
// bookkeeping of successful calls, payouts from the escrow's payment records, refunds from the token
// balances of tenants and providers, and the escrow's holdings from its account and payment records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import type { Akash } from '../../../sim/contracts/leasing/akash.js';
import { accountKey } from '../../../sim/contracts/leasing/escrow.js';
import { escrowAccountForBid, escrowAccountForDeployment } from '../../../sim/contracts/leasing/ids.js';
import { LegacyDec } from '../../../sim/contracts/leasing/LegacyDec.js';
import type { ERC20 } from '../../../sim/contracts/token/ERC20.js';
import { at, chain, dec, ESCROW, gpuGroup, POOL } from './fixture.js';

const TENANTS = ['t1', 't2', 't3'];
const PROVIDERS = ['p1', 'p2', 'p3', 'p4'];
const FUNDS = 20_000_000n;

const price = fc.oneof(
  fc.integer({ min: 1, max: 2000 }).map(String),
  fc.constantFrom('0.5', '12.345678901234567', '0.333333333333333333', '99.999999999999999999', '250.000000000000000001'),
);
// Most steps stay in the block or move a little; some jump far enough to run deposits dry.
const dt = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1000, max: 20_000 }));
const pick = fc.nat({ max: 1000 });

const command = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deploy' as const), who: pick, groups: fc.array(price, { minLength: 1, maxLength: 2 }), deposit: fc.bigInt({ min: 400_000n, max: 3_000_000n }), dt }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deposit' as const), who: pick, target: pick, amount: fc.bigInt({ min: 1n, max: 2_000_000n }), dt }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('bid' as const), who: pick, target: pick, price, deposit: fc.bigInt({ min: 450_000n, max: 600_000n }), dt }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('lease' as const), who: pick, target: pick, dt }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), target: pick, dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeLease' as const), target: pick, dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeBid' as const), target: pick, dt }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeDeployment' as const), target: pick, dt }) },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const nth = <T>(items: Iterable<T>, i: number): T | undefined => {
  const all = [...items];
  return all.length === 0 ? undefined : all[i % all.length];
};

/** Everything a call could change, as plain data. */
function snapshot(akash: Akash, token: ERC20) {
  return {
    holders: [...token.holders()].sort(([a], [b]) => a.localeCompare(b)),
    allowances: [...TENANTS, ...PROVIDERS].map((a) => token.allowance(a, ESCROW)),
    accounts: [...akash.escrow.accounts()],
    payments: [...akash.escrow.payments()],
    deployments: [...akash.deployments.deployments()],
    groups: [...akash.deployments.groups()],
    orders: [...akash.market.orders()],
    bids: [...akash.market.bids()],
    leases: [...akash.market.leases()],
  };
}

class Run {
  readonly token: ERC20;
  readonly akash: Akash;
  block = 1;
  nextDseq = 1;
  /** Successful deposits by escrow account key. */
  readonly deposited = new Map<string, bigint>();

  constructor() {
    const actors = [...TENANTS, ...PROVIDERS];
    ({ token: this.token, akash: this.akash } = chain(Object.fromEntries(actors.map((a) => [a, FUNDS]))));
    PROVIDERS.forEach((p, i) => this.akash.providers.createProvider(at(p, 0), i === 3 ? 'h100' : 'a100', 8));
  }

  /** Runs one command; returns the error name if it reverted. */
  apply(c: Command): string | undefined {
    this.block += c.dt;
    const { akash } = this;
    const b = this.block;
    try {
      switch (c.kind) {
        case 'deploy': {
          const tenant = TENANTS[c.who % TENANTS.length]!;
          const id = akash.deploymentMsgs.createDeployment(at(tenant, b), this.nextDseq, c.groups.map((p) => gpuGroup(p)), c.deposit);
          this.nextDseq++;
          this.credit(accountKey(escrowAccountForDeployment(id)), c.deposit);
          break;
        }
        case 'deposit': {
          const d = nth(akash.deployments.deployments(), c.target);
          if (d === undefined) return undefined;
          // Mostly the owner; sometimes a second tenant, which becomes the one allowed depositor.
          const who = c.who % 3 === 0 ? TENANTS[c.who % TENANTS.length]! : d.id.owner;
          akash.deploymentMsgs.depositDeployment(at(who, b), d.id, c.amount);
          this.credit(accountKey(escrowAccountForDeployment(d.id)), c.amount);
          break;
        }
        case 'bid': {
          // Providers mostly bid on open orders; now and then on any order.
          const orders = [...akash.market.orders()];
          const open = orders.filter((o) => o.state === 'open');
          const order = nth(c.who % 5 === 0 || open.length === 0 ? orders : open, c.target);
          if (order === undefined) return undefined;
          const provider = PROVIDERS[c.who % PROVIDERS.length]!;
          const id = akash.marketMsgs.createBid(at(provider, b), order.id, dec(c.price), c.deposit);
          this.credit(accountKey(escrowAccountForBid(id)), c.deposit);
          break;
        }
        case 'lease': {
          // Tenants mostly pick an open bid; now and then any bid.
          const bids = [...akash.market.bids()];
          const open = bids.filter((x) => x.state === 'open');
          const bid = nth(c.who % 5 === 0 || open.length === 0 ? bids : open, c.target);
          if (bid !== undefined) akash.marketMsgs.createLease(at(bid.id.owner, b), bid.id);
          break;
        }
        case 'withdraw': {
          const lease = nth(akash.market.leases(), c.target);
          if (lease !== undefined) akash.marketMsgs.withdrawLease(at(lease.id.provider, b), lease.id);
          break;
        }
        case 'closeLease': {
          const lease = nth(akash.market.leases(), c.target);
          if (lease !== undefined) akash.marketMsgs.closeLease(at(lease.id.owner, b), lease.id);
          break;
        }
        case 'closeBid': {
          const bid = nth(akash.market.bids(), c.target);
          if (bid !== undefined) akash.marketMsgs.closeBid(at(bid.id.provider, b), bid.id);
          break;
        }
        case 'closeDeployment': {
          const d = nth(akash.deployments.deployments(), c.target);
          if (d !== undefined) akash.deploymentMsgs.closeDeployment(at(d.id.owner, b), d.id);
          break;
        }
      }
    } catch (e) {
      return errorNameOf(e); // rethrows anything that is not a contract error
    }
    return undefined;
  }

  credit(key: string, amount: bigint): void {
    this.deposited.set(key, (this.deposited.get(key) ?? 0n) + amount);
  }

  checkConservation(): void {
    const { token, akash } = this;
    const sum = (xs: Iterable<bigint>) => [...xs].reduce((a, x) => a + x, 0n);
    const balanceOf = (actors: string[]) => sum(actors.map((a) => token.balanceOf(a)));
    const depositedBy = (scope: string) => sum([...this.deposited].filter(([k]) => k.startsWith(`${scope}/`)).map(([, v]) => v));

    // Still in escrow, to the 10^-18: account balances and funds plus unpaid payment balances.
    let inEscrow = LegacyDec.ZERO;
    for (const a of akash.escrow.accounts()) inEscrow = inEscrow.add(a.balance).add(a.funds);
    for (const p of akash.escrow.payments()) inEscrow = inEscrow.add(p.balance);
    expect(inEscrow.toString()).toBe(LegacyDec.fromInt(token.balanceOf(ESCROW)).toString());

    const paidOut = sum([...akash.escrow.payments()].map((p) => p.withdrawn));
    // A bid deposit is always refunded in full when its account closes.
    const bidRefunds = sum(
      [...akash.escrow.accounts()].filter((a) => a.id.scope === 'bid' && a.state === 'closed').map((a) => this.deposited.get(accountKey(a.id))!),
    );
    // Deployment refunds as the tenants' balances show them ...
    const deploymentRefunds = balanceOf(TENANTS) - BigInt(TENANTS.length) * FUNDS + depositedBy('deployment');
    // ... equal what each account's own records say it gave back.
    let recorded = 0n;
    for (const a of akash.escrow.accounts()) {
      if (a.id.scope !== 'deployment') continue;
      const given = LegacyDec.fromInt(this.deposited.get(accountKey(a.id))!).sub(a.transferred).sub(a.balance).sub(a.funds);
      expect(given.raw % 10n ** 18n).toBe(0n);
      expect(given.isNegative()).toBe(false);
      recorded += given.truncateInt();
    }
    expect(deploymentRefunds).toBe(recorded);
    // Providers gain their earnings (payouts less the take) and their bid deposits back.
    const providerGain = balanceOf(PROVIDERS) - BigInt(PROVIDERS.length) * FUNDS;
    expect(providerGain).toBe(paidOut - token.balanceOf(POOL) - depositedBy('bid') + bidRefunds);

    const deposited = depositedBy('deployment') + depositedBy('bid');
    expect(deposited).toBe(paidOut + deploymentRefunds + bidRefunds + token.balanceOf(ESCROW));
    expect(sum(token.holders().values())).toBe(token.totalSupply);
  }
}

describe('lease lifecycle property', () => {
  it('conserves coins to the base unit, and a call that throws changes nothing', () => {
    const seen = { ok: 0, reverted: new Map<string, number>(), overdrawn: 0, fractionalDust: 0 };
    fc.assert(
      fc.property(fc.array(command, { minLength: 20, maxLength: 80, size: 'max' }), (commands) => {
        const run = new Run();
        for (const c of commands) {
          const before = snapshot(run.akash, run.token);
          const error = run.apply(c);
          if (error === undefined) seen.ok++;
          else {
            seen.reverted.set(error, (seen.reverted.get(error) ?? 0) + 1);
            expect(snapshot(run.akash, run.token)).toEqual(before);
          }
          run.checkConservation();
        }
        seen.overdrawn += [...run.akash.escrow.accounts()].filter((a) => a.state === 'overdrawn').length;
        seen.fractionalDust += [...run.akash.escrow.payments()].filter((p) => p.balance.raw % 10n ** 18n !== 0n).length;
      }),
      { seed: 42_2026, numRuns: 80 },
    );
    // The generators must reach the paths the properties are about.
    expect(seen.ok).toBeGreaterThan(500);
    expect(seen.overdrawn).toBeGreaterThan(10);
    expect(seen.fractionalDust).toBeGreaterThan(10);
    for (const name of ['ErrAccountOverdrawn', 'ErrBidOverOrder', 'ErrOrderActive', 'ErrBidNotOpen', 'ErrPaymentClosed', 'ErrDeploymentClosed']) {
      expect(seen.reverted.get(name) ?? 0, name).toBeGreaterThan(0);
    }
  });
});
