// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.27;

import {Math} from "oz-contracts-4-9/utils/math/Math.sol";

// Differential oracle for sim/contracts/restaking (contracts spec §1.4–1.6, §5): the SlashingLib
// formulas, the v1.9+ queue-slashing formula and the magnitude arithmetic of one slashOperator step,
// re-expressed from the spec's pseudo-code over OpenZeppelin 4.9 Math.mulDiv. Written for depin-lab;
// no EigenLayer source is included.
contract RestakingHarness {
    uint64 internal constant WAD = 1e18;

    error InvalidDepositScalingFactor();
    error InvalidWadToSlash();

    function mulWad(uint256 x, uint256 y) public pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    function divWad(uint256 x, uint256 y) public pure returns (uint256) {
        return Math.mulDiv(x, WAD, y);
    }

    function mulWadRoundUp(uint256 x, uint256 y) public pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Up);
    }

    function scalingFactor(uint256 dsf) internal pure returns (uint256) {
        return dsf == 0 ? WAD : dsf;
    }

    function calcWithdrawable(uint256 depositShares, uint256 dsf, uint256 slashingFactor) public pure returns (uint256) {
        return mulWad(mulWad(depositShares, scalingFactor(dsf)), slashingFactor);
    }

    function calcDepositShares(uint256 withdrawable, uint256 dsf, uint256 slashingFactor) external pure returns (uint256) {
        return divWad(divWad(withdrawable, scalingFactor(dsf)), slashingFactor);
    }

    // The deposit scaling factor after adding shares (spec §1.6 "DSF update").
    function update(uint256 dsf, uint256 prevDepositShares, uint256 addedShares, uint256 slashingFactor)
        external
        pure
        returns (uint256)
    {
        if (prevDepositShares == 0) return divWad(scalingFactor(dsf), slashingFactor);
        uint256 current = calcWithdrawable(prevDepositShares, dsf, slashingFactor);
        uint256 next = divWad(divWad(current + addedShares, prevDepositShares + addedShares), slashingFactor);
        if (next == 0) revert InvalidDepositScalingFactor();
        return next;
    }

    function calcSlashedAmount(uint256 operatorShares, uint256 prevMaxMagnitude, uint256 newMaxMagnitude)
        public
        pure
        returns (uint256)
    {
        return operatorShares - Math.mulDiv(operatorShares, newMaxMagnitude, prevMaxMagnitude, Math.Rounding.Up);
    }

    function scaleForQueueWithdrawal(uint256 dsf, uint256 depositShares) external pure returns (uint256) {
        return mulWad(depositShares, scalingFactor(dsf));
    }

    function scaleForCompleteWithdrawal(uint256 scaledShares, uint256 slashingFactor) external pure returns (uint256) {
        return mulWad(scaledShares, slashingFactor);
    }

    // Shares slashed from the withdrawal queue (spec §1.5, v1.9+).
    function slashedSharesInQueue(uint256 scaledSharesAdded, uint64 prevMaxMagnitude, uint64 newMaxMagnitude)
        external
        pure
        returns (uint256)
    {
        if (prevMaxMagnitude == 0) return 0;
        return calcSlashedAmount(mulWad(scaledSharesAdded, prevMaxMagnitude), prevMaxMagnitude, newMaxMagnitude);
    }

    // One strategy's magnitude step of slashOperator (spec §1.4), in the original's integer widths.
    function slashMagnitude(uint64 cur, int128 pendingDiff, uint64 maxMagnitude, uint64 encumbered, uint256 wadToSlash)
        external
        pure
        returns (uint64, int128, uint64, uint64, uint256)
    {
        if (!(0 < wadToSlash && wadToSlash <= WAD)) revert InvalidWadToSlash();
        uint64 slashed = uint64(mulWadRoundUp(cur, wadToSlash));
        uint256 wadSlashed = divWad(slashed, maxMagnitude);
        cur -= slashed;
        maxMagnitude -= slashed;
        encumbered -= slashed;
        if (pendingDiff < 0) {
            uint64 slashedPending = uint64(mulWadRoundUp(uint128(-pendingDiff), wadToSlash));
            pendingDiff += int128(uint128(slashedPending));
        }
        return (cur, pendingDiff, maxMagnitude, encumbered, wadSlashed);
    }
}
