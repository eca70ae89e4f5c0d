// Block-decaying V3 Dutch orders, after Uniswap/UniswapX src/reactors/V3DutchOrderReactor.sol
// @ 52299e91. A cosigner fixes the decay start block, the exclusive filler and may improve the
// amounts; the base fee at fill time adjusts the start amounts. The cosignature itself is not
// modelled (the lab's cosigner is honest by construction).
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';
import { BaseReactor } from './BaseReactor.js';
import { handleExclusiveOverride } from './ExclusivityLib.js';
import { decayV3Input, decayV3Output, type V3DutchInput, type V3DutchOutput } from './NonlinearDutchDecayLib.js';
import type { OrderInfo, ResolvedOrder } from './ReactorStructs.js';
import { applyGasAdjustment } from './V3GasAdjustment.js';

/** A transaction context that also sees block.basefee, which V3 orders read. */
export interface BaseFeeTxContext extends TxContext {
  readonly baseFee: bigint;
}

/** V3DutchOrderLib.sol CosignerData. */
export interface CosignerData {
  readonly decayStartBlock: bigint;
  readonly exclusiveFiller: Address;
  readonly exclusivityOverrideBps: bigint;
  /** 0 keeps the order's input start amount; otherwise it may only lower it. */
  readonly inputAmount: bigint;
  /** One per output: 0 keeps the start amount; otherwise it may only raise it. */
  readonly outputAmounts: readonly bigint[];
}

/** V3DutchOrderLib.sol V3DutchOrder (without the cosignature). */
export interface V3DutchOrder {
  readonly info: OrderInfo;
  readonly cosigner: Address;
  readonly startingBaseFee: bigint;
  readonly baseInput: V3DutchInput;
  readonly baseOutputs: readonly V3DutchOutput[];
  readonly cosignerData: CosignerData;
}

export class V3DutchOrderReactor extends BaseReactor<V3DutchOrder, BaseFeeTxContext> {
  // Port of UniswapX src/reactors/V3DutchOrderReactor.sol _resolve
  protected override resolve(ctx: BaseFeeTxContext, order: V3DutchOrder): ResolvedOrder {
    if (order.info.deadline < BigInt(ctx.timestamp)) throw new Revert('DeadlineReached');
    const cosigned = withCosignerAmounts(order);
    const adjusted = applyGasAdjustment(cosigned.baseInput, cosigned.baseOutputs, order.startingBaseFee, ctx.baseFee);
    const { decayStartBlock, exclusiveFiller, exclusivityOverrideBps } = order.cosignerData;
    const blockNumberish = BigInt(ctx.block);
    const outputs = adjusted.baseOutputs.map((o) => decayV3Output(o, decayStartBlock, blockNumberish));
    return {
      info: order.info,
      input: decayV3Input(adjusted.baseInput, decayStartBlock, blockNumberish),
      // Block-based exclusivity: it ends at the decay start block.
      outputs: handleExclusiveOverride(outputs, exclusiveFiller, decayStartBlock, exclusivityOverrideBps, blockNumberish, ctx.sender),
    };
  }
}

// Port of UniswapX src/reactors/V3DutchOrderReactor.sol _updateWithCosignerAmounts (returns the updated copy)
function withCosignerAmounts(order: V3DutchOrder): { baseInput: V3DutchInput; baseOutputs: V3DutchOutput[] } {
  const { inputAmount, outputAmounts } = order.cosignerData;
  if (inputAmount !== 0n && inputAmount > order.baseInput.startAmount) throw new Revert('InvalidCosignerInput');
  const baseInput = inputAmount === 0n ? order.baseInput : { ...order.baseInput, startAmount: inputAmount };
  if (outputAmounts.length !== order.baseOutputs.length) throw new Revert('InvalidCosignerOutput');
  const baseOutputs = order.baseOutputs.map((output, i) => {
    const amount = outputAmounts[i] ?? 0n;
    if (amount === 0n) return output;
    if (amount < output.startAmount) throw new Revert('InvalidCosignerOutput');
    return { ...output, startAmount: amount };
  });
  return { baseInput, baseOutputs };
}
