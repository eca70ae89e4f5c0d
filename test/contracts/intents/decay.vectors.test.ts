// The UniswapX vectors of contracts spec §3.5 (from test/lib/DutchDecayLib.t.sol,
// ExclusivityLib.t.sol and NonLinearDutchDecayLib.t.sol at 52299e91, [ref]-reproduced), plus the
// library edges the reactor relies on.
import { describe, expect, it } from 'vitest';
import { errorNameOf } from '../../../sim/contracts/errors.js';
import { INT256_MAX, UINT256_MAX } from '../../../sim/contracts/math.js';
import { decay, decayInput, decayOutput, linearDecay } from '../../../sim/contracts/intents/DutchDecayLib.js';
import { handleExclusiveOverride, hasFillingRights } from '../../../sim/contracts/intents/ExclusivityLib.js';
import { boundedAdd, boundedSub } from '../../../sim/contracts/intents/MathExt.js';
import {
  decay as curveDecay,
  decayV3Input,
  decayV3Output,
  getElement,
  locateCurvePosition,
  packUint16Array,
  v3LinearInputDecay,
  type NonlinearDutchDecay,
} from '../../../sim/contracts/intents/NonlinearDutchDecayLib.js';
import { applyGasAdjustment, computeDelta } from '../../../sim/contracts/intents/V3GasAdjustment.js';
import { ZERO_ADDRESS } from '../../../sim/contracts/types.js';

const E18 = 10n ** 18n;
const TOKEN = '0xtoken';
const RECIPIENT = '0xrecipient';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no revert';
}

describe('DutchDecayLib.decay (spec §3.5, DutchDecayLib.t.sol)', () => {
  it('rises linearly from 1e18 to 2e18 over [100, 200] (testDutchDecay)', () => {
    const at = (t: bigint) => decay(E18, 2n * E18, 100n, 200n, t);
    expect([at(150n), at(180n), at(110n), at(190n)]).toEqual([15n * E18 / 10n, 18n * E18 / 10n, 11n * E18 / 10n, 19n * E18 / 10n]);
  });

  it('falls linearly from 2e18 to 1e18 over [100, 200] (testDutchDecayNegative)', () => {
    const at = (t: bigint) => decay(2n * E18, E18, 100n, 200n, t);
    expect([at(150n), at(180n), at(110n), at(190n)]).toEqual([15n * E18 / 10n, 12n * E18 / 10n, 19n * E18 / 10n, 11n * E18 / 10n]);
  });

  it('holds the start until the window opens and the end once it closes (NoDecayYet, FullyDecayed)', () => {
    for (const [start, end] of [[E18, 2n * E18], [2n * E18, E18]] as const) {
      expect(decay(start, end, 100n, 200n, 100n)).toBe(start);
      expect(decay(start, end, 100n, 200n, 80n)).toBe(start);
      expect(decay(start, end, 100n, 200n, 200n)).toBe(end);
      expect(decay(start, end, 100n, 200n, 250n)).toBe(end);
    }
  });

  it('rounds in the swapper favour (spec §3.5, derived)', () => {
    // 1 wei over 100 s: 99 s in, the floored distance is 0 either way.
    expect(decay(1000n, 999n, 100n, 200n, 199n)).toBe(1000n); // output stays up
    expect(decay(999n, 1000n, 100n, 200n, 199n)).toBe(999n); // input stays down
  });

  it('returns equal amounts whatever the window, and rejects an empty or reversed one otherwise (testDutchDecayInvalidTimes)', () => {
    expect(decay(5n, 5n, 200n, 100n, 150n)).toBe(5n);
    expect(failure(() => decay(5n, 6n, 200n, 100n, 150n))).toBe('EndTimeBeforeStartTime');
    expect(failure(() => decay(5n, 6n, 100n, 100n, 150n))).toBe('EndTimeBeforeStartTime');
  });

  it('rejects an output that rises or an input that falls (IncorrectAmounts)', () => {
    expect(failure(() => decayOutput({ token: TOKEN, startAmount: 1n, endAmount: 2n, recipient: RECIPIENT }, 0n, 10n, 5n))).toBe('IncorrectAmounts');
    expect(failure(() => decayInput({ token: TOKEN, startAmount: 2n, endAmount: 1n }, 0n, 10n, 5n))).toBe('IncorrectAmounts');
    expect(decayInput({ token: TOKEN, startAmount: 1n, endAmount: 3n }, 0n, 10n, 5n)).toEqual({ token: TOKEN, amount: 2n, maxAmount: 3n });
  });

  it('linearDecay(100, 100, 99, 1, -1) reverts (testDutchDecayDivByZero)', () => {
    // The original test only expects a revert. Solidity's checked `99 - 100` fails before the
    // division by a zero duration is reached, so the revert is Panic(0x11); IntentsHarness agrees.
    expect(failure(() => linearDecay(100n, 100n, 99n, 1n, -1n))).toBe('Panic(0x11)');
  });

  it('linearDecay reverts when the amount difference overflows int256 (testDutch{Downward,Upward}DecayOverflow)', () => {
    expect(failure(() => linearDecay(0n, 100n, 99n, INT256_MAX, -1n))).toBe('Panic(0x11)');
    expect(failure(() => linearDecay(0n, 100n, 99n, -1n, INT256_MAX))).toBe('Panic(0x11)');
  });
});

