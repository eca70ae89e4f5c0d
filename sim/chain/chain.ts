// The chain: a block every `blockTime` seconds of simulated time, a mempool, EIP-1559 pricing, and
// execution of contract calls with revert semantics. Agents never touch contract state directly;
// they submit a transaction and learn its fate from a receipt when a block includes it.
import {
  calcBaseFee,
  DEFAULT_BASE_FEE_CHANGE_DENOMINATOR,
  DEFAULT_ELASTICITY_MULTIPLIER,
  INITIAL_BASE_FEE,
} from '../contracts/fees/index.js';
import { errorNameOf, isContractError } from '../contracts/errors.js';
import type { ERC20 } from '../contracts/token/ERC20.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../contracts/types.js';
import type { Kernel } from '../engine/kernel.js';
import { gasOf, gasTableWith, type GasTable } from './gasTable.js';
import { Mempool, type PendingTx } from './mempool.js';
import { ReceiptCallbackError, receiptOutcome, type DropReason, type Receipt, type Tx, type TxId } from './transaction.js';

export interface ChainParams {
  /** Seconds between blocks (a whole number, as block timestamps are). Default 12. */
  readonly blockTime?: number;
  /**
   * Number of the first block produced. Default 20,000,000. Contracts may need more: EigenLayer's
   * slashing reads the block `number - MIN_WITHDRAWAL_DELAY_BLOCKS - 1` with checked arithmetic and
   * panics below it (the scenario schema derives that floor from the world's delays).
   */
  readonly startBlock?: number;
  /**
   * Timestamp of the head when the chain starts (block startBlock - 1), in Unix seconds; block
   * startBlock + k carries genesisTimestamp + (k + 1) · blockTime. Default 1,700,000,000 (November 2023).
   */
  readonly genesisTimestamp?: number;
  /** Gas per block. Default 30,000,000 (Ethereum mainnet from the London fork until 2025). */
  readonly gasLimit?: number;
  /** Base fee of the first block, in wei. Default 1 gwei (go-ethereum's InitialBaseFee). */
  readonly initialBaseFee?: bigint;
  /** Gas limit / gas target. Default 2 (go-ethereum). */
  readonly elasticityMultiplier?: number;
  /** The base fee moves by at most 1/this per block. Default 8 (go-ethereum): 12.5%. */
  readonly baseFeeChangeDenominator?: number;
  /**
   * Gas that traffic outside the model uses in every block, counted toward the base fee. It takes
   * what the model's transactions leave, up to this amount: they outbid it. Either a constant, or
   * a demand curve giving the gas outside traffic wants at the block's base fee (so that it yields
   * when the model's own traffic drives the fee up). Default 0.
   */
  readonly backgroundGas?: number | BackgroundDemand;
  /** Receives every tip. */
  readonly proposer?: Address;
  /** Per-method gas laid over the defaults (see gasTable.ts). */
  readonly gasTable?: Readonly<Record<string, number>>;
  /**
   * Ledger of the native currency that pays for gas. The chain burns base fees with the ledger's
   * minter authority, as the protocol itself does. Without a ledger, fees are priced and reported
   * in receipts and totals but no balance is debited.
   */
  readonly nativeCurrency?: ERC20;
  /** Drop a transaction passed over by more than this many blocks. Default: never. */
  readonly mempoolExpiryBlocks?: number;
}

/** Gas wanted by traffic outside the model at a given base fee (wei per gas). */
export type BackgroundDemand = (baseFee: bigint) => number;

/** What listeners learn about a block once it is sealed. */
export interface BlockInfo {
  readonly number: number;
  readonly timestamp: number;
  /** Kernel time at which it was produced. */
  readonly time: number;
  readonly baseFeePerGas: bigint;
  /** The base fee of the block that follows. */
  readonly nextBaseFeePerGas: bigint;
  readonly gasLimit: number;
  /** All gas in the block, the background's included: the header's gasUsed. */
  readonly gasUsed: number;
  /** The part of gasUsed that traffic outside the model took. */
  readonly backgroundGasUsed: number;
  /** The model's included transactions, reverted ones among them. */
  readonly transactions: number;
  readonly reverts: number;
}

export type BlockListener = (block: BlockInfo) => void;

/** Block production runs after every other event of the same instant, so a transaction submitted at a block's time makes it in. */
export const BLOCK_EVENT_PRIORITY = 1_000_000;

