// A small intent-auction world for the market and solver tests: a heap kernel, a 12-second chain
// whose block k (k = 1, 2, ...) runs at kernel time 12k with timestamp GENESIS + 12k, a USD ledger,
// and providers listed on the capacity desk before the test starts.
import { Chain } from '../../sim/chain/chain.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../sim/contracts/types.js';
import type { ExclusiveDutchOrder } from '../../sim/contracts/intents/ExclusiveDutchOrderReactor.js';
import { createKernel, streams } from '../../sim/engine/index.js';
import type { MarketContext } from '../../sim/markets/context.js';
import {
  INTENT_AUCTION_GAS,
  IntentAuctionMarket,
  REACTOR,
  USD_TOKEN,
  voucherToken,
  type IntentAuctionParams,
} from '../../sim/markets/intents/intentAuction.js';

export const GENESIS = 1_700_000_000;
export const BLOCK_TIME = 12;
export const START_BLOCK = 20_000_000;
export const TREASURY: Address = 'treasury';
export const USD = 1_000_000n;

export const PARAMS: IntentAuctionParams = {
  gpuModels: ['H100', 'A100'],
  decayWindow: 600,
  startPriceFactor: 0.6,
  endPriceFactor: 1,
  deadline: 300,
  exclusiveShare: 0,
  exclusivityWindow: 30,
  overrideBps: 100,
  redeemWindow: 120,
};

export interface World {
  readonly ctx: MarketContext;
  readonly market: IntentAuctionMarket;
  readonly usd: ERC20;
  readonly native: ERC20;
  /** Runs the kernel to kernel time `t`. */
  runTo(t: number): void;
  mintUsd(to: Address, amount: bigint): void;
  mintGas(to: Address): void;
}

export function makeWorld(params: Partial<IntentAuctionParams> = {}, options: { payGas?: boolean; seed?: string } = {}): World {
  const kernel = createKernel('heap');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  const chain = new Chain(kernel, {
    blockTime: BLOCK_TIME,
    startBlock: START_BLOCK,
    genesisTimestamp: GENESIS,
    gasTable: INTENT_AUCTION_GAS,
    ...(options.payGas ? { nativeCurrency: native } : {}),
  });
  const ctx: MarketContext = { kernel, chain, rng: streams(options.seed ?? 'intent-tests'), tokens: { usd, native }, treasury: TREASURY };
  const market = new IntentAuctionMarket(ctx, { ...PARAMS, ...params });
  const mintCtx: TxContext = { sender: TREASURY, block: 0, timestamp: 0 };
  return {
    ctx,
    market,
    usd,
    native,
    runTo: (t) => kernel.run(t),
    mintUsd: (to, amount) => usd.mint(mintCtx, to, amount),
    mintGas: (to) => native.mint(mintCtx, to, 10n ** 18n),
  };
}

/** Kernel time of block k, and its timestamp. */
export const blockAt = (k: number): number => BLOCK_TIME * k;
export const timestampOf = (k: number): number => GENESIS + BLOCK_TIME * k;

/** Lists a provider at time 0; the listing lands in block 1. */
export function listProvider(world: World, provider: Address, gpuModel: string, gpus: number, usdPerGpuHour: number): void {
  world.market.listCapacity(provider, gpuModel, gpus, usdPerGpuHour, (r) => {
    if (r.status !== 'success') throw new Error(`listing of ${provider} failed`);
  });
}

/** An intent for `gpuSeconds` vouchers of `gpuModel`, its input rising from `start` to `end` micro-USD over [t0, t1]. */
export function intentOrder(o: {
  swapper: Address;
  gpuModel: string;
  gpuSeconds: bigint;
  start: bigint;
  end: bigint;
  t0: number;
  t1: number;
  deadline: number;
  nonce?: bigint;
  exclusiveFiller?: Address;
  overrideBps?: bigint;
}): ExclusiveDutchOrder {
  return {
    info: { reactor: REACTOR, swapper: o.swapper, nonce: o.nonce ?? 0n, deadline: BigInt(o.deadline) },
    decayStartTime: BigInt(o.t0),
    decayEndTime: BigInt(o.t1),
    exclusiveFiller: o.exclusiveFiller ?? '0x0000000000000000000000000000000000000000',
    exclusivityOverrideBps: o.overrideBps ?? 0n,
    input: { token: USD_TOKEN, startAmount: o.start, endAmount: o.end },
    outputs: [{ token: voucherToken(o.gpuModel), startAmount: o.gpuSeconds, endAmount: o.gpuSeconds, recipient: o.swapper }],
  };
}
