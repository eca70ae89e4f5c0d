// Protocol fee outputs, after Uniswap/UniswapX src/base/ProtocolFees.sol @ 52299e91. A fee
// controller may append fee outputs to an order, each capped at 5 bps of what the order moves in
// that token.
import { Revert } from '../errors.js';
import { FixedPointMathLib, add } from '../math.js';
import type { OutputToken, ResolvedOrder } from './ReactorStructs.js';

const BPS = 10_000n;
export const MAX_FEE_BPS = 5n;

/** Decides the fee outputs of an order (IProtocolFeeController.getFeeOutputs, for one order). */
export type FeeController = (order: ResolvedOrder) => readonly OutputToken[];

// Port of UniswapX src/base/ProtocolFees.sol _takeFees (one order)
export function takeFees(order: ResolvedOrder, feeOutputs: readonly OutputToken[]): ResolvedOrder {
  feeOutputs.forEach((fee, j) => {
    if (feeOutputs.slice(0, j).some((earlier) => earlier.token === fee.token)) throw new Revert('DuplicateFeeOutput');
    let tokenValue = order.outputs.filter((o) => o.token === fee.token).reduce((sum, o) => add(sum, o.amount), 0n);
    // A fee may also be taken in the input token.
    if (order.input.token === fee.token) tokenValue = add(tokenValue, order.input.amount);
    if (tokenValue === 0n) throw new Revert('InvalidFeeToken');
    if (fee.amount > FixedPointMathLib.mulDivDown(tokenValue, MAX_FEE_BPS, BPS)) throw new Revert('FeeTooLarge');
  });
  return { ...order, outputs: [...order.outputs, ...feeOutputs] };
}
