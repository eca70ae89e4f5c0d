// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.27;

// Differential oracle for sim/contracts/intents: UniswapX's decay, curve and exclusivity formulas
// (contracts spec §3) re-expressed with checked 0.8 arithmetic, explicit int/uint casts, and
// solmate-style mulDiv (empty revert when x*y overflows or the denominator is zero).
contract IntentsHarness {
    error EndTimeBeforeStartTime();
    error IncorrectAmounts();
    error InvalidDecayCurve();
    error NoExclusiveOverride();

    uint256 internal constant BPS = 10_000;

    // ---- linear, time-based decay (§3.1) ----

    function decay(uint256 startAmount, uint256 endAmount, uint256 t0, uint256 t1, uint256 nowTime)
        public
        pure
        returns (uint256)
    {
        if (startAmount == endAmount) return startAmount;
        if (t1 <= t0) revert EndTimeBeforeStartTime();
        if (t1 <= nowTime) return endAmount;
        if (t0 >= nowTime) return startAmount;
        return uint256(linearDecay(t0, t1, nowTime, int256(startAmount), int256(endAmount)));
    }

    function decayOutput(uint256 startAmount, uint256 endAmount, uint256 t0, uint256 t1, uint256 nowTime)
        external
        pure
        returns (uint256)
    {
        if (startAmount < endAmount) revert IncorrectAmounts();
        return decay(startAmount, endAmount, t0, t1, nowTime);
    }

    function decayInput(uint256 startAmount, uint256 endAmount, uint256 t0, uint256 t1, uint256 nowTime)
        external
        pure
        returns (uint256)
    {
        if (startAmount > endAmount) revert IncorrectAmounts();
        return decay(startAmount, endAmount, t0, t1, nowTime);
    }

    function linearDecay(uint256 p0, uint256 p1, uint256 p, int256 a0, int256 a1) public pure returns (int256) {
        if (p >= p1) return a1;
        uint256 elapsed = p - p0;
        uint256 duration = p1 - p0;
        int256 delta;
        if (a1 < a0) delta = -int256(mulDivDown(uint256(a0 - a1), elapsed, duration));
        else delta = int256(mulDivDown(uint256(a1 - a0), elapsed, duration));
        return a0 + delta;
    }

    // ---- V3 block curve (§3.2) ----

    function v3DecayOutput(
        uint256 relativeBlocks,
        int256[16] calldata amounts,
        uint256 points,
        uint256 startAmount,
        uint256 decayStartBlock,
        uint256 blockNumber,
        uint256 minAmount
    ) external pure returns (uint256) {
        if (points > 16) revert InvalidDecayCurve();
        if (decayStartBlock >= blockNumber || points == 0) return bound(startAmount, minAmount, type(uint256).max);
        int256 delta = curveDelta(relativeBlocks, amounts, points, blockNumber - decayStartBlock, false);
        return boundedSub(startAmount, delta, minAmount, type(uint256).max);
    }

    function v3DecayInput(
        uint256 relativeBlocks,
        int256[16] calldata amounts,
        uint256 points,
        uint256 startAmount,
        uint256 decayStartBlock,
        uint256 blockNumber,
        uint256 maxAmount
    ) external pure returns (uint256) {
        if (points > 16) revert InvalidDecayCurve();
        if (decayStartBlock >= blockNumber || points == 0) return bound(startAmount, 0, maxAmount);
        int256 delta = curveDelta(relativeBlocks, amounts, points, blockNumber - decayStartBlock, true);
        return boundedSub(startAmount, delta, 0, maxAmount);
    }

    struct Segment {
        uint256 p0;
        uint256 p1;
        int256 a0;
        int256 a1;
    }

    // Locates the segment holding the (capped) block offset: from (0, 0) before the first point, flat
    // after the last.
    function curveDelta(uint256 relativeBlocks, int256[16] calldata amounts, uint256 points, uint256 elapsed, bool isInput)
        internal
        pure
        returns (int256)
    {
        uint256 current = elapsed < 65535 ? elapsed : 65535;
        uint256 i = 0;
        while (i < points && blockAt(relativeBlocks, i) < current) i++;
        Segment memory s;
        if (i == 0) {
            s = Segment(0, blockAt(relativeBlocks, 0), 0, amounts[0]);
        } else if (i == points) {
            s = Segment(blockAt(relativeBlocks, i - 1), blockAt(relativeBlocks, i - 1), amounts[i - 1], amounts[i - 1]);
        } else {
            s = Segment(blockAt(relativeBlocks, i - 1), blockAt(relativeBlocks, i), amounts[i - 1], amounts[i]);
        }
        return segment(s, current, isInput);
    }

    // The curve value is subtracted from the start amount: an input favours the swapper by rounding it
    // up on the way up and down on the way down; an output the reverse.
    function segment(Segment memory s, uint256 p, bool isInput) internal pure returns (int256) {
        if (p >= s.p1) return s.a1;
        uint256 elapsed = p - s.p0;
        uint256 duration = s.p1 - s.p0;
        if (s.a1 < s.a0) {
            uint256 fall = uint256(s.a0 - s.a1);
            uint256 moved = isInput ? mulDivDown(fall, elapsed, duration) : mulDivUp(fall, elapsed, duration);
            return s.a0 + -int256(moved);
        }
        uint256 rise = uint256(s.a1 - s.a0);
        uint256 risen = isInput ? mulDivUp(rise, elapsed, duration) : mulDivDown(rise, elapsed, duration);
        return s.a0 + int256(risen);
    }

    function blockAt(uint256 packed, uint256 n) internal pure returns (uint256) {
        return (packed >> (16 * n)) & 0xFFFF;
    }

    function bound(uint256 value, uint256 min, uint256 max) public pure returns (uint256) {
        uint256 atLeast = value > min ? value : min;
        return atLeast < max ? atLeast : max;
    }

    function boundedSub(uint256 a, int256 b, uint256 min, uint256 max) public pure returns (uint256) {
        if (b < 0) {
            uint256 absB = uint256(-b);
            if (type(uint256).max - absB < a) return max;
            return bound(a + absB, min, max);
        }
        if (a < uint256(b)) return min;
        return bound(a - uint256(b), min, max);
    }

    // ---- V3 base-fee adjustment (§3.2) ----

    function gasDelta(uint256 adjustmentPerGwei, int256 gasDeltaWei) external pure returns (int256) {
        if (gasDeltaWei >= 0) return int256(mulDivDown(adjustmentPerGwei, uint256(gasDeltaWei), 1 gwei));
        return -int256(mulDivUp(adjustmentPerGwei, uint256(-gasDeltaWei), 1 gwei));
    }

    // ---- exclusivity (§3.3) ----

    function exclusiveOverride(
        address exclusive,
        uint256 exclusivityEnd,
        uint256 overrideBps,
        uint256 position,
        address filler,
        uint256 amount
    ) external pure returns (uint256) {
        if (exclusive == address(0) || position > exclusivityEnd || exclusive == filler) return amount;
        if (overrideBps == 0) revert NoExclusiveOverride();
        return mulDivUp(amount, BPS + overrideBps, BPS);
    }

    // ---- solmate-style mulDiv ----

    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return checkedProduct(x, y, d) / d;
    }

    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        uint256 product = checkedProduct(x, y, d);
        return product / d + (product % d > 0 ? 1 : 0);
    }

    function checkedProduct(uint256 x, uint256 y, uint256 d) internal pure returns (uint256 product) {
        unchecked {
            product = x * y;
        }
        if (d == 0 || (x != 0 && product / x != y)) revert();
    }
}
