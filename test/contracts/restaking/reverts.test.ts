// Every revert of contracts spec §1.8 that the port can reach, asserted by the original's error name,
// and each checked to leave the whole deployment untouched.
import { describe, expect, it } from 'vitest';
import { UINT64_MAX, WAD } from '../../../sim/contracts/math.js';
import { MAX_STAKER_STRATEGY_LIST_LENGTH } from '../../../sim/contracts/restaking/index.js';
import { ALLOCATION_DELAY, createWorld, errorOf, START_BLOCK, STRATEGY_A, STRATEGY_B, UNIT_DELAYS, withAllocatedOperator, type World } from './fixture.js';

/** The revert's name, after checking the failed call changed no contract state and no token balance. */
function revertOf(w: World, call: () => unknown): string {
  const before = snapshot(w);
  const name = errorOf(call);
  expect(snapshot(w)).toEqual(before);
  return name;
}

function snapshot(w: World) {
  return { state: w.d.dumpState(), a: new Map(w.tokenA.holders()), b: new Map(w.tokenB.holders()) };
}

// The block withAllocatedOperator leaves a fresh world at: START_BLOCK plus the allocation delay.
const START_AFTER_ALLOCATION = START_BLOCK + ALLOCATION_DELAY;

const slashParams = (operator: string, strategies: string[], wads: bigint[], id = 1) => ({
  operator,
  operatorSetId: id,
  strategies,
  wadsToSlash: wads,
  description: '',
});

