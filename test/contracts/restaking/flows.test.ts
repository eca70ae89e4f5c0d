// Whole flows through the deployment: beacon-chain ETH (contracts spec §1.7), burning and
// redistributing slashed shares, undelegation and completion as shares.
import { describe, expect, it } from 'vitest';
import { divWad, mulWad, WAD } from '../../../sim/contracts/math.js';
import { BEACONCHAIN_ETH_STRAT, DEFAULT_BURN_ADDRESS } from '../../../sim/contracts/restaking/index.js';
import { ALLOCATION_DELAY, createWorld, errorOf, STRATEGY_A, STRATEGY_B, UNIT_DELAYS, withAllocatedOperator } from './fixture.js';

const ETH = WAD;

describe('EigenPodManager', () => {
  function withPod() {
    const w = createWorld();
    const pod = w.epm.createPod(w.ctx('staker'));
    const checkpoint = (prev: bigint, delta: bigint) => w.epm.recordBeaconChainETHBalanceUpdate(w.ctx(pod), 'staker', prev, delta);
    return { w, pod, checkpoint };
  }

  it('credits a balance increase as shares and rejects callers that are not the pod', () => {
    const { w, checkpoint } = withPod();
    checkpoint(0n, 32n * ETH);
    expect(w.epm.podOwnerDepositShares('staker')).toBe(32n * ETH);
    expect(w.dm.getDepositedShares('staker')).toEqual({ strategies: [BEACONCHAIN_ETH_STRAT], shares: [32n * ETH] });
    expect(errorOf(() => w.epm.recordBeaconChainETHBalanceUpdate(w.ctx('staker'), 'staker', 0n, ETH))).toBe('OnlyEigenPod');
    expect(errorOf(() => checkpoint(32n * ETH, 1n))).toBe('SharesNotMultipleOfGwei');
    expect(errorOf(() => w.epm.createPod(w.ctx('staker')))).toBe('EigenPodAlreadyExists');
  });

  it('§1.7: a beacon-chain loss lowers the BCSF and the operator shares by the same fraction', () => {
    const { w, checkpoint } = withPod();
    w.registerOperator('operator');
    checkpoint(0n, 32n * ETH);
    w.dm.delegateTo(w.ctx('staker'), 'operator');
    expect(w.dm.operatorShares('operator', BEACONCHAIN_ETH_STRAT)).toBe(32n * ETH);
    checkpoint(32n * ETH, -16n * ETH);
    // newBCSF = floor(WAD · 16/32); operator loses mulWad(mulWad(32e18, DSF=WAD), mulWad(WAD, 0.5e18)) = 16e18.
    expect(w.epm.beaconChainSlashingFactor('staker')).toBe(WAD / 2n);
    expect(w.dm.operatorShares('operator', BEACONCHAIN_ETH_STRAT)).toBe(16n * ETH);
    expect(w.dm.getWithdrawableShares('staker', [BEACONCHAIN_ETH_STRAT]).withdrawableShares).toEqual([16n * ETH]);
  });

  it('§1.10: beacon-chain and AVS slashing stack multiplicatively', () => {
    const { w, checkpoint } = withPod();
    w.registerOperator('operator');
    const set = w.createSet('avs', 1, [BEACONCHAIN_ETH_STRAT]);
    w.registerFor('operator', set);
    w.allocate('operator', set, WAD, BEACONCHAIN_ETH_STRAT);
    w.advance(ALLOCATION_DELAY);
    checkpoint(0n, 32n * ETH);
    w.dm.delegateTo(w.ctx('staker'), 'operator');
    w.slash(set, 'operator', WAD / 2n, BEACONCHAIN_ETH_STRAT);
    expect(w.epm.burnableETHShares).toBe(16n * ETH);
    checkpoint(32n * ETH, -16n * ETH);
    // 32 ETH · m (0.5) · l (0.5) = 8 ETH, for the staker and the operator alike.
    expect(w.dm.getWithdrawableShares('staker', [BEACONCHAIN_ETH_STRAT]).withdrawableShares).toEqual([8n * ETH]);
    expect(w.dm.operatorShares('operator', BEACONCHAIN_ETH_STRAT)).toBe(8n * ETH);
  });

  it('a withdrawal of beacon-chain shares completed as tokens is paid by the pod', () => {
    const { w, checkpoint } = withPod();
    checkpoint(0n, 32n * ETH);
    checkpoint(32n * ETH, -8n * ETH); // BCSF 0.75
    const [root] = w.dm.queueWithdrawals(w.ctx('staker'), [{ strategies: [BEACONCHAIN_ETH_STRAT], depositShares: [32n * ETH] }]);
    w.advance(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS + 1);
    const { withdrawal, shares } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    expect(shares).toEqual([24n * ETH]);
    w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [null], true);
    expect(w.epm.withdrawnWei('staker')).toBe(24n * ETH);
    expect(w.epm.podOwnerDepositShares('staker')).toBe(0n);
  });
});

