// The token side of a fill. UniswapX moves tokens with solmate SafeTransferLib.safeTransferFrom, which
// turns any failing transfer into one require message; a fill moves several tokens, so every transfer
// is checked against the ledger as the earlier ones would leave it before any of them runs.
import { Revert } from '../errors.js';
import { UINT256_MAX } from '../math.js';
import { ZERO_ADDRESS, type Address, type TxContext } from '../types.js';

/** What a fill needs of an ERC-20 ledger (sim/contracts/token/ERC20.ts satisfies it). */
export interface TokenLedger {
  balanceOf(account: Address): bigint;
  allowance(owner: Address, spender: Address): bigint;
  transferFrom(ctx: TxContext, from: Address, to: Address, amount: bigint): unknown;
}

export type TokenRegistry = ReadonlyMap<Address, TokenLedger>;

/** `spender` moves `amount` of `token` from `from` to `to` with transferFrom. */
export interface PlannedTransfer {
  readonly token: Address;
  readonly spender: Address;
  readonly from: Address;
  readonly to: Address;
  readonly amount: bigint;
}

const TRANSFER_FROM_FAILED = 'TRANSFER_FROM_FAILED';

/** Throws solmate's require unless every transfer, run in order, would succeed. Changes nothing. */
export function checkTransfers(tokens: TokenRegistry, transfers: readonly PlannedTransfer[]): void {
  const balances = new Map<string, bigint>();
  const allowances = new Map<string, bigint>();
  for (const t of transfers) {
    const ledger = ledgerOf(tokens, t.token);
    const allowanceKey = JSON.stringify([t.token, t.from, t.spender]);
    const allowance = allowances.get(allowanceKey) ?? ledger.allowance(t.from, t.spender);
    // An infinite allowance is never spent (OpenZeppelin v5 _spendAllowance).
    if (allowance < UINT256_MAX) {
      if (allowance < t.amount) fail();
      allowances.set(allowanceKey, allowance - t.amount);
    }
    if (t.from === ZERO_ADDRESS || t.to === ZERO_ADDRESS || t.spender === ZERO_ADDRESS) fail();
    const fromKey = JSON.stringify([t.token, t.from]);
    const fromBalance = balances.get(fromKey) ?? ledger.balanceOf(t.from);
    if (fromBalance < t.amount) fail();
    balances.set(fromKey, fromBalance - t.amount);
    const toKey = JSON.stringify([t.token, t.to]);
    balances.set(toKey, (balances.get(toKey) ?? ledger.balanceOf(t.to)) + t.amount);
  }
}

/** Runs transfers that `checkTransfers` accepted. */
export function executeTransfers(tokens: TokenRegistry, transfers: readonly PlannedTransfer[], ctx: TxContext): void {
  for (const t of transfers) {
    ledgerOf(tokens, t.token).transferFrom({ ...ctx, sender: t.spender }, t.from, t.to, t.amount);
  }
}

function ledgerOf(tokens: TokenRegistry, token: Address): TokenLedger {
  const ledger = tokens.get(token);
  if (ledger === undefined) fail();
  return ledger;
}

function fail(): never {
  throw new Revert('Error', TRANSFER_FROM_FAILED);
}
