// sim/contracts/intents against IntentsHarness.sol compiled by solc 0.8.27 (contracts spec §5): the
// decay formulas, the V3 curve, the gas adjustment and the exclusivity override on seeded random
// inputs, with reverts compared by name.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decayInput, decayOutput, linearDecay } from '../../../sim/contracts/intents/DutchDecayLib.js';
import { handleExclusiveOverride } from '../../../sim/contracts/intents/ExclusivityLib.js';
import { boundedSub } from '../../../sim/contracts/intents/MathExt.js';
import { decayV3Input, decayV3Output, packUint16Array } from '../../../sim/contracts/intents/NonlinearDutchDecayLib.js';
import { computeDelta } from '../../../sim/contracts/intents/V3GasAdjustment.js';
import { deployHarness, diffRandom, portOutcome, type CallResult, type DiffRandom, type Harness } from '../../support/evm.js';

const CASES = 1_000;
const TOKEN = '0x00000000000000000000000000000000000000aa';
const RECIPIENT = '0x00000000000000000000000000000000000000bb';

let harness: Harness;
beforeAll(async () => {
  harness = await deployHarness({ 'IntentsHarness.sol': readFileSync('test/solidity/IntentsHarness.sol', 'utf8') }, 'IntentsHarness');
});

/** Runs `CASES` seeded draws through both sides; returns how often each outcome occurred. */
async function differential(
  name: string,
  signature: string,
  draw: (rng: DiffRandom) => { args: bigint[]; port: () => bigint },
): Promise<Map<string, number>> {
  const rng = diffRandom(`intents.diff ${name}`);
  const outcomes = new Map<string, number>();
  for (let i = 0; i < CASES; i++) {
    const { args, port } = draw(rng);
    const evm: CallResult = await harness.call(signature, args);
    expect(portOutcome(port), `${name}(${args.join(', ')})`).toEqual(evm);
    const kind = evm.ok ? 'ok' : evm.error;
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  }
  return outcomes;
}

/** Both results and reverts must be common enough that the comparison means something. */
function expectMixed(outcomes: Map<string, number>, reverts: string[]): void {
  expect(outcomes.get('ok') ?? 0).toBeGreaterThan(CASES / 2);
  for (const error of reverts) expect(outcomes.get(error) ?? 0, `revert ${JSON.stringify(error)}`).toBeGreaterThan(0);
}

/** Amounts: mostly realistic (under 2^128), sometimes anything a uint256 holds. */
const amount = (rng: DiffRandom): bigint => (rng.chance(0.8) ? rng.uint(128) : rng.uint());

/** A decay window and a time near it, with some windows that are empty or reversed. */
function times(rng: DiffRandom): [bigint, bigint, bigint] {
  const t0 = rng.between(0n, 2_000_000_000n);
  const t1 = rng.chance(0.1) ? rng.between(t0 - 50n, t0) : t0 + rng.between(1n, 100_000n);
  const now = rng.chance(0.05) ? rng.uint(64) : rng.between((t1 < t0 ? t1 : t0) - 10n, (t1 > t0 ? t1 : t0) + 10n);
  return [t0, t1, now < 0n ? 0n : now];
}

function ordered(rng: DiffRandom, descending: boolean): [bigint, bigint] {
  const a = amount(rng);
  const b = rng.chance(0.1) ? a : amount(rng);
  // One draw in ten keeps the wrong direction, which must revert with IncorrectAmounts.
  const wrong = rng.chance(0.1);
  const high = a > b ? a : b;
  const low = a > b ? b : a;
  return descending !== wrong ? [high, low] : [low, high];
}

function curve(rng: DiffRandom, startAmount: bigint) {
  const points = Number(rng.between(0n, 16n));
  const blocks: number[] = [];
  let block = 0;
  for (let i = 0; i < points; i++) {
    block = rng.chance(0.05) ? Number(rng.between(0n, 65535n)) : Math.min(65535, block + Number(rng.between(1n, 5000n)));
    blocks.push(block);
  }
  const scale = startAmount > 0n && startAmount < 1n << 254n ? startAmount : 1000n;
  const relativeAmounts = blocks.map(() => (rng.chance(0.9) ? rng.between(-scale, scale) : rng.int()));
  return { relativeBlocks: packUint16Array(blocks), relativeAmounts };
}

function curveArgs(c: { relativeBlocks: bigint; relativeAmounts: readonly bigint[] }): bigint[] {
  return [c.relativeBlocks, ...Array.from({ length: 16 }, (_, i) => c.relativeAmounts[i] ?? 0n), BigInt(c.relativeAmounts.length)];
}

const address = (n: bigint): string => `0x${n.toString(16).padStart(40, '0')}`;