describe('ExclusivityLib (spec §3.3, §3.5, ExclusivityLib.t.sol)', () => {
  const outputs = (amount: bigint) => [{ token: TOKEN, amount, recipient: RECIPIENT }];

  it('scales outputs up by the override, rounding up', () => {
    expect(handleExclusiveOverride(outputs(E18), '0xexclusive', 100n, 3000n, 50n, '0xother')[0]?.amount).toBe(13n * E18 / 10n);
    expect(handleExclusiveOverride(outputs(E18 + 1n), '0xexclusive', 100n, 3000n, 50n, '0xother')[0]?.amount).toBe(13n * E18 / 10n + 2n);
  });

  it('grants rights strictly after the end, always to the exclusive filler, and to anyone without exclusivity', () => {
    expect(hasFillingRights('0xexclusive', 100n, 100n, '0xother')).toBe(false);
    expect(hasFillingRights('0xexclusive', 100n, 101n, '0xother')).toBe(true);
    expect(hasFillingRights('0xexclusive', 100n, 50n, '0xexclusive')).toBe(true);
    expect(hasFillingRights(ZERO_ADDRESS, 100n, 50n, '0xother')).toBe(true);
    // With rights, outputs are untouched.
    expect(handleExclusiveOverride(outputs(E18), '0xexclusive', 100n, 3000n, 101n, '0xother')[0]?.amount).toBe(E18);
  });

  it('refuses a non-exclusive filler under strict exclusivity', () => {
    expect(failure(() => handleExclusiveOverride(outputs(E18), '0xexclusive', 100n, 0n, 100n, '0xother'))).toBe('NoExclusiveOverride');
  });

  it('reverts like solmate when the scaled amount overflows', () => {
    expect(failure(() => handleExclusiveOverride(outputs(UINT256_MAX), '0xexclusive', 100n, 1n, 0n, '0xother'))).toBe('');
  });
});