const DEFAULT_PROPOSER: Address = '0x000000000000000000000000000000000000fee5';

/** What building one block gave: the model's gas and counts (its receipts wait in the chain's Deliveries). */
interface BlockTally {
  readonly gasUsed: number;
  readonly included: number;
  readonly reverts: number;
}

// Most blocks of a quiet market are empty: they share this instead of allocating.
const EMPTY_BLOCK: BlockTally = Object.freeze({ gasUsed: 0, included: 0, reverts: 0 });

/**
 * A block's transactions and their receipts, side by side, in the order they are delivered: the
 * included and rejected ones in block order, then those dropped as oversized, then the expired.
 * One pair of arrays serves every block (three arrays per block were most of what a block
 * allocated beside its receipts); each slot is cleared as it is delivered.
 */
class Deliveries {
  readonly #txs: (Tx<unknown> | undefined)[] = [];
  readonly #receipts: (Receipt | undefined)[] = [];
  #count = 0;

  add(tx: Tx<unknown>, receipt: Receipt): void {
    this.#txs[this.#count] = tx;
    this.#receipts[this.#count++] = receipt;
  }

  /** Hands each receipt to its sender, in order, and forgets them. */
  deliverAll(): void {
    const txs = this.#txs;
    const receipts = this.#receipts;
    const count = this.#count;
    this.#count = 0;
    for (let i = 0; i < count; i++) {
      const tx = txs[i]!;
      const receipt = receipts[i]!;
      txs[i] = receipts[i] = undefined;
      deliver(tx, receipt);
    }
  }
}

export class Chain {
  readonly blockTime: number;
  readonly gasLimit: number;
  readonly backgroundGas: number | BackgroundDemand;
  readonly proposer: Address;
  readonly gasTable: GasTable;
  /** The gas table as a Map, read at every submission: a keyed read of the table's record cost more. */
  readonly #gasByMethod: ReadonlyMap<string, number>;
  readonly #kernel: Kernel;
  readonly #params: ChainParams;
  readonly #feeRule: { elasticityMultiplier: bigint; baseFeeChangeDenominator: bigint };
  readonly #startTime: number;
  readonly #startBlock: number;
  readonly #genesisTimestamp: number;
  readonly #mempool = new Mempool();
  readonly #deliveries = new Deliveries();
  /** Transactions larger than a block, dropped at the next block. */
  #tooLarge: PendingTx[] = [];
  readonly #listeners: BlockListener[] = [];
  #blockNumber: number;
  #timestamp: number;
  #baseFee: bigint;
  #nextTxId: TxId = 1;
  #blocks = 0;
  #transactions = 0;
  #reverts = 0;
  #rejected = 0;
  #expired = 0;
  #oversized = 0;
  #gasUsed = 0;
  #burned = 0n;
  #tips = 0n;

  /** Blocks start at once: the first comes `blockTime` after `kernel.now()`. Throws a readable RangeError on bad parameters. */
  constructor(kernel: Kernel, params: ChainParams = {}) {
    const settings = resolve(params);
    this.blockTime = settings.blockTime;
    this.gasLimit = settings.gasLimit;
    this.backgroundGas = settings.backgroundGas;
    this.proposer = settings.proposer;
    this.gasTable = gasTableWith(params.gasTable);
    this.#gasByMethod = new Map(Object.entries(this.gasTable));
    this.#startBlock = settings.startBlock;
    this.#genesisTimestamp = settings.genesisTimestamp;
    this.#baseFee = settings.initialBaseFee;
    this.#feeRule = settings.feeRule;
    this.#kernel = kernel;
    this.#params = params;
    this.#startTime = kernel.now();
    this.#blockNumber = this.#startBlock - 1;
    this.#timestamp = this.#genesisTimestamp;
    this.#scheduleNextBlock();
  }

  /** Number of the latest block. */
  get blockNumber(): number {
    return this.#blockNumber;
  }

  /** Timestamp of the latest block. */
  get timestamp(): number {
    return this.#timestamp;
  }

  /** Base fee the next block will charge. */
  get baseFee(): bigint {
    return this.#baseFee;
  }

  get mempoolSize(): number {
    return this.#mempool.size;
  }

  /** Wei burned as base fee so far. */
  get burned(): bigint {
    return this.#burned;
  }