describe('AllocationManager reverts', () => {
  it('slashOperator: InputArrayLengthMismatch, InvalidOperatorSet, OperatorNotSlashable, InvalidCaller', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    const am = w.am;
    expect(revertOf(w, () => am.slashOperator(w.ctx('avs'), 'avs', slashParams(operator, [STRATEGY_A], [])))).toBe('InputArrayLengthMismatch');
    expect(revertOf(w, () => am.slashOperator(w.ctx('avs'), 'avs', slashParams(operator, [STRATEGY_A], [WAD], 9)))).toBe('InvalidOperatorSet');
    expect(revertOf(w, () => am.slashOperator(w.ctx('avs'), 'avs', slashParams('stranger', [STRATEGY_A], [WAD])))).toBe('OperatorNotSlashable');
    expect(revertOf(w, () => am.slashOperator(w.ctx('mallory'), 'avs', slashParams(operator, [STRATEGY_A], [WAD])))).toBe('InvalidCaller');
    expect(set.id).toBe(1);
  });

  it('slashOperator: StrategiesMustBeInAscendingOrder (by 160-bit value), InvalidWadToSlash, StrategyNotInOperatorSet', () => {
    const w = createWorld();
    const { operator } = withAllocatedOperator(w, WAD);
    const slash = (strategies: string[], wads: bigint[]) => () => w.am.slashOperator(w.ctx('avs'), 'avs', slashParams(operator, strategies, wads));
    expect(revertOf(w, slash([STRATEGY_B, STRATEGY_A], [WAD, WAD]))).toBe('StrategiesMustBeInAscendingOrder');
    expect(revertOf(w, slash([STRATEGY_A, STRATEGY_A], [WAD, WAD]))).toBe('StrategiesMustBeInAscendingOrder');
    // 0xb2 > 0xA1 numerically although 'b' < 'A' is false as text: hex addresses compare as numbers.
    expect(revertOf(w, slash(['0x00000000000000000000000000000000000000A1', STRATEGY_B], [0n, WAD]))).toBe('InvalidWadToSlash');
    expect(revertOf(w, slash([STRATEGY_A], [0n]))).toBe('InvalidWadToSlash');
    expect(revertOf(w, slash([STRATEGY_A], [WAD + 1n]))).toBe('InvalidWadToSlash');
    expect(revertOf(w, slash(['0x00000000000000000000000000000000000000c3'], [WAD]))).toBe('StrategyNotInOperatorSet');
    // A revert in the second strategy undoes the first strategy's slash too.
    expect(revertOf(w, slash([STRATEGY_A, STRATEGY_B], [WAD, 0n]))).toBe('InvalidWadToSlash');
  });

  it('modifyAllocations: UninitializedAllocationDelay, InputArrayLengthMismatch, InvalidOperatorSet', () => {
    const w = createWorld();
    const set = w.createSet('avs', 1, [STRATEGY_A]);
    const modify = (operator: string, params: Parameters<typeof w.am.modifyAllocations>[2]) => () =>
      w.am.modifyAllocations(w.ctx(operator), operator, params);
    expect(revertOf(w, modify('nobody', [{ operatorSet: set, strategies: [STRATEGY_A], newMagnitudes: [1n] }]))).toBe('UninitializedAllocationDelay');
    w.registerOperator('operator');
    expect(revertOf(w, modify('operator', [{ operatorSet: set, strategies: [STRATEGY_A], newMagnitudes: [] }]))).toBe('InputArrayLengthMismatch');
    expect(revertOf(w, modify('operator', [{ operatorSet: { avs: 'avs', id: 2 }, strategies: [], newMagnitudes: [] }]))).toBe('InvalidOperatorSet');
    expect(revertOf(w, () => w.am.modifyAllocations(w.ctx('mallory'), 'operator', []))).toBe('InvalidPermissions');
  });

  it('modifyAllocations: ModificationAlreadyPending, SameMagnitude, InsufficientMagnitude, SafeCast in _addInt128', () => {
    const w = createWorld();
    w.registerOperator('operator');
    const set1 = w.createSet('avs', 1, [STRATEGY_A]);
    const set2 = w.createSet('avs2', 2, [STRATEGY_A]);
    w.allocate('operator', set1, WAD / 2n);
    expect(revertOf(w, () => w.allocate('operator', set1, WAD))).toBe('ModificationAlreadyPending');
    w.advance(UNIT_DELAYS.DEALLOCATION_DELAY);
    expect(revertOf(w, () => w.allocate('operator', set1, WAD / 2n))).toBe('SameMagnitude');
    expect(revertOf(w, () => w.allocate('operator', set2, WAD / 2n + 1n))).toBe('InsufficientMagnitude');
    // enc (0.5e18) + a uint64-max increase does not fit uint64: the SafeCast reverts before the magnitude check.
    expect(revertOf(w, () => w.allocate('operator', set2, UINT64_MAX))).toBe('Error');
    // Two entries in one call: the second fails, so the first is undone as well.
    expect(
      revertOf(w, () =>
        w.am.modifyAllocations(w.ctx('operator'), 'operator', [
          { operatorSet: set2, strategies: [STRATEGY_A], newMagnitudes: [WAD / 4n] },
          { operatorSet: set2, strategies: [STRATEGY_A], newMagnitudes: [WAD / 8n] },
        ]),
      ),
    ).toBe('ModificationAlreadyPending');
  });

  it('registration: InvalidOperator, InvalidOperatorSet, AlreadyMemberOfSet (also while still slashable), NotMemberOfSet, InvalidCaller', () => {
    const w = createWorld();
    const set = w.createSet('avs', 1, [STRATEGY_A]);
    expect(revertOf(w, () => w.registerFor('nobody', set))).toBe('InvalidOperator');
    w.registerOperator('operator');
    expect(revertOf(w, () => w.registerFor('operator', { avs: 'avs', id: 7 }))).toBe('InvalidOperatorSet');
    w.registerFor('operator', set);
    expect(revertOf(w, () => w.registerFor('operator', set))).toBe('AlreadyMemberOfSet');
    const dereg = (sender: string) => () => w.am.deregisterFromOperatorSets(w.ctx(sender), { operator: 'operator', avs: 'avs', operatorSetIds: [1] });
    expect(revertOf(w, dereg('mallory'))).toBe('InvalidCaller');
    dereg('avs')();
    expect(revertOf(w, dereg('operator'))).toBe('NotMemberOfSet');
    w.advance(UNIT_DELAYS.DEALLOCATION_DELAY);
    expect(revertOf(w, () => w.registerFor('operator', set))).toBe('AlreadyMemberOfSet');
    w.advance(1);
    w.registerFor('operator', set);
    expect(w.am.getMembers(set)).toEqual(['operator']);
  });

  it('setAllocationDelay: InvalidOperator for a non-operator; a later change waits ALLOCATION_CONFIGURATION_DELAY + 1', () => {
    const w = createWorld();
    expect(revertOf(w, () => w.am.setAllocationDelay(w.ctx('nobody'), 'nobody', 5))).toBe('InvalidOperator');
    w.registerOperator('operator', 10);
    expect(w.am.getAllocationDelay('operator', w.block)).toEqual({ isSet: true, delay: 10 });
    w.am.setAllocationDelay(w.ctx('operator'), 'operator', 20);
    w.advance(UNIT_DELAYS.ALLOCATION_CONFIGURATION_DELAY);
    expect(w.am.getAllocationDelay('operator', w.block)).toEqual({ isSet: true, delay: 10 });
    w.advance(1);
    expect(w.am.getAllocationDelay('operator', w.block)).toEqual({ isSet: true, delay: 20 });
  });

  it('operator sets: NonexistentAVSMetadata, InvalidOperatorSet on a duplicate, StrategyAlreadyInOperatorSet, InvalidStrategy', () => {
    const w = createWorld();
    expect(revertOf(w, () => w.am.createOperatorSets(w.ctx('avs'), 'avs', [{ operatorSetId: 1, strategies: [] }]))).toBe('NonexistentAVSMetadata');
    w.createSet('avs', 1, [STRATEGY_A]);
    expect(revertOf(w, () => w.am.createOperatorSets(w.ctx('avs'), 'avs', [{ operatorSetId: 1, strategies: [] }]))).toBe('InvalidOperatorSet');
    expect(revertOf(w, () => w.am.addStrategiesToOperatorSet(w.ctx('avs'), 'avs', 1, [STRATEGY_A]))).toBe('StrategyAlreadyInOperatorSet');
    expect(
      revertOf(w, () =>
        w.am.createRedistributingOperatorSets(w.ctx('avs'), 'avs', [{ operatorSetId: 2, strategies: ['0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0'] }], ['treasury']),
      ),
    ).toBe('InvalidStrategy');
    expect(revertOf(w, () => w.am.createOperatorSets(w.ctx('mallory'), 'avs', []))).toBe('InvalidPermissions');
  });

  it('updateSlasher: the new slasher takes over only after ALLOCATION_CONFIGURATION_DELAY + 1', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.am.updateSlasher(w.ctx('avs'), set, 'guardian');
    const slashAs = (sender: string) => () => w.am.slashOperator(w.ctx(sender), 'avs', slashParams(operator, [STRATEGY_A], [1n]));
    expect(revertOf(w, slashAs('guardian'))).toBe('InvalidCaller');
    w.advance(UNIT_DELAYS.ALLOCATION_CONFIGURATION_DELAY + 1);
    expect(revertOf(w, slashAs('avs'))).toBe('InvalidCaller');
    expect(slashAs('guardian')().slashId).toBe(1n);
  });
});

