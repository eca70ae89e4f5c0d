// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.27;

// Differential oracle for sim/contracts/fees: the EIP-1559 base-fee update of contracts spec §4,
// written from its formula with checked uint256 arithmetic.
contract FeesHarness {
    function calcBaseFee(uint256 baseFee, uint256 gasLimit, uint256 gasUsed, uint256 elasticity, uint256 denominator)
        external
        pure
        returns (uint256)
    {
        uint256 target = gasLimit / elasticity;
        if (gasUsed == target) return baseFee;
        if (gasUsed > target) {
            uint256 increase = (gasUsed - target) * baseFee / target / denominator;
            return baseFee + (increase < 1 ? 1 : increase);
        }
        uint256 decrease = (target - gasUsed) * baseFee / target / denominator;
        return decrease > baseFee ? 0 : baseFee - decrease;
    }
}
