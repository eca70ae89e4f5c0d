// The EigenLayer vectors of contracts spec §1.9, replayed through the whole deployment.
import { describe, expect, it } from 'vitest';
import { mulWad, WAD } from '../../../sim/contracts/math.js';
import { ALLOCATION_DELAY, createWorld, STRATEGY_A, UNIT_DELAYS, withAllocatedOperator } from './fixture.js';

const { DEALLOCATION_DELAY, MIN_WITHDRAWAL_DELAY_BLOCKS: MIN } = UNIT_DELAYS;

describe('AllocationManager vectors (AllocationManagerUnit.t.sol)', () => {
  it('E1 test_slashPostAllocation: slash 25% of a full allocation', () => {
    const w = createWorld();
    w.deposit('operator', WAD); // the operator's own 1e18 shares
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, 25n * 10n ** 16n);
    const m = 75n * 10n ** 16n;
    expect(w.am.getAllocation(operator, set, STRATEGY_A, w.block).currentMagnitude).toBe(m);
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(m);
    expect(w.am.getEncumberedMagnitude(operator, STRATEGY_A, w.block)).toBe(m);
    expect(w.am.getMinimumSlashableStake(set, [operator], [STRATEGY_A], w.block, w.block)).toEqual([[mulWad(WAD, m)]]);
  });

  it('E2 test_repeatUntilFullSlash: 99%, 99.99%, then WAD - 1e3 slashes to exactly 0', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    const steps = [
      { wad: 99n * 10n ** 16n, mag: 10n ** 16n, wadSlashed: 99n * 10n ** 16n },
      { wad: 9999n * 10n ** 14n, mag: 10n ** 12n, wadSlashed: 9999n * 10n ** 14n },
      { wad: WAD - 1000n, mag: 0n, wadSlashed: WAD },
    ];
    steps.forEach((step, i) => {
      const result = w.slash(set, operator, step.wad);
      expect(result.slashId).toBe(BigInt(i + 1));
      expect(result.wadSlashed).toEqual([step.wadSlashed]);
      expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(step.mag);
      expect(w.am.getSlashCount(set)).toBe(BigInt(i + 1));
    });
  });

  it('E3 test_allocate_deallocate_slashAfterDeallocation', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.allocate(operator, set, WAD / 2n);
    w.advance(DEALLOCATION_DELAY + 1); // the effect block
    const result = w.slash(set, operator, 25n * 10n ** 16n);
    expect(result.wadSlashed).toEqual([125n * 10n ** 15n]); // magnitude 125e15 of a max of WAD
    expect(w.am.getAllocation(operator, set, STRATEGY_A, w.block).currentMagnitude).toBe(375n * 10n ** 15n);
    expect(w.am.getEncumberedMagnitude(operator, STRATEGY_A, w.block)).toBe(375n * 10n ** 15n);
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(875n * 10n ** 15n);
  });

  it('E4 test_deallocationSlashedJustBeforeEffectBlock: still slashable at t0 + DEALLOCATION_DELAY', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    const t0 = w.block;
    w.allocate(operator, set, 0n);
    w.roll(t0 + DEALLOCATION_DELAY);
    w.slash(set, operator, WAD);
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(0n);
  });

  it('E4 test_noFundsSlashedAfterDeallocationDelay: nothing slashed at t0 + DEALLOCATION_DELAY + 1', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    const t0 = w.block;
    w.allocate(operator, set, 0n);
    w.roll(t0 + DEALLOCATION_DELAY + 1);
    const result = w.slash(set, operator, WAD);
    expect(result.shares).toEqual([0n]);
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(WAD);
  });

  it('E17: a pending deallocation is slashed in proportion', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.allocate(operator, set, WAD / 2n); // pendingDiff -0.5e18
    const result = w.slash(set, operator, WAD / 2n);
    expect(result.wadSlashed).toEqual([5n * 10n ** 17n]); // m = 5e17 of a max of WAD
    const pending = w.am.getAllocation(operator, set, STRATEGY_A, w.block);
    expect(pending).toEqual({ currentMagnitude: 5n * 10n ** 17n, pendingDiff: -25n * 10n ** 16n, effectBlock: pending.effectBlock });
    w.roll(pending.effectBlock);
    expect(w.am.getAllocation(operator, set, STRATEGY_A, w.block).currentMagnitude).toBe(25n * 10n ** 16n);
    expect(w.am.getEncumberedMagnitude(operator, STRATEGY_A, w.block)).toBe(25n * 10n ** 16n);
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(5n * 10n ** 17n);
  });
});