describe('DelegationManager reverts', () => {
  it('ActivelyDelegated, OperatorNotRegistered, NotActivelyDelegated, OperatorsCannotUndelegate, CallerCannotUndelegate', () => {
    const w = createWorld();
    w.registerOperator('operator');
    expect(revertOf(w, () => w.registerOperator('operator'))).toBe('ActivelyDelegated');
    expect(revertOf(w, () => w.dm.delegateTo(w.ctx('staker'), 'nobody'))).toBe('OperatorNotRegistered');
    expect(revertOf(w, () => w.dm.undelegate(w.ctx('staker'), 'staker'))).toBe('NotActivelyDelegated');
    w.dm.delegateTo(w.ctx('staker'), 'operator');
    expect(revertOf(w, () => w.dm.delegateTo(w.ctx('staker'), 'operator'))).toBe('ActivelyDelegated');
    expect(revertOf(w, () => w.dm.undelegate(w.ctx('operator'), 'operator'))).toBe('OperatorsCannotUndelegate');
    expect(revertOf(w, () => w.dm.undelegate(w.ctx('mallory'), 'staker'))).toBe('CallerCannotUndelegate');
    // The operator may force a staker out.
    expect(w.dm.undelegate(w.ctx('operator'), 'staker')).toEqual([]);
  });

  it('FullySlashed: no delegation to an operator whose magnitude is 0 in a deposited strategy', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, WAD);
    w.deposit('staker', 10n * WAD);
    expect(revertOf(w, () => w.dm.delegateTo(w.ctx('staker'), operator))).toBe('FullySlashed');
    w.dm.delegateTo(w.ctx('other'), operator); // nothing deposited: nothing to scale
    w.fund('other', WAD);
    expect(revertOf(w, () => w.depositFunded('other', WAD))).toBe('FullySlashed');
  });

  it('queueWithdrawals: InputArrayLengthMismatch, InputArrayLengthZero, SharesAmountTooHigh, SharesAmountZero', () => {
    const w = createWorld();
    w.deposit('staker', 10n * WAD);
    const queue = (strategies: string[], depositShares: bigint[]) => () => w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies, depositShares }]);
    expect(revertOf(w, queue([STRATEGY_A], []))).toBe('InputArrayLengthMismatch');
    expect(revertOf(w, queue([], []))).toBe('InputArrayLengthZero');
    expect(revertOf(w, queue([STRATEGY_A], [10n * WAD + 1n]))).toBe('SharesAmountTooHigh');
    expect(revertOf(w, queue([STRATEGY_A], [0n]))).toBe('SharesAmountZero');
    // The second withdrawal of a batch fails, so the first is not queued either.
    expect(
      revertOf(w, () =>
        w.dm.queueWithdrawals(w.ctx('staker'), [
          { strategies: [STRATEGY_A], depositShares: [6n * WAD] },
          { strategies: [STRATEGY_A], depositShares: [6n * WAD] },
        ]),
      ),
    ).toBe('SharesAmountTooHigh');
  });

  it('completeQueuedWithdrawal: WithdrawalDelayNotElapsed, WithdrawerNotCaller, WithdrawalNotQueued, InputArrayLengthMismatch', () => {
    const w = createWorld();
    w.deposit('staker', 10n * WAD);
    const [root] = w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [STRATEGY_A], depositShares: [4n * WAD] }]);
    const { withdrawal } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    const complete = (sender: string, wd = withdrawal, tokens = [w.tokenA]) => () => w.dm.completeQueuedWithdrawal(w.ctx(sender), wd, tokens, true);
    w.advance(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS);
    expect(revertOf(w, complete('staker'))).toBe('WithdrawalDelayNotElapsed');
    w.advance(1);
    expect(revertOf(w, complete('mallory'))).toBe('WithdrawerNotCaller');
    expect(revertOf(w, complete('staker', withdrawal, []))).toBe('InputArrayLengthMismatch');
    expect(revertOf(w, complete('staker', { ...withdrawal, scaledShares: [5n * WAD] }))).toBe('WithdrawalNotQueued');
    expect(revertOf(w, complete('staker', withdrawal, [w.tokenB]))).toBe('OnlyUnderlyingToken');
    complete('staker')();
    expect(w.tokenA.balanceOf('staker')).toBe(4n * WAD);
    expect(revertOf(w, complete('staker'))).toBe('WithdrawalNotQueued');
  });

  it('completeQueuedWithdrawals: a later FullySlashed undoes tokens already paid by an earlier withdrawal', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.slash(set, operator, WAD);
    w.deposit('staker', 10n * WAD);
    const roots = w.dm.queueWithdrawals(w.ctx('staker'), [
      { strategies: [STRATEGY_A], depositShares: [6n * WAD] },
      { strategies: [STRATEGY_A], depositShares: [4n * WAD] },
    ]);
    w.dm.delegateTo(w.ctx('staker'), operator); // nothing deposited any more, so this is allowed
    w.advance(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS + 1);
    const withdrawals = roots.map((r) => w.dm.getQueuedWithdrawal(r, w.block)!.withdrawal);
    const batch = () => w.dm.completeQueuedWithdrawals(w.ctx('staker'), withdrawals, [[w.tokenA], [w.tokenA]], [true, false]);
    expect(revertOf(w, batch)).toBe('FullySlashed');
    expect(w.tokenA.balanceOf('staker')).toBe(0n);
    expect(revertOf(w, () => w.dm.completeQueuedWithdrawals(w.ctx('staker'), withdrawals, [[w.tokenA]], [true, true]))).toBe('Panic(0x32)');
  });

  it('Panic(0x11): slashing before block MIN_WITHDRAWAL_DELAY_BLOCKS + 1 underflows the queue lookup', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    // Roll is forward-only, so use a fresh world whose clock starts low.
    expect(w.block).toBeGreaterThan(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS);
    const early = createWorld({ MIN_WITHDRAWAL_DELAY_BLOCKS: 2_000_000 });
    const e = withAllocatedOperator(early, WAD);
    expect(revertOf(early, () => early.slash(e.set, e.operator, WAD))).toBe('Panic(0x11)');
    // At MIN + 1 the lookup key is 0 and the slash goes through.
    const onTime = createWorld({ MIN_WITHDRAWAL_DELAY_BLOCKS: START_AFTER_ALLOCATION - 1 });
    const o = withAllocatedOperator(onTime, WAD);
    expect(onTime.block).toBe(START_AFTER_ALLOCATION);
    expect(onTime.slash(o.set, o.operator, WAD).slashId).toBe(1n);
    expect(w.slash(set, operator, WAD).slashId).toBe(1n);
  });
});

