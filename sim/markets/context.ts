// What every market and agent of one run shares: the clock, the chain, the run's random streams,
// and the tokens. Markets never reach into agents; agents act on markets only through
// transactions, so everything that changes contract state goes through the chain.
import type { Chain } from '../chain/chain.js';
import type { Receipt } from '../chain/transaction.js';
import type { ERC20 } from '../contracts/token/ERC20.js';
import type { Address, TxContext } from '../contracts/types.js';
import type { Kernel } from '../engine/kernel.js';
import type { Streams } from '../engine/streams.js';

export interface Tokens {
  /** The stable payment token users pay providers and solvers in (6 decimals, like USDC). */
  readonly usd: ERC20;
  /** The native currency that pays for gas (18 decimals). */
  readonly native: ERC20;
}

export interface MarketContext {
  readonly kernel: Kernel;
  readonly chain: Chain;
  readonly rng: Streams;
  readonly tokens: Tokens;
  /** Mints and pays out on behalf of the world outside the model (users' budgets, gas money). */
  readonly treasury: Address;
}

/** How urgently a sender wants in: the tip it offers above the base fee, in wei per gas. */
export const TIP_WEI = {
  normal: 1_000_000_000n,
  urgent: 20_000_000_000n,
} as const;

/**
 * Sends a contract call the way a wallet does: a tip by urgency, and a fee cap of twice the current
 * base fee plus the tip, so the transaction survives six full blocks of base-fee growth.
 */
export function send<T>(
  ctx: MarketContext,
  from: Address,
  method: string,
  call: (tx: TxContext) => T,
  onReceipt?: (receipt: Receipt<T>) => void,
  urgency: keyof typeof TIP_WEI = 'normal',
): void {
  const tip = TIP_WEI[urgency];
  // onReceipt is always present, undefined when not wanted: one shape for every transaction, where
  // spreading it in only when given made a second object and a second shape.
  ctx.chain.submit({
    from,
    method,
    call,
    maxFeePerGas: 2n * ctx.chain.baseFee + tip,
    maxPriorityFeePerGas: tip,
    onReceipt,
  });
}
