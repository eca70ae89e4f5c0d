// The chain layer: block clock, mempool, EIP-1559 pricing, transactions with revert semantics.
export { BlockClock } from './blockClock.js';
export { BLOCK_EVENT_PRIORITY, Chain, type BlockInfo, type BlockListener, type ChainParams } from './chain.js';
export { DEFAULT_GAS_TABLE, gasOf, gasTableWith, type GasTable } from './gasTable.js';
export { effectiveTip } from './mempool.js';
export { effectiveGasPrice, feeOf } from './transaction.js';
export type { DropReason, DroppedReceipt, Inclusion, Receipt, RevertedReceipt, SuccessReceipt, Tx, TxId } from './transaction.js';
