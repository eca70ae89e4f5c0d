// Constants, operator-set keys and address ordering shared by the restaking contracts.
import type { Address, TxContext } from '../types.js';
import { revert } from '../errors.js';

/** contracts spec §1.1: where slashed shares go when an operator set does not redistribute. */
export const DEFAULT_BURN_ADDRESS: Address = '0x00000000000000000000000000000000000E16E4';
/** The pseudo-strategy that stands for beacon-chain ETH in the EigenPodManager. */
export const BEACONCHAIN_ETH_STRAT: Address = '0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0';
export const MAX_STAKER_STRATEGY_LIST_LENGTH = 32;
export const GWEI_TO_WEI = 10n ** 9n;

/** Mainnet immutables (contracts spec §1.1). */
export const MAINNET_DELAYS = {
  DEALLOCATION_DELAY: 100_800,
  ALLOCATION_CONFIGURATION_DELAY: 126_000,
  MIN_WITHDRAWAL_DELAY_BLOCKS: 100_800,
} as const;

export interface OperatorSet {
  readonly avs: Address;
  readonly id: number;
}

// A separator that cannot occur in a hex address and is unlikely in a world-assigned id.
const SEP = '\u001f';

/** Port of eigenlayer-contracts src/contracts/libraries/OperatorSetLib.sol key: one string per (avs, id). */
export function operatorSetKey(operatorSet: OperatorSet): string {
  return `${operatorSet.avs}${SEP}${operatorSet.id}`;
}

export function decodeOperatorSetKey(key: string): OperatorSet {
  const at = key.lastIndexOf(SEP);
  return { avs: key.slice(0, at), id: Number(key.slice(at + 1)) };
}

/** A composite mapping key (Solidity's nested mappings flattened into one Map). */
export function mapKey(...parts: readonly (string | number)[]): string {
  return parts.join(SEP);
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{1,40}$/;

/**
 * Orders two addresses as `uint160(a) < uint160(b)` does in Solidity when both are hex addresses;
 * world-assigned ids that are not hex compare as strings (code-unit order), and a hex address
 * against a non-hex id also compares as strings. Returns a negative, zero or positive number.
 * Elsewhere addresses are compared as strings, so the world must spell each account one way.
 */
export function compareAddresses(a: Address, b: Address): number {
  if (HEX_ADDRESS.test(a) && HEX_ADDRESS.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The context of a call one contract makes into another: same block, the caller contract as sender. */
export function callFrom(ctx: TxContext, sender: Address): TxContext {
  return { sender, block: ctx.block, timestamp: ctx.timestamp };
}

/** A uint32 block number, as the originals store it; the lab's clock must stay below 2^32. */
export function blockNumber(ctx: TxContext): number {
  if (!Number.isInteger(ctx.block) || ctx.block < 0 || ctx.block > 0xffffffff) {
    throw new RangeError(`block ${ctx.block} is not a uint32`);
  }
  return ctx.block;
}

/** PermissionControllerMixin.checkCanCall with no appointees: only the account itself may act. */
export function checkCanCall(ctx: TxContext, account: Address): void {
  if (ctx.sender !== account) revert('InvalidPermissions');
}