describe('DelegationManager vectors (DelegationUnit.t.sol)', () => {
  it('E5 test_slashOperatorShares_slashedRepeatedly: 100 slashes of 100 magnitude each', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, WAD - 90_009n); // magnitude WAD -> 90_009
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(90_009n);
    const shares = 40_000_000_004_182_209_037_560_531_097_078_597_505n;
    w.deposit('staker', shares);
    w.dm.delegateTo(w.ctx('staker'), operator);
    expect(w.dm.operatorShares(operator, STRATEGY_A)).toBe(shares);
    for (let i = 0; i < 100; i++) {
      w.advance(1);
      const mag = w.am.getAllocation(operator, set, STRATEGY_A, w.block).currentMagnitude;
      // The largest wad whose rounded-up slash of `mag` is exactly 100 magnitude.
      const result = w.slash(set, operator, (100n * WAD) / mag);
      expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(mag - 100n);
      expect(result.shares).toEqual([44_440_000_449_046_438_731_194_137_360_795_695n]);
    }
    const operatorShares = w.dm.operatorShares(operator, STRATEGY_A);
    const [withdrawable] = w.dm.getWithdrawableShares('staker', [STRATEGY_A]).withdrawableShares;
    expect(operatorShares).toBe(35_555_999_959_277_565_164_441_117_360_999_028_005n);
    expect(withdrawable).toBe(35_555_999_959_277_565_164_441_117_360_998_672_401n);
  });

  it('E6 test_increaseDelegatedShares_depositRepeatedly: rounding drift after 1000 deposits', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, 9_991n); // magnitude WAD -> 999_999_999_999_990_009
    expect(w.am.getMaxMagnitude(operator, STRATEGY_A)).toBe(999_999_999_999_990_009n);
    w.deposit('staker', 44_182_209_037_560_531_097_078_597_505n);
    w.dm.delegateTo(w.ctx('staker'), operator);
    for (let i = 0; i < 1000; i++) w.deposit('staker', 1000n);
    const [withdrawable] = w.dm.getWithdrawableShares('staker', [STRATEGY_A]).withdrawableShares;
    expect(w.dm.operatorShares(operator, STRATEGY_A) - withdrawable!).toBe(44_182_209_037_566n);
  });

  it('E8 test_slashableSharesInQueue: only the last MIN_WITHDRAWAL_DELAY_BLOCKS of the queue are slashable', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 120n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const b = w.block;
    for (let i = 0; i < 5; i++) {
      w.roll(b + i);
      w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [STRATEGY_A], depositShares: [20n * WAD] }]);
    }
    w.roll(b + 1 + MIN + 1);
    expect(w.dm.getSlashableSharesInQueue(operator, STRATEGY_A, w.block)).toBe(60n * WAD);
    const before = w.dm.operatorShares(operator, STRATEGY_A);
    const result = w.slash(set, operator, WAD);
    expect(before - w.dm.operatorShares(operator, STRATEGY_A)).toBe(20n * WAD);
    expect(result.shares).toEqual([80n * WAD]);
  });

  it('E9 test_sharesBurnableAtMinDelayBlocks: slashed at start + MIN, the withdrawal pays 0', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 100n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const [root] = w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [STRATEGY_A], depositShares: [100n * WAD] }]);
    const start = w.block;
    w.roll(start + MIN);
    expect(w.dm.getSlashableSharesInQueue(operator, STRATEGY_A, w.block)).toBe(100n * WAD);
    w.slash(set, operator, WAD);
    w.advance(1);
    const { withdrawal, shares } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    expect(shares).toEqual([0n]);
    w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [w.tokenA], true);
    expect(w.tokenA.balanceOf('staker')).toBe(0n);
  });

  it('E9 test_sharesNotBurnableWhenWithdrawalCompletable: slashed at start + MIN + 1, it pays in full', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 100n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const [root] = w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [STRATEGY_A], depositShares: [100n * WAD] }]);
    const start = w.block;
    w.roll(start + MIN + 1);
    expect(w.dm.getSlashableSharesInQueue(operator, STRATEGY_A, w.block)).toBe(0n);
    w.slash(set, operator, WAD);
    const { withdrawal } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [w.tokenA], true);
    expect(w.tokenA.balanceOf('staker')).toBe(100n * WAD);
  });

  it('E12: a slash reaches delegated and queued shares alike', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 100n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const [root] = w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [STRATEGY_A], depositShares: [40n * WAD] }]);
    w.advance(1);
    const result = w.slash(set, operator, WAD / 2n); // prev WAD -> new 0.5e18
    expect(w.dm.operatorShares(operator, STRATEGY_A)).toBe(30n * WAD); // opSlashed 30e18
    expect(result.shares).toEqual([50n * WAD]); // + queueSlashed 20e18
    w.advance(MIN);
    const { withdrawal, shares } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    expect(shares).toEqual([20n * WAD]);
    w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [w.tokenA], true);
    expect(w.tokenA.balanceOf('staker')).toBe(20n * WAD);
  });

  it('E14: delegating to a half-slashed operator, then depositing more', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, WAD / 2n);
    w.deposit('staker', 100n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    expect(w.dm.depositScalingFactor('staker', STRATEGY_A)).toBe(2n * WAD);
    expect(w.dm.getWithdrawableShares('staker', [STRATEGY_A]).withdrawableShares).toEqual([100n * WAD]);
    w.deposit('staker', 50n * WAD);
    expect(w.dm.depositScalingFactor('staker', STRATEGY_A)).toBe(2n * WAD);
    expect(w.dm.getWithdrawableShares('staker', [STRATEGY_A]).withdrawableShares).toEqual([150n * WAD]);
  });

  it('allocations only become slashable after the allocation delay', () => {
    const w = createWorld();
    w.registerOperator('operator');
    const set = w.createSet('avs', 1, [STRATEGY_A]);
    w.registerFor('operator', set);
    w.allocate('operator', set, WAD);
    w.advance(ALLOCATION_DELAY - 1);
    expect(w.slash(set, 'operator', WAD).shares).toEqual([0n]);
    expect(w.am.getMaxMagnitude('operator', STRATEGY_A)).toBe(WAD);
    w.advance(1);
    w.slash(set, 'operator', WAD);
    expect(w.am.getMaxMagnitude('operator', STRATEGY_A)).toBe(0n);
  });
});