  /** Wei paid to the proposer as tips so far. */
  get tips(): bigint {
    return this.#tips;
  }

  /** A view context at the head, for reads outside a transaction. */
  context(sender: Address): TxContext {
    return { sender, block: this.#blockNumber, timestamp: this.#timestamp };
  }

  /**
   * Puts a transaction in the mempool. One that needs more gas than a block holds never fits: it is
   * dropped, and its sender learns so from a receipt at the next block. Throws on a malformed
   * transaction (an unknown method, bad fees): a bug in the model, not a fate of the transaction.
   */
  submit<T>(tx: Tx<T>): TxId {
    // gasOf names a method the table lacks.
    const gas = this.#gasByMethod.get(tx.method) ?? gasOf(this.gasTable, tx.method);
    const feesAreWei = typeof tx.maxFeePerGas === 'bigint' && typeof tx.maxPriorityFeePerGas === 'bigint';
    if (!feesAreWei || tx.maxPriorityFeePerGas < 0n || tx.maxFeePerGas < tx.maxPriorityFeePerGas) {
      throw new RangeError(
        `transaction from ${tx.from}: need bigint wei with 0 <= maxPriorityFeePerGas (${tx.maxPriorityFeePerGas}) <= maxFeePerGas (${tx.maxFeePerGas})`,
      );
    }
    // The ledger cannot debit the zero address, so its gas could never be paid.
    if (this.#params.nativeCurrency !== undefined && tx.from === ZERO_ADDRESS) {
      throw new RangeError(`'${tx.method}' sent from the zero address cannot pay gas`);
    }
    const id = this.#nextTxId++;
    const pending = { id, tx: tx as Tx<unknown>, gas, submittedAtBlock: this.#blockNumber };
    if (gas > this.gasLimit) this.#tooLarge.push(pending);
    else this.#mempool.add(pending);
    return id;
  }

  /** Called after every block, in registration order. */
  onBlock(listener: BlockListener): void {
    this.#listeners.push(listener);
  }

  /** For the run result. gasUsed counts the model's transactions only, not the background. */
  counters(): Record<string, number> {
    return {
      blocks: this.#blocks,
      transactions: this.#transactions,
      reverts: this.#reverts,
      rejected: this.#rejected,
      expired: this.#expired,
      oversized: this.#oversized,
      gasUsed: this.#gasUsed,
      mempoolSize: this.#mempool.size,
    };
  }

  #scheduleNextBlock(): void {
    const at = this.#startTime + (this.#blocks + 1) * this.blockTime;
    this.#kernel.schedule(at - this.#kernel.now(), this.#produceBlock, BLOCK_EVENT_PRIORITY);
  }

  // An arrow bound once, not a closure per block.
  readonly #produceBlock = (): void => {
    this.#blocks += 1;
    this.#blockNumber = this.#startBlock - 1 + this.#blocks;
    this.#timestamp = this.#genesisTimestamp + this.#blocks * this.blockTime;
    const baseFee = this.#baseFee;
    const built = this.#includeTransactions(baseFee);
    this.#dropOversized();
    this.#expireStale();
    this.#transactions += built.included;
    this.#reverts += built.reverts;
    this.#gasUsed += built.gasUsed;
    const wanted = typeof this.backgroundGas === 'number' ? this.backgroundGas : Math.max(0, Math.floor(this.backgroundGas(baseFee)));
    const backgroundGasUsed = Math.min(wanted, this.gasLimit - built.gasUsed);
    const blockGasUsed = built.gasUsed + backgroundGasUsed;

    this.#deliveries.deliverAll();

    this.#baseFee = calcBaseFee(
      { baseFee, gasLimit: BigInt(this.gasLimit), gasUsed: BigInt(blockGasUsed) },
      this.#feeRule,
    );
    const info: BlockInfo = {
      number: this.#blockNumber,
      timestamp: this.#timestamp,
      time: this.#kernel.now(),
      baseFeePerGas: baseFee,
      nextBaseFeePerGas: this.#baseFee,
      gasLimit: this.gasLimit,
      gasUsed: blockGasUsed,
      backgroundGasUsed,
      transactions: built.included,
      reverts: built.reverts,
    };
    for (const listener of this.#listeners) listener(info);
    this.#scheduleNextBlock();
  };

