// How one rewards payment splits (the RewardsCoordinator is not ported): the service's amount goes
// to its operators pro rata to the stake each has allocated to it; each operator keeps its
// commission and its delegators share the rest pro rata to their withdrawable shares (an operator
// with no delegator weight keeps all). Every amount is a floor, so the transfers never add up to
// more than the amount: the dust stays with the service.
import type { Address } from '../../contracts/types.js';

export interface RewardRecipient {
  readonly operator: Address;
  /** Stake the operator has allocated to the service. */
  readonly allocated: bigint;
  readonly commissionBps: bigint;
  /** The operator's delegators with their withdrawable shares. */
  readonly stakers: readonly (readonly [Address, bigint])[];
}

const BPS = 10_000n;

/** The transfers of one payment, in operator order, each operator before its stakers; no zero amounts. */
export function rewardTransfers(amount: bigint, recipients: readonly RewardRecipient[]): [Address, bigint][] {
  const total = recipients.reduce((sum, r) => sum + r.allocated, 0n);
  const transfers: [Address, bigint][] = [];
  if (total === 0n) return transfers;
  const pay = (to: Address, value: bigint) => {
    if (value > 0n) transfers.push([to, value]);
  };
  for (const r of recipients) {
    const share = (amount * r.allocated) / total;
    const commission = (share * r.commissionBps) / BPS;
    const weight = r.stakers.reduce((sum, [, w]) => sum + w, 0n);
    pay(r.operator, weight === 0n ? share : commission);
    if (weight === 0n) continue;
    for (const [staker, w] of r.stakers) pay(staker, ((share - commission) * w) / weight);
  }
  return transfers;
}
