// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol (v1.9+ semantics, contracts
// spec §1.5–1.6). A staker's withdrawable shares are `depositShares · k · slashingFactor` where `k` is
// the deposit scaling factor (DSF). A stored DSF of 0 means "never set" and reads as WAD.
import { revert } from '../errors.js';
import { add, divWad, mulDiv, mulWad, sub, WAD } from '../math.js';

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol scalingFactor
export function scalingFactor(depositScalingFactor: bigint): bigint {
  return depositScalingFactor === 0n ? WAD : depositScalingFactor;
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol calcWithdrawable
export function calcWithdrawable(depositShares: bigint, depositScalingFactor: bigint, slashingFactor: bigint): bigint {
  return mulWad(mulWad(depositShares, scalingFactor(depositScalingFactor)), slashingFactor);
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol calcDepositShares
export function calcDepositShares(withdrawableShares: bigint, depositScalingFactor: bigint, slashingFactor: bigint): bigint {
  return divWad(divWad(withdrawableShares, scalingFactor(depositScalingFactor)), slashingFactor);
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol update: returns the new DSF.
export function update(
  depositScalingFactor: bigint,
  existingDepositShares: bigint,
  addedShares: bigint,
  slashingFactor: bigint,
): bigint {
  // A first deposit (or a delegation, which re-adds everything) forgives slashing already applied.
  if (existingDepositShares === 0n) return divWad(scalingFactor(depositScalingFactor), slashingFactor);
  const currentShares = calcWithdrawable(existingDepositShares, depositScalingFactor, slashingFactor);
  const newShares = add(currentShares, addedShares);
  const newDepositScalingFactor = divWad(divWad(newShares, add(existingDepositShares, addedShares)), slashingFactor);
  if (newDepositScalingFactor === 0n) revert('InvalidDepositScalingFactor');
  return newDepositScalingFactor;
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol calcSlashedAmount
export function calcSlashedAmount(operatorShares: bigint, prevMaxMagnitude: bigint, newMaxMagnitude: bigint): bigint {
  // Rounding the survivors up rounds the slashed amount down, so stakers are never over-slashed.
  return sub(operatorShares, mulDiv(operatorShares, newMaxMagnitude, prevMaxMagnitude, 'up'));
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol scaleForQueueWithdrawal
export function scaleForQueueWithdrawal(depositScalingFactor: bigint, depositSharesToWithdraw: bigint): bigint {
  return mulWad(depositSharesToWithdraw, scalingFactor(depositScalingFactor));
}

// Port of eigenlayer-contracts src/contracts/libraries/SlashingLib.sol scaleForCompleteWithdrawal
export function scaleForCompleteWithdrawal(scaledShares: bigint, slashingFactor: bigint): bigint {
  return mulWad(scaledShares, slashingFactor);
}
