// The fill rules every UniswapX reactor shares, after Uniswap/UniswapX src/reactors/BaseReactor.sol
// @ 52299e91: resolve the order (decay and exclusivity, per order type), add protocol fees, validate,
// pull the input from the swapper to the filler through Permit2, then pay every output from the filler
// to its recipient. Permit2's nonce makes the first valid fill the only one.
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';
import type { Permit2 } from './Permit2.js';
import { takeFees, type FeeController } from './ProtocolFees.js';
import type { OrderInfo, ResolvedOrder } from './ReactorStructs.js';
import { checkTransfers, executeTransfers, type PlannedTransfer, type TokenRegistry } from './TokenLedger.js';

export abstract class BaseReactor<Order extends { readonly info: OrderInfo }, Ctx extends TxContext = TxContext> {
  readonly address: Address;
  readonly permit2: Permit2;
  /** May set the protocol fee controller (solmate Owned.owner). */
  readonly protocolFeeOwner: Address;
  readonly #tokens: TokenRegistry;
  #feeController: FeeController | undefined;

  constructor(address: Address, permit2: Permit2, tokens: TokenRegistry, protocolFeeOwner: Address) {
    this.address = address;
    this.permit2 = permit2;
    this.#tokens = tokens;
    this.protocolFeeOwner = protocolFeeOwner;
  }

  // Port of UniswapX src/base/ProtocolFees.sol setProtocolFeeController (solmate Owned.onlyOwner)
  setProtocolFeeController(ctx: TxContext, controller: FeeController | undefined): void {
    if (ctx.sender !== this.protocolFeeOwner) throw new Revert('Error', 'UNAUTHORIZED');
    this.#feeController = controller;
  }

  /** Decay and exclusivity for one order type; may revert, never changes state. */
  protected abstract resolve(ctx: Ctx, order: Order): ResolvedOrder;

  // Port of UniswapX src/reactors/BaseReactor.sol execute (_prepare, _transferInputTokens, _fill); the filler is ctx.sender
  execute(ctx: Ctx, order: Order): ResolvedOrder {
    const resolved = this.#prepare(ctx, order);
    const transfers = this.#plannedTransfers(resolved, ctx.sender);
    const { info, input } = resolved;
    this.permit2.checkPermitTransfer(BigInt(ctx.timestamp), info.swapper, info.nonce, info.deadline, input.amount, input.maxAmount);
    checkTransfers(this.#tokens, transfers);

    this.permit2.useUnorderedNonce(info.swapper, info.nonce);
    executeTransfers(this.#tokens, transfers, ctx);
    return resolved;
  }

  // Port of UniswapX src/reactors/BaseReactor.sol _prepare (fees, then ResolvedOrderLib.validate)
  #prepare(ctx: Ctx, order: Order): ResolvedOrder {
    const resolved = this.resolve(ctx, order);
    const withFees = this.#feeController === undefined ? resolved : takeFees(resolved, this.#feeController(resolved));
    if (withFees.info.reactor !== this.address) throw new Revert('InvalidReactor');
    return withFees;
  }

  /** The input through Permit2 (swapper to filler), then each output from the filler through this reactor. */
  #plannedTransfers(order: ResolvedOrder, filler: Address): PlannedTransfer[] {
    const input: PlannedTransfer = {
      token: order.input.token,
      spender: this.permit2.address,
      from: order.info.swapper,
      to: filler,
      amount: order.input.amount,
    };
    const outputs = order.outputs.map((o) => ({ token: o.token, spender: this.address, from: filler, to: o.recipient, amount: o.amount }));
    return [input, ...outputs];
  }
}
