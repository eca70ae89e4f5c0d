// sim/contracts/restaking's formulas against test/solidity/RestakingHarness.sol compiled by solc 0.8.27
// (contracts spec §5): SlashingLib, the queue-slashing formula and the magnitude step of
// slashOperator, on seeded random inputs with reverts compared by name.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { divWad, mulWad, mulWadRoundUp, UINT64_MAX, WAD } from '../../../sim/contracts/math.js';
import { requireValidWadToSlash, slashMagnitude } from '../../../sim/contracts/restaking/AllocationManager.js';
import { slashedSharesInQueue } from '../../../sim/contracts/restaking/DelegationManager.js';
import * as SlashingLib from '../../../sim/contracts/restaking/SlashingLib.js';
import { deployHarness, diffRandom, portOutcome, type DiffRandom, type Harness } from '../../support/evm.js';

const CASES = 1_000;

let harness: Harness;
beforeAll(async () => {
  harness = await deployHarness({ 'RestakingHarness.sol': readFileSync('test/solidity/RestakingHarness.sol', 'utf8') }, 'RestakingHarness');
});

interface Target {
  signature: string;
  port: (a: readonly bigint[]) => bigint | readonly bigint[];
  draw: (rng: DiffRandom) => bigint[];
}

const arg = (a: readonly bigint[], i: number): bigint => a[i] as bigint;

/** A magnitude: mostly a realistic uint64 in (0, WAD], sometimes any uint64 (edges included). */
const magnitude = (rng: DiffRandom): bigint => (rng.chance(0.7) ? rng.between(0n, WAD) : rng.uint(64));
/** A share amount: mostly up to 1e38 (MAX_TOTAL_SHARES), sometimes any uint256. */
const shares = (rng: DiffRandom): bigint => (rng.chance(0.7) ? rng.uint(127) : rng.uint());
/** A deposit scaling factor: 0 (unset), around WAD, or anything. */
const dsf = (rng: DiffRandom): bigint => rng.pick([0n, WAD, rng.between(WAD / 2n, 100n * WAD), rng.uint(128), rng.uint()]);
const wadToSlash = (rng: DiffRandom): bigint => (rng.chance(0.9) ? rng.between(0n, WAD) : rng.uint());

const TARGETS: Target[] = [
  { signature: 'mulWad(uint256,uint256)', port: (a) => mulWad(arg(a, 0), arg(a, 1)), draw: (r) => [r.uint(), r.uint()] },
  { signature: 'divWad(uint256,uint256)', port: (a) => divWad(arg(a, 0), arg(a, 1)), draw: (r) => [r.uint(), r.uint()] },
  { signature: 'mulWadRoundUp(uint256,uint256)', port: (a) => mulWadRoundUp(arg(a, 0), arg(a, 1)), draw: (r) => [r.uint(), r.uint()] },
  {
    signature: 'calcWithdrawable(uint256,uint256,uint256)',
    port: (a) => SlashingLib.calcWithdrawable(arg(a, 0), arg(a, 1), arg(a, 2)),
    draw: (r) => [shares(r), dsf(r), magnitude(r)],
  },
  {
    signature: 'calcDepositShares(uint256,uint256,uint256)',
    port: (a) => SlashingLib.calcDepositShares(arg(a, 0), arg(a, 1), arg(a, 2)),
    draw: (r) => [shares(r), dsf(r), magnitude(r)],
  },
  {
    signature: 'update(uint256,uint256,uint256,uint256)',
    port: (a) => SlashingLib.update(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3)),
    draw: (r) => [dsf(r), r.chance(0.2) ? 0n : shares(r), shares(r), magnitude(r)],
  },
  {
    signature: 'calcSlashedAmount(uint256,uint256,uint256)',
    port: (a) => SlashingLib.calcSlashedAmount(arg(a, 0), arg(a, 1), arg(a, 2)),
    draw: (r) => {
      const prev = magnitude(r);
      // Mostly a real slash (new <= prev); sometimes a magnitude that grew, which must underflow.
      const next = r.chance(0.85) && prev > 0n ? r.between(0n, prev) : magnitude(r);
      return [shares(r), prev, next];
    },
  },
  {
    signature: 'scaleForQueueWithdrawal(uint256,uint256)',
    port: (a) => SlashingLib.scaleForQueueWithdrawal(arg(a, 0), arg(a, 1)),
    draw: (r) => [dsf(r), shares(r)],
  },
  {
    signature: 'scaleForCompleteWithdrawal(uint256,uint256)',
    port: (a) => SlashingLib.scaleForCompleteWithdrawal(arg(a, 0), arg(a, 1)),
    draw: (r) => [shares(r), r.chance(0.8) ? magnitude(r) : r.uint()],
  },
  {
    signature: 'slashedSharesInQueue(uint256,uint64,uint64)',
    port: (a) => slashedSharesInQueue(arg(a, 0), arg(a, 1), arg(a, 2)),
    draw: (r) => {
      const prev = r.chance(0.1) ? 0n : magnitude(r);
      const next = r.chance(0.85) && prev > 0n ? r.between(0n, prev) : magnitude(r);
      return [shares(r), prev, next];
    },
  },
  {
    signature: 'slashMagnitude(uint64,int128,uint64,uint64,uint256)',
    port: (a) => {
      requireValidWadToSlash(arg(a, 4));
      const r = slashMagnitude(
        { currentMagnitude: arg(a, 0), pendingDiff: arg(a, 1), effectBlock: 0 },
        { maxMagnitude: arg(a, 2), encumberedMagnitude: arg(a, 3) },
        arg(a, 4),
      );
      return [r.allocation.currentMagnitude, r.allocation.pendingDiff, r.info.maxMagnitude, r.info.encumberedMagnitude, r.wadSlashed];
    },
    draw: (r) => {
      const max = magnitude(r);
      // A consistent state (cur <= enc <= max) most of the time; otherwise arbitrary uint64s.
      const consistent = r.chance(0.8);
      const enc = consistent ? r.between(0n, max) : r.uint(64);
      const cur = consistent ? r.between(0n, enc) : r.uint(64);
      const pending = r.chance(0.5) ? -r.between(0n, cur) : r.between(0n, UINT64_MAX);
      return [cur, pending, max, enc, wadToSlash(r)];
    },
  },
];

describe('restaking formulas match RestakingHarness.sol compiled by solc 0.8.27', () => {
  for (const target of TARGETS) {
    it(`${target.signature} on ${CASES} seeded random inputs`, async () => {
      const rng = diffRandom(`restaking.diff ${target.signature}`);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < CASES; i++) {
        const args = target.draw(rng);
        const evm = await harness.call(target.signature, args);
        expect(portOutcome(() => target.port(args)), `${target.signature}(${args.join(', ')})`).toEqual(evm);
        const kind = evm.ok ? 'ok' : evm.error;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
      // The draws must exercise both results and reverts, or the comparison proves little.
      expect(outcomes.get('ok') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(CASES / 4);
      expect(CASES - (outcomes.get('ok') ?? 0), JSON.stringify([...outcomes])).toBeGreaterThan(0);
    });
  }
});