describe('intents ports match the compiled harness', () => {
  it(`linear output decay on ${CASES} inputs`, async () => {
    const outcomes = await differential('decayOutput', 'decayOutput(uint256,uint256,uint256,uint256,uint256)', (rng) => {
      const [start, end] = ordered(rng, true);
      const [t0, t1, now] = times(rng);
      const port = () => decayOutput({ token: TOKEN, startAmount: start, endAmount: end, recipient: RECIPIENT }, t0, t1, now).amount;
      return { args: [start, end, t0, t1, now], port };
    });
    expectMixed(outcomes, ['IncorrectAmounts', 'EndTimeBeforeStartTime']);
  });

  it(`linear input decay on ${CASES} inputs`, async () => {
    const outcomes = await differential('decayInput', 'decayInput(uint256,uint256,uint256,uint256,uint256)', (rng) => {
      const [start, end] = ordered(rng, false);
      const [t0, t1, now] = times(rng);
      const port = () => decayInput({ token: TOKEN, startAmount: start, endAmount: end }, t0, t1, now).amount;
      return { args: [start, end, t0, t1, now], port };
    });
    expectMixed(outcomes, ['IncorrectAmounts', 'EndTimeBeforeStartTime']);
  });

  it(`signed linearDecay on ${CASES} inputs, overflow and reversed points included`, async () => {
    const outcomes = await differential('linearDecay', 'linearDecay(uint256,uint256,uint256,int256,int256)', (rng) => {
      const p0 = rng.uint(32);
      const p1 = rng.chance(0.9) ? p0 + rng.uint(32) : rng.uint(32);
      const p = rng.chance(0.9) && p1 >= p0 ? rng.between(p0 > 5n ? p0 - 5n : 0n, p1 + 5n) : rng.uint(32);
      const a0 = rng.int();
      const a1 = rng.int();
      return { args: [p0, p1, p, a0, a1], port: () => linearDecay(p0, p1, p, a0, a1) };
    });
    expectMixed(outcomes, ['Panic(0x11)', '']);
  });

  for (const side of ['output', 'input'] as const) {
    it(`V3 ${side} curve on ${CASES} inputs`, async () => {
      const signature = side === 'output'
        ? 'v3DecayOutput(uint256,int256[16],uint256,uint256,uint256,uint256,uint256)'
        : 'v3DecayInput(uint256,int256[16],uint256,uint256,uint256,uint256,uint256)';
      const outcomes = await differential(`v3 ${side}`, signature, (rng) => {
        const startAmount = amount(rng);
        const c = curve(rng, startAmount);
        const decayStartBlock = rng.between(0n, 20_000_000n);
        const block = decayStartBlock + rng.between(-20n, 70_000n);
        const blockNumber = block < 0n ? 0n : block;
        const limit = rng.chance(0.5) ? (side === 'output' ? 0n : (1n << 256n) - 1n) : amount(rng);
        const port =
          side === 'output'
            ? () => decayV3Output({ token: TOKEN, startAmount, curve: c, recipient: RECIPIENT, minAmount: limit, adjustmentPerGweiBaseFee: 0n }, decayStartBlock, blockNumber).amount
            : () => decayV3Input({ token: TOKEN, startAmount, curve: c, maxAmount: limit, adjustmentPerGweiBaseFee: 0n }, decayStartBlock, blockNumber).amount;
        return { args: [...curveArgs(c), startAmount, decayStartBlock, blockNumber, limit], port };
      });
      expectMixed(outcomes, []);
    });
  }

  it(`exclusivity override on ${CASES} inputs`, async () => {
    const outcomes = await differential('exclusiveOverride', 'exclusiveOverride(address,uint256,uint256,uint256,address,uint256)', (rng) => {
      const exclusive = rng.pick([0n, 1n, 2n]);
      const filler = rng.pick([1n, 2n]);
      const end = rng.between(0n, 1_000_000n);
      const position = rng.between(end - 3n, end + 3n);
      const bps = rng.pick([0n, 1n, 3000n, 10_000n, rng.uint(16), rng.uint()]);
      const value = amount(rng);
      const port = () => {
        const outputs = [{ token: TOKEN, amount: value, recipient: RECIPIENT }];
        const result = handleExclusiveOverride(outputs, address(exclusive), end, bps, position < 0n ? 0n : position, address(filler));
        return result[0]?.amount ?? -1n;
      };
      return { args: [exclusive, end, bps, position < 0n ? 0n : position, filler, value], port };
    });
    expectMixed(outcomes, ['NoExclusiveOverride', '', 'Panic(0x11)']);
  });

  it(`V3 gas adjustment delta on ${CASES} inputs`, async () => {
    const outcomes = await differential('gasDelta', 'gasDelta(uint256,int256)', (rng) => {
      const adjustment = amount(rng);
      const delta = rng.chance(0.8) ? rng.between(-(10n ** 12n), 10n ** 12n) : rng.int();
      return { args: [adjustment, delta], port: () => computeDelta(adjustment, delta) };
    });
    expectMixed(outcomes, ['']);
  });

  it(`boundedSub on ${CASES} inputs`, async () => {
    const outcomes = await differential('boundedSub', 'boundedSub(uint256,int256,uint256,uint256)', (rng) => {
      const [a, b, min, max] = [rng.uint(), rng.int(), rng.uint(), rng.uint()];
      return { args: [a, b, min, max], port: () => boundedSub(a, b, min, max) };
    });
    expectMixed(outcomes, []);
  });
});
