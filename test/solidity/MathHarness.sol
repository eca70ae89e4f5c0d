// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.27;

import {Math} from "oz-contracts-4-9/utils/math/Math.sol";

// Differential oracle for sim/contracts/math.ts: the WAD helpers over OpenZeppelin 4.9 Math.mulDiv, and
// solmate-style mulDivDown/Up re-expressed from their formula (no 512-bit product; empty revert on
// overflow of x*y or a zero denominator).
contract MathHarness {
    uint256 internal constant WAD = 1e18;

    function mulWad(uint256 x, uint256 y) external pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    function divWad(uint256 x, uint256 y) external pure returns (uint256) {
        return Math.mulDiv(x, WAD, y);
    }

    function mulWadRoundUp(uint256 x, uint256 y) external pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Up);
    }

    function mulDivDown(uint256 x, uint256 y, uint256 d) external pure returns (uint256) {
        return Math.mulDiv(x, y, d);
    }

    function mulDivUp(uint256 x, uint256 y, uint256 d) external pure returns (uint256) {
        return Math.mulDiv(x, y, d, Math.Rounding.Up);
    }

    function solmateMulDivDown(uint256 x, uint256 y, uint256 d) external pure returns (uint256) {
        uint256 product = checkedProduct(x, y, d);
        return product / d;
    }

    function solmateMulDivUp(uint256 x, uint256 y, uint256 d) external pure returns (uint256) {
        uint256 product = checkedProduct(x, y, d);
        return product / d + (product % d > 0 ? 1 : 0);
    }

    function checkedProduct(uint256 x, uint256 y, uint256 d) internal pure returns (uint256 product) {
        unchecked {
            product = x * y;
        }
        // The product wrapped iff dividing it back by x does not give y.
        if (d == 0 || (x != 0 && product / x != y)) revert();
    }
}
