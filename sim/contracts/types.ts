// Types shared by every ported contract.

/** An account: a hex address for on-chain actors, or any stable string id the world assigns. */
export type Address = string;

/** What a state-changing call sees of the chain: the EVM's msg.sender, block.number, block.timestamp. */
export interface TxContext {
  readonly sender: Address;
  readonly block: number;
  /** Seconds since the Unix epoch, as block.timestamp. */
  readonly timestamp: number;
}

export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';
