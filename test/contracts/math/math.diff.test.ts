// sim/contracts/math.ts against compiled Solidity (contracts spec §5): OpenZeppelin 4.9 Math.mulDiv
// and the WAD helpers over it, and solmate-style mulDivDown/Up, on seeded random inputs with the
// reverts compared by name.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FixedPointMathLib, divWad, mulDiv, mulWad, mulWadRoundUp } from '../../../sim/contracts/math.js';
import { deployHarness, diffRandom, portOutcome, type CallResult, type DiffRandom, type Harness } from '../../support/evm.js';

const CASES = 1_000;

let harness: Harness;
beforeAll(async () => {
  harness = await deployHarness({ 'MathHarness.sol': readFileSync('test/solidity/MathHarness.sol', 'utf8') }, 'MathHarness');
});

interface Target {
  signature: string;
  port: (args: bigint[]) => bigint;
  draw: (rng: DiffRandom) => bigint[];
}

const twoWords = (rng: DiffRandom) => [rng.uint(), rng.uint()];
const threeWords = (rng: DiffRandom) => [rng.uint(), rng.uint(), rng.uint()];
const at = (args: bigint[], i: number) => args[i] as bigint;

const TARGETS: Target[] = [
  { signature: 'mulWad(uint256,uint256)', port: (a) => mulWad(at(a, 0), at(a, 1)), draw: twoWords },
  { signature: 'divWad(uint256,uint256)', port: (a) => divWad(at(a, 0), at(a, 1)), draw: twoWords },
  { signature: 'mulWadRoundUp(uint256,uint256)', port: (a) => mulWadRoundUp(at(a, 0), at(a, 1)), draw: twoWords },
  { signature: 'mulDivDown(uint256,uint256,uint256)', port: (a) => mulDiv(at(a, 0), at(a, 1), at(a, 2)), draw: threeWords },
  { signature: 'mulDivUp(uint256,uint256,uint256)', port: (a) => mulDiv(at(a, 0), at(a, 1), at(a, 2), 'up'), draw: threeWords },
  {
    signature: 'solmateMulDivDown(uint256,uint256,uint256)',
    port: (a) => FixedPointMathLib.mulDivDown(at(a, 0), at(a, 1), at(a, 2)),
    draw: threeWords,
  },
  {
    signature: 'solmateMulDivUp(uint256,uint256,uint256)',
    port: (a) => FixedPointMathLib.mulDivUp(at(a, 0), at(a, 1), at(a, 2)),
    draw: threeWords,
  },
];

async function compare(target: Target, args: bigint[]): Promise<CallResult> {
  const evm = await harness.call(target.signature, args);
  expect(portOutcome(() => target.port(args)), `${target.signature} ${args.join(', ')}`).toEqual(evm);
  return evm;
}

describe('math.ts matches OpenZeppelin 4.9 and solmate compiled by solc 0.8.27', () => {
  for (const target of TARGETS) {
    it(`${target.signature} on ${CASES} seeded random inputs`, async () => {
      const rng = diffRandom(`math.diff ${target.signature}`);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < CASES; i++) {
        const evm = await compare(target, target.draw(rng));
        const kind = evm.ok ? 'ok' : evm.error;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
      // The draws must exercise both sides: results, and at least one kind of revert.
      expect(outcomes.get('ok') ?? 0).toBeGreaterThan(CASES / 10);
      expect(CASES - (outcomes.get('ok') ?? 0)).toBeGreaterThan(CASES / 100);
    });
  }

  it('agrees on the hand-picked edges of every revert path', async () => {
    const MAX = (1n << 256n) - 1n;
    // 2^257 - 1 = 535006138814359 · q, so the quotient by 2 is MAX with remainder 1: rounding up overflows.
    const factor = 535006138814359n;
    const cofactor = ((1n << 257n) - 1n) / factor;
    const edges: [string, bigint[], string][] = [
      ['mulDivDown(uint256,uint256,uint256)', [3n, 5n, 0n], 'Panic(0x12)'],
      ['mulDivDown(uint256,uint256,uint256)', [MAX, 2n, 0n], 'Error'],
      ['mulDivDown(uint256,uint256,uint256)', [1n << 255n, 4n, 2n], 'Error'],
      ['mulDivUp(uint256,uint256,uint256)', [factor, cofactor, 2n], 'Panic(0x11)'],
      ['solmateMulDivUp(uint256,uint256,uint256)', [1n << 128n, 1n << 128n, 1n], ''],
      ['solmateMulDivDown(uint256,uint256,uint256)', [0n, 0n, 0n], ''],
    ];
    for (const [signature, args, error] of edges) {
      const target = TARGETS.find((t) => t.signature === signature) as Target;
      expect(await compare(target, args)).toEqual({ ok: false, error });
    }
    const exact = TARGETS.find((t) => t.signature === 'mulDivDown(uint256,uint256,uint256)') as Target;
    expect(await compare(exact, [MAX, MAX, MAX])).toEqual({ ok: true, values: [MAX] });
  });
});