describe('slashed shares leave the strategy with their tokens', () => {
  it('a non-redistributing set burns to DEFAULT_BURN_ADDRESS; the exchange rate is unchanged', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 100n * WAD);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const { slashId, shares } = w.slash(set, operator, WAD / 4n);
    expect(shares).toEqual([25n * WAD]);
    expect(w.sm.getBurnOrRedistributableShares(set, slashId)).toEqual([{ strategy: STRATEGY_A, shares: 25n * WAD }]);
    expect(w.sm.clearBurnOrRedistributableShares(w.ctx('anyone'), set, slashId)).toEqual([25n * WAD]);
    expect(w.tokenA.balanceOf(DEFAULT_BURN_ADDRESS)).toBe(25n * WAD);
    expect(w.sm.pendingSlashes()).toEqual([]);
    expect(w.strategyA.sharesToUnderlyingView(WAD)).toBe(WAD);
  });

  it('a redistributing set sends the tokens to its recipient', () => {
    const w = createWorld();
    w.registerOperator('operator');
    w.am.updateAVSMetadataURI(w.ctx('avs'), 'avs', '');
    w.am.createRedistributingOperatorSets(w.ctx('avs'), 'avs', [{ operatorSetId: 3, strategies: [STRATEGY_A, STRATEGY_B] }], ['treasury']);
    const set = { avs: 'avs', id: 3 };
    w.registerFor('operator', set);
    w.am.modifyAllocations(w.ctx('operator'), 'operator', [{ operatorSet: set, strategies: [STRATEGY_A, STRATEGY_B], newMagnitudes: [WAD, WAD / 2n] }]);
    w.advance(ALLOCATION_DELAY);
    w.deposit('staker', 40n * WAD, STRATEGY_A);
    w.deposit('staker', 40n * WAD, STRATEGY_B);
    w.dm.delegateTo(w.ctx('staker'), 'operator');
    const result = w.am.slashOperator(w.ctx('avs'), 'avs', {
      operator: 'operator',
      operatorSetId: 3,
      strategies: [STRATEGY_A, STRATEGY_B],
      wadsToSlash: [WAD / 2n, WAD / 2n],
      description: 'double signing',
    });
    // Strategy B had half its magnitude allocated: half of that is a quarter of the stake.
    expect(result.shares).toEqual([20n * WAD, 10n * WAD]);
    expect(result.wadSlashed).toEqual([WAD / 2n, WAD / 4n]);
    w.sm.clearBurnOrRedistributableSharesByStrategy(w.ctx('anyone'), set, result.slashId, STRATEGY_B);
    expect(w.tokenB.balanceOf('treasury')).toBe(10n * WAD);
    expect(w.sm.getBurnOrRedistributableShares(set, result.slashId)).toEqual([{ strategy: STRATEGY_A, shares: 20n * WAD }]);
    w.sm.clearBurnOrRedistributableShares(w.ctx('anyone'), set, result.slashId);
    expect(w.tokenA.balanceOf('treasury')).toBe(20n * WAD);
  });
});

describe('undelegation and completion as shares', () => {
  it('queues one withdrawal per strategy and redeposits them on completion', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD);
    w.deposit('staker', 10n * WAD, STRATEGY_A);
    w.deposit('staker', 6n * WAD, STRATEGY_B);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const roots = w.dm.undelegate(w.ctx('staker'), 'staker');
    expect(roots).toHaveLength(2);
    expect(w.dm.isDelegated('staker')).toBe(false);
    expect(w.dm.getOperatorShares(operator, [STRATEGY_A, STRATEGY_B])).toEqual([0n, 0n]);
    // Still slashable while queued: half of strategy A's allocation goes.
    w.slash(set, operator, WAD / 2n);
    w.advance(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS + 1);
    for (const root of roots) {
      const { withdrawal } = w.dm.getQueuedWithdrawal(root, w.block)!;
      w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [null], false);
    }
    expect(w.dm.getWithdrawableShares('staker', [STRATEGY_A, STRATEGY_B]).withdrawableShares).toEqual([5n * WAD, 6n * WAD]);
    expect(w.dm.depositScalingFactor('staker', STRATEGY_A)).toBe(WAD);
    expect(w.dm.queuedWithdrawals()).toEqual([]);
  });

  it('redelegate moves a staker to a new operator through the queue', () => {
    const w = createWorld();
    w.registerOperator('op1');
    w.registerOperator('op2');
    w.deposit('staker', 3n * WAD);
    w.dm.delegateTo(w.ctx('staker'), 'op1');
    const [root] = w.dm.redelegate(w.ctx('staker'), 'op2');
    expect(w.dm.delegatedTo('staker')).toBe('op2');
    expect(w.dm.operatorShares('op2', STRATEGY_A)).toBe(0n);
    w.advance(UNIT_DELAYS.MIN_WITHDRAWAL_DELAY_BLOCKS + 1);
    const { withdrawal } = w.dm.getQueuedWithdrawal(root!, w.block)!;
    w.dm.completeQueuedWithdrawal(w.ctx('staker'), withdrawal, [null], false);
    expect(w.dm.operatorShares('op2', STRATEGY_A)).toBe(3n * WAD);
    expect(w.dm.operators()).toEqual(['op1', 'op2']);
  });

  it('getAllocatedStake is a double floor of operator shares times the allocated fraction', () => {
    const w = createWorld();
    const { operator, set } = withAllocatedOperator(w, WAD / 3n);
    w.deposit('staker', 10n * WAD + 7n);
    w.dm.delegateTo(w.ctx('staker'), operator);
    const expected = mulWad(10n * WAD + 7n, divWad(WAD / 3n, WAD));
    expect(w.am.getAllocatedStake(set, [operator], [STRATEGY_A], w.block)).toEqual([[expected]]);
    expect(w.am.getAllocatableMagnitude(operator, STRATEGY_A, w.block)).toBe(WAD - WAD / 3n);
    // A pending deallocation lowers the minimum slashable stake only once it lands by the future block.
    w.allocate(operator, set, 0n);
    const effect = w.block + UNIT_DELAYS.DEALLOCATION_DELAY + 1;
    expect(w.am.getMinimumSlashableStake(set, [operator], [STRATEGY_A], effect - 1, w.block)).toEqual([[expected]]);
    expect(w.am.getMinimumSlashableStake(set, [operator], [STRATEGY_A], effect, w.block)).toEqual([[0n]]);
  });
});