  /** Takes transactions best tip first until the next one would overflow the block, and runs them; their receipts wait in the deliveries. */
  #includeTransactions(baseFee: bigint): BlockTally {
    if (this.#mempool.size === 0) return EMPTY_BLOCK;
    const at = this.#blockAt();
    const deliveries = this.#deliveries;
    let gasUsed = 0;
    let included = 0;
    let reverts = 0;
    const mempool = this.#mempool;
    mempool.openBlock(baseFee);
    try {
      for (let pending = mempool.nextCandidate(); pending !== undefined; pending = mempool.nextCandidate()) {
        if (gasUsed + pending.gas > this.gasLimit) break;
        mempool.takeCandidate();
        // The gas as a bigint, once: the check of the sender's funds and the payment both price it.
        const gasUnits = BigInt(pending.gas);
        if (!this.#canPay(pending.tx, gasUnits)) {
          this.#rejected += 1;
          deliveries.add(pending.tx, this.#dropped(pending, 'insufficient funds for gas'));
          continue;
        }
        const receipt = this.#execute(pending, gasUnits, mempool.offeredTip, included, baseFee, at);
        if (receipt.status === 'reverted') reverts += 1;
        deliveries.add(pending.tx, receipt);
        included += 1;
        gasUsed += pending.gas;
      }
    } finally {
      mempool.closeBlock();
    }
    return { gasUsed, included, reverts };
  }

  /** The block being built, with the ledger minter's context that burns every base fee in it. */
  #blockAt(): BlockAt {
    const block = this.#blockNumber;
    const timestamp = this.#timestamp;
    const minter = this.#params.nativeCurrency?.minter ?? ZERO_ADDRESS;
    return { block, timestamp, minter: { sender: minter, block, timestamp } };
  }

  #dropOversized(): void {
    if (this.#tooLarge.length === 0) return;
    const dropped = this.#tooLarge;
    this.#tooLarge = [];
    this.#oversized += dropped.length;
    this.#droppedAll(dropped, 'exceeds the block gas limit');
  }

  #expireStale(): void {
    const expiry = this.#params.mempoolExpiryBlocks;
    if (expiry === undefined || this.#mempool.size === 0) return;
    const expired = this.#mempool.takeExpired(this.#blockNumber, expiry);
    this.#expired += expired.length;
    this.#droppedAll(expired, 'expired');
  }

  #droppedAll(dropped: readonly PendingTx[], reason: DropReason): void {
    for (const pending of dropped) this.#deliveries.add(pending.tx, this.#dropped(pending, reason));
  }

  // go-ethereum's buyGas: the sender must hold gasLimit · maxFeePerGas, whatever it ends up paying.
  #canPay(tx: Tx<unknown>, gasUnits: bigint): boolean {
    const ledger = this.#params.nativeCurrency;
    return ledger === undefined || ledger.balanceOf(tx.from) >= gasUnits * tx.maxFeePerGas;
  }

  // Gas is paid before the call runs, as on Ethereum, so a call that moves the sender's native
  // balance cannot leave the fee unpaid; a revert keeps the payment.
  /** `tip`: the transaction's effective tip at `baseFee`, as the mempool ranked it (see effectiveTip in mempool.ts). */
  #execute(pending: PendingTx, gasUnits: bigint, tip: bigint, index: number, baseFee: bigint, at: BlockAt): Receipt {
    const { tx, gas, id } = pending;
    const burn = gasUnits * baseFee;
    const tipTotal = gasUnits * tip;
    // One context serves the tip's transfer and the call: both are the sender's, in this block.
    const ctx = txContext(tx.from, at);
    this.#pay(ctx, burn, tipTotal, at);
    // Each receipt is one object literal with every field: adding `status` and `value` to a shared
    // inclusion afterwards allocated a second object and grew the first one's property store.
    const { from, method } = tx;
    const { block, timestamp } = at;
    try {
      const value = tx.call(ctx);
      return { txId: id, from, method, block, timestamp, index, gasUsed: gas, baseFeePerGas: baseFee, priorityFeePerGas: tip, status: 'success', value };
    } catch (e) {
      if (!isContractError(e)) throw e;
      const error = errorNameOf(e);
      return { txId: id, from, method, block, timestamp, index, gasUsed: gas, baseFeePerGas: baseFee, priorityFeePerGas: tip, status: 'reverted', error };
    }
  }

  #pay(payer: TxContext, burn: bigint, tip: bigint, at: BlockAt): void {
    this.#burned += burn;
    this.#tips += tip;
    const ledger = this.#params.nativeCurrency;
    if (ledger === undefined) return;
    if (burn > 0n) ledger.burn(at.minter, payer.sender, burn);
    if (tip > 0n) ledger.transfer(payer, this.proposer, tip);
  }

  #dropped(pending: PendingTx, reason: DropReason): Receipt {
    const { id, tx } = pending;
    return {
      status: 'dropped',
      txId: id,
      from: tx.from,
      method: tx.method,
      block: this.#blockNumber,
      timestamp: this.#timestamp,
      reason,
    };
  }
}

