// The world's times in blocks: the delays the restaking contracts count in blocks, and the block
// numbers a run reaches. The scenario schema checks its rules against these same functions (the
// start-block floor, the uint32 ceiling), so a rule and what the run does cannot drift apart.
import type { WorldParams } from './params.js';

/** uint32, the type the restaking originals store block numbers in. */
export const UINT32_MAX = 0xffff_ffff;

/** A delay in seconds as whole blocks, at least one: a delay of no block would make the delayed act immediate. */
export function delayBlocks(seconds: number, blockTime: number): number {
  return Math.max(1, Math.round(seconds / blockTime));
}

type Timing = Pick<WorldParams, 'duration' | 'chain' | 'security' | 'operators'>;

/** The restaking delays of a run, in blocks. */
export function restakingDelayBlocks(p: Timing): { deallocation: number; withdrawal: number; allocationConfiguration: number; allocation: number } {
  const blocks = (seconds: number): number => delayBlocks(seconds, p.chain.blockTime);
  return {
    deallocation: blocks(p.security.deallocationDelay),
    withdrawal: blocks(p.security.withdrawalDelay),
    allocationConfiguration: blocks(p.security.allocationConfigurationDelay),
    allocation: blocks(p.operators.allocationDelay),
  };
}

/**
 * The lowest first block a run may start at: EigenLayer's slashing reads the block
 * `number - MIN_WITHDRAWAL_DELAY_BLOCKS - 1` in checked uint32 arithmetic, which fails below it.
 */
export function restakingStartBlockFloor(p: Timing): number {
  return restakingDelayBlocks(p).withdrawal + 1;
}

/** Number of the last block the run produces. */
export function lastBlock(p: Pick<WorldParams, 'duration' | 'chain'>): number {
  return p.chain.startBlock - 1 + Math.floor(p.duration / p.chain.blockTime);
}

/** The furthest block number the restaking contracts may write: the last block plus the longest delay and one. */
export function furthestRestakingBlock(p: Timing): number {
  return lastBlock(p) + Math.max(...Object.values(restakingDelayBlocks(p))) + 1;
}
