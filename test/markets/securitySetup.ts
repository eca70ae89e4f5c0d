// A small security market on a naive kernel and a chain without a gas ledger (fees are priced, not
// debited), for tests that work every number out by hand.
import { Chain, type ChainParams } from '../../sim/chain/chain.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import { streams } from '../../sim/engine/streams.js';
import type { Receipt } from '../../sim/chain/transaction.js';
import { WAD } from '../../sim/contracts/math.js';
import type { MarketContext } from '../../sim/markets/context.js';
import { SECURITY_GAS, SecurityMarket, type SecurityParams } from '../../sim/markets/security/securityMarket.js';
import { ListKernel } from '../chain/testKernel.js';

export const TOKEN = 10n ** 18n;
export const BLOCK_TIME = 12;

export function securitySetup(params: Partial<SecurityParams> = {}, chain: ChainParams = {}) {
  const kernel = new ListKernel();
  const chainModel = new Chain(kernel, { gasTable: SECURITY_GAS, blockTime: BLOCK_TIME, ...chain });
  const ctx: MarketContext = {
    kernel,
    chain: chainModel,
    rng: streams('security-test'),
    tokens: { usd: new ERC20('USD', 'USD', 6, 'treasury'), native: new ERC20('ETH', 'ETH', 18, 'treasury') },
    treasury: 'treasury',
  };
  const market = new SecurityMarket(ctx, {
    contagion: 'unique-stake',
    deallocationDelayBlocks: 50,
    withdrawalDelayBlocks: 50,
    allocationConfigurationDelayBlocks: 60,
    restakingDegree: 1,
    ...params,
  });
  /** Runs the kernel through `n` more blocks. */
  const blocks = (n: number) => kernel.run(kernel.now() + n * BLOCK_TIME);
  return { kernel, chain: chainModel, ctx, market, blocks };
}

export function ok<T>(r: Receipt<T>): asserts r is Extract<Receipt<T>, { status: 'success' }> {
  if (r.status !== 'success') throw new Error(`${r.method}: ${r.status === 'reverted' ? r.error : r.reason}`);
}

/** Stakers buy STAKE and approve in one block, then deposit it (the deposits are sent, not yet mined). */
export function fundAndDeposit(setup: ReturnType<typeof securitySetup>, deposits: readonly (readonly [string, bigint])[]): void {
  const { market, blocks } = setup;
  for (const [staker, amount] of deposits) {
    market.fund(staker, amount);
    market.approveDeposits(staker, amount, ok);
  }
  blocks(1);
  for (const [staker, amount] of deposits) market.deposit(staker, amount, ok);
}

export interface Layout {
  readonly services: readonly { avs: string; profit: bigint; threshold: number; backers: readonly string[] }[];
  /** operator → its one staker's deposit */
  readonly operators: readonly (readonly [string, bigint])[];
  /** operator → fractions per service */
  readonly fractions?: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

/** Services, operators with one staker each, registrations and allocations, past the allocation delay. */
export function build(params: Partial<SecurityParams>, layout: Layout) {
  const setup = securitySetup(params);
  const { market, blocks } = setup;
  for (const s of layout.services) {
    market.registerService({ avs: s.avs, slasher: `${s.avs}:slasher`, rewardsPerDay: 0n, profitFromCorruption: s.profit, attackThreshold: s.threshold }, ok);
  }
  for (const [op] of layout.operators) market.registerOperator(op, 0, 5, ok);
  blocks(2);
  for (const s of layout.services) for (const op of s.backers) market.registerForService(op, s.avs, ok);
  for (const [op, amount] of layout.operators) {
    const staker = `staker-of-${op}`;
    market.fund(staker, amount);
    market.approveDeposits(staker, amount, ok);
    market.deposit(staker, amount, ok);
    market.delegate(staker, op, ok);
    const even = new Map(layout.services.filter((s) => s.backers.includes(op)).map((s) => [s.avs, WAD / 4n]));
    market.allocate(op, layout.fractions?.get(op) ?? even, ok);
  }
  blocks(7); // allocation delay 5
  return setup;
}


/**
 * Four validators of 10 STAKE; services s1 {v1, v2}, s2 {v2, v3}, s3 {v3, v4}, π = 13, α = 1.
 * Secure: any coalition corrupting k services of this chain needs k + 1 validators
 * (10(k + 1) > 13k for k ≤ 3). After a shock takes v1, v2 alone holds s1 (13 > 10); then v3 alone
 * holds s2, then v4 alone holds s3: everything is lost.
 */
export const chainLayout: Layout = {
  services: [
    { avs: 's1', profit: 13n * TOKEN, threshold: 1, backers: ['v1', 'v2'] },
    { avs: 's2', profit: 13n * TOKEN, threshold: 1, backers: ['v2', 'v3'] },
    { avs: 's3', profit: 13n * TOKEN, threshold: 1, backers: ['v3', 'v4'] },
  ],
  operators: [['v1', 10n * TOKEN], ['v2', 10n * TOKEN], ['v3', 10n * TOKEN], ['v4', 10n * TOKEN]],
};
