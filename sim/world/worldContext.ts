// The ground every world stands on: a kernel, the chain with its fee market and outside traffic,
// the payment and gas tokens, the run's random streams, and the conservation of every token minted
// into the world.
import { Chain } from '../chain/chain.js';
import { DEFAULT_GAS_TABLE, type GasTable } from '../chain/gasTable.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address } from '../contracts/types.js';
import { createKernel, streams, type KernelKind } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { INTENT_AUCTION_GAS } from '../markets/intents/intentAuction.js';
import { POSTED_PRICE_GAS } from '../markets/posted/postedPrice.js';
import { SECURITY_GAS } from '../markets/security/securityMarket.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Funding } from './funding.js';
import type { WorldParams } from './params.js';

export const TREASURY: Address = 'treasury';

export function createWorldContext(params: WorldParams, seed: string, kernelKind: KernelKind): MarketContext {
  const kernel = createKernel(kernelKind);
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const chain = new Chain(kernel, {
    blockTime: params.chain.blockTime,
    startBlock: params.chain.startBlock,
    gasLimit: params.chain.gasLimit,
    initialBaseFee: BigInt(params.chain.baseFee),
    elasticityMultiplier: params.chain.elasticity,
    baseFeeChangeDenominator: params.chain.changeDenominator,
    gasTable: worldGasTable(params),
    nativeCurrency: native,
    backgroundGas: backgroundDemand(params.chain),
  });
  return { kernel, chain, rng: streams(seed), tokens: { usd, native }, treasury: TREASURY };
}

/** The lease market's methods are all ported Akash ones, in the chain's own table. */
const MARKET_GAS: Readonly<Record<WorldParams['market']['kind'], GasTable>> = {
  'lease-auction': {},
  'intent-auction': INTENT_AUCTION_GAS,
  'posted-price': POSTED_PRICE_GAS,
};

/**
 * The gas the world's chain charges beyond its ported contracts' defaults: the running market's own
 * methods and the security market's, then the scenario's chain.gas entries over both.
 */
function worldGasTable(params: Pick<WorldParams, 'market' | 'chain'>): GasTable {
  return { ...MARKET_GAS[params.market.kind], ...SECURITY_GAS, ...params.chain.gas };
}

/** The costliest transaction the world's chain may be sent: a block must hold it. */
export function largestTransaction(params: Pick<WorldParams, 'market' | 'chain'>): { readonly method: string; readonly gas: number } {
  let largest = { method: '', gas: 0 };
  for (const [method, gas] of Object.entries({ ...DEFAULT_GAS_TABLE, ...worldGasTable(params) })) {
    if (gas > largest.gas) largest = { method, gas };
  }
  return largest;
}

/** Every method a world's chain prices, whatever its market: the keys chain.gas may set. */
export function pricedMethods(): readonly string[] {
  return Object.keys({ ...DEFAULT_GAS_TABLE, ...INTENT_AUCTION_GAS, ...POSTED_PRICE_GAS, ...SECURITY_GAS });
}

/**
 * Outside traffic with unit price elasticity: at the initial base fee b0 it wants
 * `backgroundUtilization` times the gas target, and at fee b it wants b0/b times that. With no model
 * traffic (and utilization 1) the fee holds at b0; the model's own transactions push it to the fee
 * at which outside traffic yields their space, b0·T/(T − L) for model load L, as a real fee market
 * would, instead of growing without bound.
 */
function backgroundDemand(chain: WorldParams['chain']): (baseFee: bigint) => number {
  const target = chain.gasLimit / chain.elasticity;
  const wantedAtB0 = chain.backgroundUtilization * target;
  const b0 = Math.max(1, chain.baseFee);
  return (baseFee) => (wantedAtB0 * b0) / Math.max(1, Number(baseFee));
}

/**
 * Every USD and every wei of gas money in the world was minted by the treasury, and leaves only
 * through the treasury (users that left, funding.withdrawAll) or, gas money, by the base-fee burn.
 */
export function registerTokenConservation(checker: InvariantChecker, ctx: MarketContext, funding: Funding): void {
  const { chain, tokens } = ctx;
  checker.register('usd_conservation', () =>
    funding.mintedUsd - funding.withdrawnUsd === tokens.usd.totalSupply
      ? null
      : { minted: funding.mintedUsd, withdrawn: funding.withdrawnUsd, totalSupply: tokens.usd.totalSupply },
  );
  checker.register('native_conservation', () =>
    funding.mintedNative - funding.withdrawnNative === tokens.native.totalSupply + chain.burned
      ? null
      : { minted: funding.mintedNative, withdrawn: funding.withdrawnNative, totalSupply: tokens.native.totalSupply, burned: chain.burned },
  );
}