describe('NonlinearDutchDecayLib (spec §3.2, §3.5, NonLinearDutchDecayLib.t.sol)', () => {
  // One point: 10000 blocks after the start, `relativeAmount` is subtracted from the start amount.
  const onePoint = (relativeAmount: bigint): NonlinearDutchDecay => ({ relativeBlocks: packUint16Array([10_000]), relativeAmounts: [relativeAmount] });
  const output = (curve: NonlinearDutchDecay, block: bigint) =>
    decayV3Output({ token: TOKEN, startAmount: 2000n, curve, recipient: RECIPIENT, minAmount: 0n, adjustmentPerGweiBaseFee: 0n }, 0n, block).amount;
  const input = (curve: NonlinearDutchDecay, block: bigint) =>
    decayV3Input({ token: TOKEN, startAmount: 2000n, curve, maxAmount: UINT256_MAX, adjustmentPerGweiBaseFee: 0n }, 0n, block).amount;

  it('rounds output amounts up', () => {
    expect([1n, 9n, 10n].map((b) => output(onePoint(1000n), b))).toEqual([2000n, 2000n, 1999n]);
    expect([1n, 9n, 10n, 11n].map((b) => output(onePoint(-1000n), b))).toEqual([2001n, 2001n, 2001n, 2002n]);
  });

  it('rounds input amounts down', () => {
    expect([1n, 9n].map((b) => input(onePoint(1000n), b))).toEqual([1999n, 1999n]);
    expect([1n, 9n, 10n].map((b) => input(onePoint(-1000n), b))).toEqual([2000n, 2000n, 2001n]);
  });

  it('follows a multi-point curve and holds after its last point (testMultiPointDutchDecay)', () => {
    // Points at +100/+200/+300 blocks with -1e18/0/+1e18 from a 1e18 start: 2e18, 1e18, 0.
    const curve = { relativeBlocks: packUint16Array([100, 200, 300]), relativeAmounts: [-E18, 0n, E18] };
    const at = (block: bigint) => curveDecay(curve, E18, 100n, block, 0n, UINT256_MAX, v3LinearInputDecay);
    expect([50n, 150n, 200n, 210n, 290n, 300n, 350n, 400n, 500n].map(at)).toEqual(
      [10n, 15n, 20n, 19n, 11n, 10n, 5n, 0n, 0n].map((tenths) => (tenths * E18) / 10n),
    );
  });

  it('locates segments from (0, 0), between points, and flat past the end', () => {
    const curve = { relativeBlocks: packUint16Array([1]), relativeAmounts: [0n] };
    expect(locateCurvePosition(curve, 1n)).toEqual({ startPoint: 0n, endPoint: 1n, startAmount: 0n, endAmount: 0n });
    expect(locateCurvePosition(curve, 2n)).toEqual({ startPoint: 1n, endPoint: 1n, startAmount: 0n, endAmount: 0n });
  });

  it('caps the block offset at 65535 and bounds the result', () => {
    const curve = { relativeBlocks: packUint16Array([65535]), relativeAmounts: [1000n] };
    // 100,000 blocks in reads as 65535: the full 1000 is subtracted, then floored at min 1500.
    expect(curveDecay(curve, 2000n, 0n, 100_000n, 0n, UINT256_MAX, v3LinearInputDecay)).toBe(1000n);
    expect(curveDecay(curve, 2000n, 0n, 100_000n, 1500n, UINT256_MAX, v3LinearInputDecay)).toBe(1500n);
    // Before the start block the start amount is only bounded.
    expect(curveDecay(curve, 2000n, 10n, 10n, 0n, 1800n, v3LinearInputDecay)).toBe(1800n);
  });

  it('rejects a curve of more than 16 points and reads packed offsets', () => {
    const curve = { relativeBlocks: 0n, relativeAmounts: Array.from({ length: 17 }, () => 0n) };
    expect(failure(() => curveDecay(curve, 1n, 0n, 5n, 0n, 1n, v3LinearInputDecay))).toBe('InvalidDecayCurve');
    expect(failure(() => packUint16Array(Array.from({ length: 17 }, () => 1)))).toBe('InvalidArrLength');
    expect(getElement(packUint16Array([7, 65535, 3]), 1)).toBe(65535n);
    expect(failure(() => getElement(0n, 16))).toBe('IndexOutOfBounds');
  });
});

describe('MathExt and the V3 gas adjustment (spec §3.2)', () => {
  it('saturates instead of reverting', () => {
    expect(boundedSub(5n, 10n, 1n, 100n)).toBe(1n);
    expect(boundedSub(UINT256_MAX, -1n, 0n, 7n)).toBe(7n);
    expect(boundedAdd(5n, 10n, 0n, 12n)).toBe(12n);
  });

  it('floors a rise and ceils a fall of the base fee', () => {
    // 3 units per gwei: +1.5 gwei -> floor(4.5) = 4; -1.5 gwei -> -ceil(4.5) = -5.
    expect(computeDelta(3n, 1_500_000_000n)).toBe(4n);
    expect(computeDelta(3n, -1_500_000_000n)).toBe(-5n);
  });

  it('raises the input and lowers the outputs when gas gets dearer', () => {
    const curve = { relativeBlocks: 0n, relativeAmounts: [] };
    const baseInput = { token: TOKEN, startAmount: 1000n, curve, maxAmount: 1010n, adjustmentPerGweiBaseFee: 4n };
    const baseOutputs = [{ token: TOKEN, startAmount: 500n, curve, recipient: RECIPIENT, minAmount: 495n, adjustmentPerGweiBaseFee: 2n }];
    // Base fee 10 -> 13 gwei: input +12 capped at 1010, output -6 floored at 495.
    const up = applyGasAdjustment(baseInput, baseOutputs, 10_000_000_000n, 13_000_000_000n);
    expect(up.baseInput.startAmount).toBe(1010n);
    expect(up.baseOutputs[0]?.startAmount).toBe(495n);
    // 10 -> 9 gwei: input -4, output +2.
    const down = applyGasAdjustment(baseInput, baseOutputs, 10_000_000_000n, 9_000_000_000n);
    expect(down.baseInput.startAmount).toBe(996n);
    expect(down.baseOutputs[0]?.startAmount).toBe(502n);
  });
});
