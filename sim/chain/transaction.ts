// What an agent hands to the chain, and what it gets back. A transaction is a call to one contract
// method; the chain runs it at the next block that includes it and reports the outcome through a
// receipt, the way a wallet learns the fate of what it broadcast.
import type { Address, TxContext } from '../contracts/types.js';

export type TxId = number;

export interface Tx<T = unknown> {
  readonly from: Address;
  /** Key in the gas table, 'Contract.method' (e.g. 'AllocationManager.slashOperator'). */
  readonly method: string;
  /**
   * The state change. It must throw before writing anything (every ported contract does: checks
   * before effects), because the chain cannot undo arbitrary writes. A `Revert` or `Panic` makes a
   * reverted receipt; any other exception is a bug in the model and ends the run.
   */
  readonly call: (ctx: TxContext) => T;
  /** Wei per gas the sender will pay at most, base fee included. */
  readonly maxFeePerGas: bigint;
  /** Wei per gas offered to the block proposer on top of the base fee, at most. */
  readonly maxPriorityFeePerGas: bigint;
  readonly onReceipt?: (receipt: Receipt<T>) => void;
}

/** Where and at what price a transaction ran. */
export interface Inclusion {
  readonly txId: TxId;
  readonly from: Address;
  readonly method: string;
  readonly block: number;
  readonly timestamp: number;
  /** Position in the block, from 0. */
  readonly index: number;
  readonly gasUsed: number;
  readonly baseFeePerGas: bigint;
  /** The effective tip per gas, min(maxPriorityFeePerGas, maxFeePerGas − baseFee): the proposer's. */
  readonly priorityFeePerGas: bigint;
}

// The price and the fee are derived when read rather than stored in every receipt: most senders
// never read them, and storing them cost two bigints a transaction.

/** baseFee + effective tip: what each unit of gas cost the sender (a receipt's effectiveGasPrice on Ethereum). */
export function effectiveGasPrice(r: Inclusion): bigint {
  return r.baseFeePerGas + r.priorityFeePerGas;
}

/** gasUsed · effectiveGasPrice: the burned base fee plus the proposer's tip. */
export function feeOf(r: Inclusion): bigint {
  return BigInt(r.gasUsed) * effectiveGasPrice(r);
}

export interface SuccessReceipt<T> extends Inclusion {
  readonly status: 'success';
  readonly value: T;
}

export interface RevertedReceipt extends Inclusion {
  readonly status: 'reverted';
  /** The contract's error name, as `errorNameOf` gives it (e.g. 'InsufficientMagnitude', 'Panic(0x11)'). */
  readonly error: string;
}

export type DropReason = 'insufficient funds for gas' | 'expired' | 'exceeds the block gas limit';

/** A transaction that never ran and cost nothing. */
export interface DroppedReceipt {
  readonly status: 'dropped';
  readonly txId: TxId;
  readonly from: Address;
  readonly method: string;
  /** The block at which it was dropped. */
  readonly block: number;
  readonly timestamp: number;
  readonly reason: DropReason;
}

export type Receipt<T = unknown> = SuccessReceipt<T> | RevertedReceipt | DroppedReceipt;

/** What happened to a transaction, in a word: the error name, the drop reason, or 'ok'. */
export function receiptOutcome(r: Receipt<unknown>): string {
  return r.status === 'reverted' ? r.error : r.status === 'dropped' ? r.reason : 'ok';
}

/**
 * A receipt callback threw. An agent learns of a failed transaction from its receipt and carries on
 * (it retries, gives up or leaves, as its policy says); a callback that throws is a bug in the model,
 * so the chain names the agent and the transaction, and the run fails.
 */
export class ReceiptCallbackError extends Error {
  override readonly name = 'ReceiptCallbackError';

  constructor(
    readonly agent: Address,
    readonly method: string,
    readonly outcome: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the receipt callback of ${agent} threw on its '${method}' transaction (${outcome}): ${reason}`, { cause });
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\ncaused by ${cause.stack}`;
  }
}
