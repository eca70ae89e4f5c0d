// The order shapes of Uniswap/UniswapX src/base/ReactorStructs.sol and the Dutch order libraries.
// Amounts are uint256 base units; times are Unix seconds and blocks are block numbers, as bigint.
import type { Address } from '../types.js';

/** What every order carries (ReactorStructs.sol OrderInfo; the validation contract is not modelled). */
export interface OrderInfo {
  readonly reactor: Address;
  readonly swapper: Address;
  /** A Permit2 unordered nonce: an order can be filled (or cancelled) once. */
  readonly nonce: bigint;
  readonly deadline: bigint;
}

export interface InputToken {
  readonly token: Address;
  readonly amount: bigint;
  /** The most the swapper can be asked to pay, the amount Permit2 signs for. */
  readonly maxAmount: bigint;
}

export interface OutputToken {
  readonly token: Address;
  readonly amount: bigint;
  readonly recipient: Address;
}

/** An order after decay and exclusivity: exactly what a fill moves. */
export interface ResolvedOrder {
  readonly info: OrderInfo;
  readonly input: InputToken;
  readonly outputs: readonly OutputToken[];
}

/** DutchOrderLib.sol DutchInput: the input decays upward from startAmount to endAmount. */
export interface DutchInput {
  readonly token: Address;
  readonly startAmount: bigint;
  readonly endAmount: bigint;
}

/** DutchOrderLib.sol DutchOutput: an output decays downward from startAmount to endAmount. */
export interface DutchOutput {
  readonly token: Address;
  readonly startAmount: bigint;
  readonly endAmount: bigint;
  readonly recipient: Address;
}
