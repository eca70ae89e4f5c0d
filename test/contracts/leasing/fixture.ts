// Shared set-up for the leasing tests: a uakt ledger, funded actors who have approved the escrow
// module, and one wired Akash chain.
import { createAkash, type Akash } from '../../../sim/contracts/leasing/akash.js';
import type { GroupSpec } from '../../../sim/contracts/leasing/deployment.js';
import { LegacyDec } from '../../../sim/contracts/leasing/LegacyDec.js';
import { UINT256_MAX } from '../../../sim/contracts/math.js';
import { ERC20 } from '../../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../../sim/contracts/types.js';

export const MINTER = 'minter';
export const ESCROW = 'escrow-module';
export const POOL = 'community-pool';

export const at = (sender: Address, block: number): TxContext => ({ sender, block, timestamp: block * 6 });
export const dec = (v: number | string): LegacyDec => (typeof v === 'string' ? LegacyDec.fromString(v) : LegacyDec.fromInt(v));

export function fundedToken(balances: Record<Address, bigint>): ERC20 {
  const token = new ERC20('Akash Token', 'uakt', 6, MINTER);
  for (const [who, amount] of Object.entries(balances)) {
    token.mint(at(MINTER, 0), who, amount);
    token.approve(at(who, 0), ESCROW, UINT256_MAX);
  }
  return token;
}

export function chain(balances: Record<Address, bigint>): { token: ERC20; akash: Akash } {
  const token = fundedToken(balances);
  return { token, akash: createAkash({ token, escrowModule: ESCROW, communityPool: POOL }) };
}

export const gpuGroup = (price: number | string, gpus = 1, count = 1): GroupSpec => ({
  name: 'web',
  gpuModel: 'a100',
  gpus,
  count,
  price: dec(price),
});
