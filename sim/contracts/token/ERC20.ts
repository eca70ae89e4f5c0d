// An ERC-20 ledger after OpenZeppelin/openzeppelin-contracts v5 token/ERC20/ERC20.sol, with mint and
// burn reserved to one minter (v5 access/Ownable.sol onlyOwner). The lab uses it as the single place
// where tokens live, so that conservation (Σ balances = totalSupply) can be checked at any time.
//
// Solidity reverts a whole call, so the original may write state before a later check fails. Here
// every method runs all of its checks first and only then writes, so a throw leaves the ledger as it was.
import { revert } from '../errors.js';
import { add, assertUint, UINT256_MAX } from '../math.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';

export class ERC20 {
  readonly name: string;
  readonly symbol: string;
  readonly decimals: number;
  readonly minter: Address;
  #totalSupply = 0n;
  // Only non-zero balances are kept, so `holders()` lists exactly the accounts that hold tokens.
  readonly #balances = new Map<Address, bigint>();
  // By spender, then owner: a lab has a few spenders (the escrow module, a reactor) and an owner per
  // user, so this keeps a few large maps instead of one small map per user (memory flat in time).
  readonly #allowances = new Map<Address, Map<Address, bigint>>();

  constructor(name: string, symbol: string, decimals: number, minter: Address) {
    this.name = name;
    this.symbol = symbol;
    this.decimals = decimals;
    this.minter = minter;
  }

  get totalSupply(): bigint {
    return this.#totalSupply;
  }

  // Port of OZ v5 ERC20.balanceOf
  balanceOf(account: Address): bigint {
    return this.#balances.get(account) ?? 0n;
  }

  // Port of OZ v5 ERC20.allowance
  allowance(owner: Address, spender: Address): bigint {
    return this.#allowances.get(spender)?.get(owner) ?? 0n;
  }

  /** Every account with a non-zero balance; a read-only view for conservation checks. */
  holders(): ReadonlyMap<Address, bigint> {
    return this.#balances;
  }

  // Port of OZ v5 ERC20.transfer
  transfer(ctx: TxContext, to: Address, amount: bigint): true {
    const balance = this.#checkTransfer(ctx.sender, to, assertUint(amount));
    this.#move(ctx.sender, to, amount, balance);
    return true;
  }

  // Port of OZ v5 ERC20.approve (→ _approve with the event)
  approve(ctx: TxContext, spender: Address, amount: bigint): true {
    this.#checkApprove(ctx.sender, spender);
    this.#setAllowance(ctx.sender, spender, assertUint(amount));
    return true;
  }

  // Port of OZ v5 ERC20.transferFrom: _spendAllowance, then _transfer
  transferFrom(ctx: TxContext, from: Address, to: Address, amount: bigint): true {
    assertUint(amount);
    const spender = ctx.sender;
    const current = this.allowance(from, spender);
    const finite = current < UINT256_MAX; // an infinite allowance is never decremented
    if (finite) {
      if (current < amount) revert('ERC20InsufficientAllowance', spender, current, amount);
      this.#checkApprove(from, spender);
    }
    const balance = this.#checkTransfer(from, to, amount);
    if (finite) this.#setAllowance(from, spender, current - amount);
    this.#move(from, to, amount, balance);
    return true;
  }

  // Port of OZ v5 ERC20._mint behind Ownable.onlyOwner
  mint(ctx: TxContext, to: Address, amount: bigint): void {
    this.#onlyMinter(ctx);
    if (to === ZERO_ADDRESS) revert('ERC20InvalidReceiver', ZERO_ADDRESS);
    const supply = add(this.#totalSupply, assertUint(amount)); // checked: panics 0x11 past uint256
    this.#totalSupply = supply;
    this.#credit(to, amount);
  }

  // Port of OZ v5 ERC20._burn behind Ownable.onlyOwner
  burn(ctx: TxContext, from: Address, amount: bigint): void {
    this.#onlyMinter(ctx);
    if (from === ZERO_ADDRESS) revert('ERC20InvalidSender', ZERO_ADDRESS);
    const balance = this.#checkBalance(from, assertUint(amount));
    this.#debit(from, amount, balance);
    this.#totalSupply -= amount;
  }

  // Not a port: the lab forgets an account that has left the model (memory flat in time). It must
  // hold nothing; the allowances it gave are dropped, so its balance and every allowance it gave read 0 afterwards, as
  // for an account the ledger never saw (the EVM's zero slot). Only for an account that will never
  // act again: an allowance it gave would have let a spender pull from it, and now reads 0.
  forget(account: Address): void {
    const balance = this.balanceOf(account);
    if (balance !== 0n) throw new RangeError(`ERC20 ${this.symbol}: cannot forget ${account}, which holds ${balance}`);
    for (const bySpender of this.#allowances.values()) bySpender.delete(account);
  }

  /** Not a port: how many allowances the ledger stores (zero ones included), to show it stays flat in time. */
  get storedAllowances(): number {
    let n = 0;
    for (const bySpender of this.#allowances.values()) n += bySpender.size;
    return n;
  }

  // Port of OZ v5 Ownable._checkOwner
  #onlyMinter(ctx: TxContext): void {
    if (ctx.sender !== this.minter) revert('OwnableUnauthorizedAccount', ctx.sender);
  }

  // The checks of OZ v5 ERC20._transfer and _update, in their order. Returns the sender's balance,
  // which the debit that follows uses instead of reading it again (the gas of every transaction
  // is a burn and a transfer on the native ledger).
  #checkTransfer(from: Address, to: Address, amount: bigint): bigint {
    if (from === ZERO_ADDRESS) revert('ERC20InvalidSender', ZERO_ADDRESS);
    if (to === ZERO_ADDRESS) revert('ERC20InvalidReceiver', ZERO_ADDRESS);
    return this.#checkBalance(from, amount);
  }

  #checkBalance(from: Address, amount: bigint): bigint {
    const balance = this.balanceOf(from);
    if (balance < amount) revert('ERC20InsufficientBalance', from, balance, amount);
    return balance;
  }

  // The checks of OZ v5 ERC20._approve
  #checkApprove(owner: Address, spender: Address): void {
    if (owner === ZERO_ADDRESS) revert('ERC20InvalidApprover', ZERO_ADDRESS);
    if (spender === ZERO_ADDRESS) revert('ERC20InvalidSpender', ZERO_ADDRESS);
  }

  #setAllowance(owner: Address, spender: Address, amount: bigint): void {
    let bySpender = this.#allowances.get(spender);
    if (bySpender === undefined) this.#allowances.set(spender, (bySpender = new Map()));
    bySpender.set(owner, amount);
  }

  /** `fromBalance` is the sender's balance as the checks just read it. */
  #move(from: Address, to: Address, amount: bigint, fromBalance: bigint): void {
    this.#debit(from, amount, fromBalance);
    this.#credit(to, amount); // reads `to` after the debit: right when it is `from`
  }

  #debit(account: Address, amount: bigint, balance: bigint): void {
    const left = balance - amount;
    if (left === 0n) this.#balances.delete(account);
    else this.#balances.set(account, left);
  }

  // Cannot overflow: a balance never exceeds totalSupply, which mint keeps within uint256.
  #credit(account: Address, amount: bigint): void {
    const total = this.balanceOf(account) + amount;
    if (total !== 0n) this.#balances.set(account, total);
  }
}
