// A month of leases, and a month of intents, checked for token conservation to the base unit
// (validation spec §5). Each month is the lead's market world (sim/world) built from a scenario,
// run here rather than through runMarketWorld so that the funding of every address is on record.
// Two kinds of check run:
// - at every block, the world's invariants (USD and gas conservation, and each market's own:
//   escrow conservation and no active lease without a payment; vouchers backed, solver books,
//   providers paid for capacity);
// - at every ledger interval, accounting identities between two independent records:
//   · leases (spec §5): what tenants deposited, net of refunds, as their token balances show it,
//     equals what escrow's records say the deployments transferred to leases plus what they still
//     hold. (A sum of token balances on both sides would only restate that the ERC-20 ledger
//     conserves its supply, whatever escrow did: one side must be escrow's own books.)
//   · escrow: the keeper's record of what payments paid out equals providers' receipts plus fees;
//   · intents: users paid what the market recorded as input, solvers gained that input less what
//     they paid providers, and the vouchers in circulation are the purchases not yet redeemed.
import { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import { COMMUNITY_POOL } from '../markets/lease/leaseAuction.js';
import { InvariantChecker } from '../metrics/invariants.js';
import { Recorder } from '../metrics/recorder.js';
import { worldMetrics } from '../world/marketWorld.js';
import { Funding } from '../world/funding.js';
import { IntentWorld } from '../world/intentWorld.js';
import { registerLeaseWorld } from '../world/leaseMetrics.js';
import { LeaseWorld } from '../world/leaseWorld.js';
import type { WorldParams } from '../world/params.js';
import { createWorldContext, registerTokenConservation } from '../world/worldContext.js';

export interface ConservationResult {
  readonly market: 'lease-auction' | 'intent-auction';
  readonly invariantChecks: number;
  readonly invariantViolations: number;
  readonly firstViolation: string | undefined;
  readonly ledgerChecks: number;
  /** Largest absolute gap of each identity over every ledger check (USD base units; vouchers in GPU-seconds). */
  readonly gaps: Readonly<Record<string, bigint>>;
  /** What the month exercised. */
  readonly activity: Readonly<Record<string, number>>;
}


interface MarketUnderTest {
  start(): void;
  register(checker: InvariantChecker): void;
  /** Each identity's gap now, by name. */
  gaps(): Record<string, bigint>;
  activity(): Record<string, number>;
}

/** Runs `params` (a lease-auction or intent-auction world) for its duration with every check on. */
export function runConservationMonth(params: WorldParams, seed: string, ledgerInterval: number): ConservationResult {
  if (!(ledgerInterval > 0)) throw new RangeError(`ledger interval must be > 0 seconds, got ${ledgerInterval}`);
  const ctx = createWorldContext(params, seed, 'heap');
  const { kernel, chain } = ctx;
  const funding = new LedgerFunding(ctx);
  const checker = new InvariantChecker({ mode: 'check', interval: 1 });
  registerTokenConservation(checker, ctx, funding);
  const market = marketUnderTest(ctx, params, funding);

  const worst: Record<string, bigint> = {};
  let ledgerChecks = 0;
  const checkLedger = (): void => {
    ledgerChecks++;
    for (const [name, gap] of Object.entries(market.gaps())) {
      const size = gap < 0n ? -gap : gap;
      if (size >= (worst[name] ?? 0n)) worst[name] = size;
    }
  };
  const everyInterval = (): void => {
    checkLedger();
    kernel.schedule(ledgerInterval, everyInterval);
  };

  checker.watch(chain);
  market.start();
  market.register(checker);
  kernel.schedule(ledgerInterval, everyInterval);
  kernel.run(params.duration);
  checker.checkAll(chain.blockNumber, kernel.now());
  checkLedger();

  const report = checker.report();
  const first = report.violations[0];
  const counters = chain.counters();
  return {
    market: params.market.kind === 'intent-auction' ? 'intent-auction' : 'lease-auction',
    invariantChecks: report.checks,
    invariantViolations: report.violationCount,
    firstViolation: first === undefined ? undefined : JSON.stringify(first, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    ledgerChecks,
    gaps: worst,
    activity: { ...market.activity(), transactions: counters['transactions'] ?? 0, reverts: counters['reverts'] ?? 0 },
  };
}

function marketUnderTest(ctx: MarketContext, params: WorldParams, funding: LedgerFunding): MarketUnderTest {
  switch (params.market.kind) {
    case 'lease-auction':
      return leaseMarket(ctx, params, funding);
    case 'intent-auction':
      return intentMarket(ctx, params, funding);
    case 'posted-price':
      throw new RangeError('the conservation month runs the lease-auction and intent-auction markets');
  }
}

/** Funding that remembers what each address received, so that every identity can start from it. */
class LedgerFunding extends Funding {
  /** USD each address received from outside the model, less what it took out when it left. */
  readonly #usdTo = new Map<Address, bigint>();

  override fund(to: Address, amounts: { readonly usd?: bigint; readonly native?: bigint }): void {
    super.fund(to, amounts);
    if (amounts.usd !== undefined && amounts.usd > 0n) this.#usdTo.set(to, (this.#usdTo.get(to) ?? 0n) + amounts.usd);
  }

  override withdrawAll(from: Address): { readonly usd: bigint; readonly native: bigint } {
    const taken = super.withdrawAll(from);
    this.#usdTo.set(from, (this.#usdTo.get(from) ?? 0n) - taken.usd);
    return taken;
  }

  /** Σ over funded addresses with the prefix of (what came to it from outside, net − its balance): what the group paid, net. */
  netOutflow(usd: ERC20, prefix: string): bigint {
    let net = 0n;
    for (const [address, received] of this.#usdTo) if (address.startsWith(prefix)) net += received - usd.balanceOf(address);
    return net;
  }
}

function leaseMarket(ctx: MarketContext, params: WorldParams, funding: LedgerFunding): MarketUnderTest {
  const world = new LeaseWorld(ctx, params, funding);
  const usd = ctx.tokens.usd;
  return {
    start: () => world.start(),
    register: (checker) => registerLeaseWorld(new Recorder(worldMetrics(params)), checker, ctx, world, params),
    gaps: () => {
      const tenantsDeposited = funding.netOutflow(usd, 'tenant:');
      // Providers' bid deposits leave them into escrow: what they received is their net inflow
      // plus the deposits escrow still holds for their bids.
      const providersNet = -funding.netOutflow(usd, 'provider:');
      const fees = usd.balanceOf(COMMUNITY_POOL);
      let bidDeposits = LegacyDec.ZERO;
      let deployments = LegacyDec.ZERO;
      const { escrow } = world.market.akash;
      for (const account of escrow.accounts()) {
        const held = account.balance.add(account.funds);
        if (account.id.scope === 'bid') bidDeposits = bidDeposits.add(held);
        else deployments = deployments.add(account.transferred).add(held);
      }
      // Accounts pruned once their deployment closed, as escrow counted them.
      bidDeposits = bidDeposits.add(escrow.pruned.held.bid);
      deployments = deployments.add(escrow.pruned.transferred.deployment).add(escrow.pruned.held.deployment);
      const providersReceived = providersNet + bidDeposits.truncateInt();
      return {
        'tenants paid = escrow deployment records': baseUnitGap(LegacyDec.fromInt(tenantsDeposited).sub(deployments)),
        'escrow paid out = received + fees': world.market.paidOut - (providersReceived + fees),
      };
    },
    activity: () => ({ jobs: world.jobs.arrived, completed: world.jobs.completed, leases: world.market.trades.count }),
  };
}

/** A gap of escrow's 18-decimal amounts in base units: any nonzero gap counts as at least one. */
function baseUnitGap(gap: LegacyDec): bigint {
  const units = gap.abs().truncateInt();
  return units === 0n && !gap.isZero() ? 1n : units;
}

function intentMarket(ctx: MarketContext, params: WorldParams, funding: LedgerFunding): MarketUnderTest {
  const world = new IntentWorld(ctx, params, funding);
  const usd = ctx.tokens.usd;
  const { market } = world;
  return {
    start: () => world.start(),
    register: (checker) => world.register(new Recorder(worldMetrics(params)), checker),
    gaps: () => {
      const solversGained = world.solvers.reduce((sum, s) => sum + s.revenue - s.capacitySpent, 0n);
      let providersHold = 0n;
      for (const p of world.providers) providersHold += usd.balanceOf(p.config.address);
      const gaps: Record<string, bigint> = {
        'users paid = input recorded': funding.netOutflow(usd, 'user:') - market.inputPaid,
        'solvers gained = input − capacity': -funding.netOutflow(usd, 'solver:') - (market.inputPaid - market.capacityPaid),
        'solver books = input − capacity': solversGained - (market.inputPaid - market.capacityPaid),
        'providers hold = capacity paid': providersHold - market.capacityPaid,
      };
      const unredeemed = new Map<string, bigint>();
      for (const r of market.desk.reservations()) {
        if (r.startedAt === undefined) unredeemed.set(r.gpuModel, (unredeemed.get(r.gpuModel) ?? 0n) + r.gpuSeconds);
      }
      let vouchers = 0n;
      for (const [model, voucher] of market.vouchers()) {
        const gap = voucher.totalSupply - (unredeemed.get(model) ?? 0n);
        vouchers += gap < 0n ? -gap : gap;
      }
      gaps['vouchers = unredeemed purchases'] = vouchers;
      return gaps;
    },
    activity: () => ({ jobs: world.jobs.arrived, completed: world.jobs.completed, filled: market.filled, fillReverts: market.fillReverts }),
  };
}
