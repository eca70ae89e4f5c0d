// The part of Uniswap/permit2 src/SignatureTransfer.sol a fill relies on: the deadline, the amount
// cap and the unordered nonce bitmap that makes every order fillable at most once. Signatures are not
// modelled: in the lab an order is signed by construction.
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';

export class Permit2 {
  readonly address: Address;
  // owner -> word position -> 256 nonce bits
  readonly #nonceBitmap = new Map<Address, Map<bigint, bigint>>();

  constructor(address: Address) {
    this.address = address;
  }

  // Port of permit2 src/SignatureTransfer.sol nonceBitmap (public mapping getter)
  nonceBitmap(owner: Address, wordPos: bigint): bigint {
    return this.#nonceBitmap.get(owner)?.get(wordPos) ?? 0n;
  }

  /** True once `nonce` of `owner` has been used or invalidated. */
  isNonceUsed(owner: Address, nonce: bigint): boolean {
    const { wordPos, bit } = bitmapPositions(nonce);
    return (this.nonceBitmap(owner, wordPos) & bit) !== 0n;
  }

  // Port of permit2 src/SignatureTransfer.sol _permitTransferFrom: the checks, in the original's order
  checkPermitTransfer(now: bigint, owner: Address, nonce: bigint, deadline: bigint, requestedAmount: bigint, permittedAmount: bigint): void {
    if (now > deadline) throw new Revert('SignatureExpired', deadline);
    if (requestedAmount > permittedAmount) throw new Revert('InvalidAmount', permittedAmount);
    if (this.isNonceUsed(owner, nonce)) throw new Revert('InvalidNonce');
  }

  // Port of permit2 src/SignatureTransfer.sol _useUnorderedNonce (after checkPermitTransfer passed)
  useUnorderedNonce(owner: Address, nonce: bigint): void {
    if (this.isNonceUsed(owner, nonce)) throw new Revert('InvalidNonce');
    const { wordPos, bit } = bitmapPositions(nonce);
    this.#setWord(owner, wordPos, this.nonceBitmap(owner, wordPos) | bit);
  }

  // Port of permit2 src/SignatureTransfer.sol invalidateUnorderedNonces: how a swapper cancels orders
  invalidateUnorderedNonces(ctx: TxContext, wordPos: bigint, mask: bigint): void {
    this.#setWord(ctx.sender, wordPos, this.nonceBitmap(ctx.sender, wordPos) | mask);
  }

  #setWord(owner: Address, wordPos: bigint, word: bigint): void {
    let words = this.#nonceBitmap.get(owner);
    if (words === undefined) this.#nonceBitmap.set(owner, (words = new Map()));
    words.set(wordPos, word);
  }
}

// Port of permit2 src/SignatureTransfer.sol bitmapPositions
function bitmapPositions(nonce: bigint): { wordPos: bigint; bit: bigint } {
  return { wordPos: nonce >> 8n, bit: 1n << (nonce & 0xffn) };
}
