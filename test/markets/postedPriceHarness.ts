// A small posted-price world for the market, buyer and dynamics tests: a heap kernel, a 12-second
// chain whose block k (k = 1, 2, ...) runs at kernel time 12k with timestamp GENESIS + 12k (the market
// is deployed at GENESIS), a USD ledger, and the market with one GPU model.
import { Chain, type ChainParams } from '../../sim/chain/chain.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../sim/contracts/types.js';
import { PriceKeeperAgent } from '../../sim/agents/priceKeeper.js';
import { createKernel, streams } from '../../sim/engine/index.js';
import type { MarketContext } from '../../sim/markets/context.js';
import { POSTED_PRICE_GAS, PostedPriceMarket, type PostedPriceParams } from '../../sim/markets/posted/postedPrice.js';

export const GENESIS = 1_700_000_000;
export const BLOCK_TIME = 12;
export const TREASURY: Address = 'treasury';
export const USD = 1_000_000n;
export const HOUR = 3600;

export const PARAMS: PostedPriceParams = {
  gpuModels: [{ name: 'H100', initialPrice: 2, minPrice: 0.05, maxPrice: 10_000 }],
  targetUtilization: 0.5,
  step: 0.125,
  adjustInterval: HOUR,
  curve: 'linear',
  queueWhenFull: true,
  protocolFeeBps: 0,
};

export interface World {
  readonly ctx: MarketContext;
  readonly market: PostedPriceMarket;
  readonly usd: ERC20;
  readonly native: ERC20;
  /** Runs the kernel to kernel time `t`. */
  runTo(t: number): void;
  /** Runs `fn` at kernel time `t`. */
  at(t: number, fn: () => void): void;
  mintUsd(to: Address, amount: bigint): void;
  mintGas(to: Address): void;
}

export function makeWorld(params: Partial<PostedPriceParams> = {}, chain: ChainParams & { payGas?: boolean } = {}): World {
  const kernel = createKernel('heap');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const { payGas, ...chainParams } = chain;
  const c = new Chain(kernel, {
    blockTime: BLOCK_TIME,
    genesisTimestamp: GENESIS,
    ...chainParams,
    gasTable: { ...POSTED_PRICE_GAS, ...chainParams.gasTable },
    ...(payGas ? { nativeCurrency: native } : {}),
  });
  const ctx: MarketContext = { kernel, chain: c, rng: streams('posted-tests'), tokens: { usd, native }, treasury: TREASURY };
  const market = new PostedPriceMarket(ctx, { ...PARAMS, ...params });
  const mintCtx: TxContext = { sender: TREASURY, block: 0, timestamp: 0 };
  return {
    ctx,
    market,
    usd,
    native,
    runTo: (t) => kernel.run(t),
    at: (t, fn) => kernel.schedule(t - kernel.now(), fn),
    mintUsd: (to, amount) => usd.mint(mintCtx, to, amount),
    mintGas: (to) => native.mint(mintCtx, to, 10n ** 18n),
  };
}

/** Kernel time of block k, and its timestamp. */
export const blockAt = (k: number): number => BLOCK_TIME * k;
export const timestampOf = (k: number): number => GENESIS + BLOCK_TIME * k;

/** Lists a provider now; sent at a block's instant, the listing lands in that block. */
export function listProvider(world: World, provider: Address, gpus: number, costPerGpuHour: number, gpuModel = 'H100'): void {
  world.market.listProvider(provider, gpuModel, gpus, costPerGpuHour, (r) => {
    if (r.status !== 'success') throw new Error(`listing of ${provider} failed: ${r.status}`);
  });
}

/** Starts the protocol's keeper agent, as the posted world does, poking from `address`. */
export function startKeeper(world: World, address: Address): PriceKeeperAgent {
  const keeper = new PriceKeeperAgent(world.ctx, world.market, address);
  keeper.start();
  return keeper;
}