describe('StrategyManager and StrategyBase reverts', () => {
  it('StrategyNotWhitelisted, NewSharesZero, TotalSharesExceedsMax, a token revert', () => {
    const w = createWorld();
    const strategyC = w.sm.deployStrategy('0x00000000000000000000000000000000000000c3', w.tokenA);
    expect(revertOf(w, () => w.sm.depositIntoStrategy(w.ctx('staker'), strategyC.address, w.tokenA, 1n))).toBe('StrategyNotWhitelisted');
    expect(revertOf(w, () => w.depositFunded('staker', 0n))).toBe('NewSharesZero');
    w.fund('staker', 10n ** 38n);
    // The original moves the tokens before the strategy finds the share cap exceeded; the port checks
    // first, so no token moves (revertOf compares balances and state).
    expect(revertOf(w, () => w.depositFunded('staker', 10n ** 38n))).toBe('TotalSharesExceedsMax');
    expect(w.tokenA.balanceOf(w.strategyA.address)).toBe(0n);
    // A finite allowance is not spent either.
    w.tokenA.approve(w.ctx('staker'), w.sm.address, 10n ** 38n);
    expect(revertOf(w, () => w.depositFunded('staker', 10n ** 38n))).toBe('TotalSharesExceedsMax');
    expect(w.tokenA.allowance('staker', w.sm.address)).toBe(10n ** 38n);
    expect(revertOf(w, () => w.sm.depositIntoStrategy(w.ctx('pauper'), STRATEGY_A, w.tokenA, 1n))).toBe('ERC20InsufficientAllowance');
  });

  it('MaxStrategiesExceeded at the 33rd strategy', () => {
    const w = createWorld();
    const addresses = Array.from({ length: MAX_STAKER_STRATEGY_LIST_LENGTH + 1 }, (_, i) => `0x${(0x100 + i).toString(16).padStart(40, '0')}`);
    for (const a of addresses) w.sm.deployStrategy(a, w.tokenA);
    w.sm.addStrategiesToDepositWhitelist(w.ctx('whitelister'), addresses);
    for (const a of addresses.slice(0, -1)) w.deposit('staker', WAD, a);
    w.fund('staker', WAD);
    expect(revertOf(w, () => w.depositFunded('staker', WAD, addresses.at(-1)!))).toBe('MaxStrategiesExceeded');
  });

  it('only the DelegationManager moves shares; a slash cannot name a strategy twice (StrategyAlreadyInSlash)', () => {
    const w = createWorld();
    const set = { avs: 'avs', id: 1 };
    expect(revertOf(w, () => w.sm.addShares(w.ctx('mallory'), 'staker', STRATEGY_A, 1n))).toBe('OnlyDelegationManager');
    const asDm = w.ctx(w.dm.address);
    w.sm.increaseBurnOrRedistributableShares(asDm, set, 1n, STRATEGY_A, 5n);
    expect(revertOf(w, () => w.sm.increaseBurnOrRedistributableShares(asDm, set, 1n, STRATEGY_A, 5n))).toBe('StrategyAlreadyInSlash');
    expect(revertOf(w, () => w.strategyA.withdraw(w.ctx(w.sm.address), 'x', w.tokenA, 1n))).toBe('WithdrawalAmountExceedsTotalDeposits');
    expect(revertOf(w, () => w.sm.addStrategiesToDepositWhitelist(w.ctx('mallory'), []))).toBe('OnlyStrategyWhitelister');
  });
});
