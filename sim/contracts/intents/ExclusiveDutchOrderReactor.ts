// Time-decaying Dutch orders with an exclusive filler, after Uniswap/UniswapX
// src/reactors/ExclusiveDutchOrderReactor.sol @ 52299e91.
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';
import { BaseReactor } from './BaseReactor.js';
import { decayInput, decayOutputs } from './DutchDecayLib.js';
import { handleExclusiveOverride } from './ExclusivityLib.js';
import type { DutchInput, DutchOutput, OrderInfo, ResolvedOrder } from './ReactorStructs.js';

/** ExclusiveDutchOrderLib.sol ExclusiveDutchOrder. */
export interface ExclusiveDutchOrder {
  readonly info: OrderInfo;
  readonly decayStartTime: bigint;
  readonly decayEndTime: bigint;
  /** The zero address for an order anyone may fill from the start. */
  readonly exclusiveFiller: Address;
  readonly exclusivityOverrideBps: bigint;
  readonly input: DutchInput;
  readonly outputs: readonly DutchOutput[];
}

export class ExclusiveDutchOrderReactor extends BaseReactor<ExclusiveDutchOrder> {
  // Port of UniswapX src/reactors/ExclusiveDutchOrderReactor.sol _resolve
  protected override resolve(ctx: TxContext, order: ExclusiveDutchOrder): ResolvedOrder {
    validateOrder(order);
    const now = BigInt(ctx.timestamp);
    const outputs = decayOutputs(order.outputs, order.decayStartTime, order.decayEndTime, now);
    return {
      info: order.info,
      input: decayInput(order.input, order.decayStartTime, order.decayEndTime, now),
      // Exclusivity ends when the decay starts.
      outputs: handleExclusiveOverride(outputs, order.exclusiveFiller, order.decayStartTime, order.exclusivityOverrideBps, now, ctx.sender),
    };
  }
}

// Port of UniswapX src/reactors/ExclusiveDutchOrderReactor.sol _validateOrder
function validateOrder(order: ExclusiveDutchOrder): void {
  if (order.info.deadline < order.decayEndTime) throw new Revert('DeadlineBeforeEndTime');
  if (order.decayEndTime < order.decayStartTime) throw new Revert('EndTimeBeforeStartTime');
  // Only one side may move, so a filler's price is monotone in time.
  if (order.input.startAmount !== order.input.endAmount && order.outputs.some((o) => o.startAmount !== o.endAmount)) {
    throw new Revert('InputAndOutputDecay');
  }
}