/** Hands a receipt to its sender; a callback that throws fails the run, naming the agent. */
function deliver(tx: Tx<unknown>, receipt: Receipt): void {
  if (tx.onReceipt === undefined) return;
  try {
    tx.onReceipt(receipt);
  } catch (error) {
    throw new ReceiptCallbackError(tx.from, tx.method, receiptOutcome(receipt), error);
  }
}

/** The block a transaction runs in, and the context in which the ledger's minter burns its base fee. */
interface BlockAt {
  readonly block: number;
  readonly timestamp: number;
  readonly minter: TxContext;
}

/** The call context of a transaction in the block `at`. */
function txContext(sender: Address, at: BlockAt): TxContext {
  return { sender, block: at.block, timestamp: at.timestamp };
}

/** The parameters with defaults applied, checked so that a bad scenario fails here with a readable message. */
function resolve(params: ChainParams) {
  const settings = {
    blockTime: params.blockTime ?? 12,
    startBlock: params.startBlock ?? 20_000_000,
    genesisTimestamp: params.genesisTimestamp ?? 1_700_000_000,
    gasLimit: params.gasLimit ?? 30_000_000,
    backgroundGas: params.backgroundGas ?? 0,
    initialBaseFee: params.initialBaseFee ?? INITIAL_BASE_FEE,
    proposer: params.proposer ?? DEFAULT_PROPOSER,
    elasticityMultiplier: params.elasticityMultiplier ?? Number(DEFAULT_ELASTICITY_MULTIPLIER),
    baseFeeChangeDenominator: params.baseFeeChangeDenominator ?? Number(DEFAULT_BASE_FEE_CHANGE_DENOMINATOR),
  };
  const wholeAtLeast = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`chain: ${name} must be a whole number >= ${min}, got ${value}`);
    }
  };
  wholeAtLeast('blockTime', settings.blockTime, 1);
  wholeAtLeast('elasticityMultiplier', settings.elasticityMultiplier, 1);
  wholeAtLeast('baseFeeChangeDenominator', settings.baseFeeChangeDenominator, 1);
  // A gas target of zero would leave the base fee rule undefined.
  wholeAtLeast('gasLimit', settings.gasLimit, settings.elasticityMultiplier);
  if (typeof settings.backgroundGas === 'number') wholeAtLeast('backgroundGas', settings.backgroundGas, 0);
  if (typeof settings.backgroundGas === 'number' && settings.backgroundGas > settings.gasLimit) {
    throw new RangeError(`chain: backgroundGas ${settings.backgroundGas} exceeds the gas limit ${settings.gasLimit}`);
  }
  wholeAtLeast('startBlock', settings.startBlock, 0);
  wholeAtLeast('genesisTimestamp', settings.genesisTimestamp, 0);
  if (params.mempoolExpiryBlocks !== undefined) wholeAtLeast('mempoolExpiryBlocks', params.mempoolExpiryBlocks, 0);
  if (typeof settings.initialBaseFee !== 'bigint' || settings.initialBaseFee < 0n) {
    throw new RangeError(`chain: initialBaseFee must be a bigint >= 0 (wei), got ${settings.initialBaseFee}`);
  }
  // The ledger refuses transfers to the zero address, so tips there would fail mid-block.
  if (params.nativeCurrency !== undefined && settings.proposer === ZERO_ADDRESS) {
    throw new RangeError('chain: the proposer cannot be the zero address when gas is paid');
  }
  const feeRule = {
    elasticityMultiplier: BigInt(settings.elasticityMultiplier),
    baseFeeChangeDenominator: BigInt(settings.baseFeeChangeDenominator),
  };
  return { ...settings, feeRule };
}
