// A small security market on a naive kernel and a chain without a gas ledger (fees are priced, not
// debited), for tests that work every number out by hand.
import { Chain, type ChainParams } from '../../sim/chain/chain.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import { streams } from '../../sim/engine/streams.js';
import type { MarketContext } from '../../sim/markets/context.js';
import { SECURITY_GAS, SecurityMarket, type SecurityParams } from '../../sim/markets/security.js';
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
