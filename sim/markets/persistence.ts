// How an agent carries on when one of its transactions fails, as a real actor would. A transaction
// the chain dropped because its sender could not cover the gas at that base fee is sent again after
// a wait that doubles each time, priced anew at the base fee of then, up to a number of attempts;
// then the agent gives up. A revert is the contract refusing the call itself, and a transaction
// larger than a block never fits: sent again either would fail again, so the agent gives up at once. What giving up
// means (leaving the market, failing a job) is the agent's own policy; every failure is counted
// by the chain (tx_failed_out_of_gas, tx_failed_reverted, tx_failed_too_large).
import type { Receipt, SuccessReceipt } from '../chain/transaction.js';
import type { MarketContext } from './context.js';

export interface Persistence {
  /** Transactions sent in all, the first included. */
  readonly attempts: number;
  /** Blocks waited after the first drop; each later wait is twice the one before. */
  readonly firstWaitBlocks: number;
}

/**
 * For the one-time set-up of an agent (registering, listing, approving): six tries over about
 * 630 blocks (two hours at 12 s), long enough for a congested base fee to come back down.
 */
export const SETUP_PERSISTENCE: Persistence = { attempts: 6, firstWaitBlocks: 20 };

export interface PersistOutcome<T> {
  succeeded(receipt: SuccessReceipt<T>): void;
  /** The last failed receipt: a revert, or the drop of the last attempt. */
  gaveUp(receipt: Receipt<T>): void;
}

/** Sends a transaction through `send` until it succeeds, per `policy`. */
export function persist<T>(
  ctx: MarketContext,
  send: (done: (receipt: Receipt<T>) => void) => void,
  outcome: PersistOutcome<T>,
  policy: Persistence = SETUP_PERSISTENCE,
): void {
  const attempt = (left: number, waitBlocks: number): void => {
    send((receipt) => {
      if (receipt.status === 'success') return outcome.succeeded(receipt);
      // A transaction larger than a block would never fit, however often it is sent.
      const final = receipt.status === 'reverted' || receipt.reason === 'exceeds the block gas limit';
      if (final || left <= 1) return outcome.gaveUp(receipt);
      ctx.kernel.schedule(waitBlocks * ctx.chain.blockTime, () => attempt(left - 1, 2 * waitBlocks));
    });
  };
  attempt(policy.attempts, policy.firstWaitBlocks);
}
