// A small world for the restaking tests: one deployment, ERC-20 stake tokens in strategies, a block
// clock, and helpers that drive the contracts the way agents would.
import { errorNameOf } from '../../../sim/contracts/errors.js';
import { ERC20 } from '../../../sim/contracts/token/ERC20.js';
import { UINT256_MAX } from '../../../sim/contracts/math.js';
import type { Address, TxContext } from '../../../sim/contracts/types.js';
import { deployRestaking, type OperatorSet, type RestakingParams } from '../../../sim/contracts/restaking/index.js';

// Unit-test delays of AllocationManagerUnit.t.sol / DelegationUnit.t.sol (contracts spec §1.1).
export const UNIT_DELAYS = {
  DEALLOCATION_DELAY: 100_800,
  ALLOCATION_CONFIGURATION_DELAY: 126_000,
  MIN_WITHDRAWAL_DELAY_BLOCKS: 100_800,
} as const;
export const ALLOCATION_DELAY = 7_200;
// Above MIN_WITHDRAWAL_DELAY_BLOCKS, so the queue lookup of slashOperatorShares does not underflow.
export const START_BLOCK = 1_000_000;

export const STRATEGY_A: Address = '0x00000000000000000000000000000000000000a1';
export const STRATEGY_B: Address = '0x00000000000000000000000000000000000000b2';
export const MINTER: Address = 'minter';
export const WHITELISTER: Address = 'whitelister';

export function createWorld(params: Partial<RestakingParams> = {}) {
  const d = deployRestaking({ ...UNIT_DELAYS, strategyWhitelister: WHITELISTER, ...params });
  let block = START_BLOCK;
  const ctx = (sender: Address): TxContext => ({ sender, block, timestamp: block * 12 });
  const tokenA = new ERC20('Stake A', 'STKA', 18, MINTER);
  const tokenB = new ERC20('Stake B', 'STKB', 18, MINTER);
  const strategyA = d.strategyManager.deployStrategy(STRATEGY_A, tokenA);
  const strategyB = d.strategyManager.deployStrategy(STRATEGY_B, tokenB);
  d.strategyManager.addStrategiesToDepositWhitelist(ctx(WHITELISTER), [STRATEGY_A, STRATEGY_B]);
  const tokenOf = (strategy: Address): ERC20 => d.strategyManager.strategy(strategy).underlyingToken;

  return {
    d,
    sm: d.strategyManager,
    dm: d.delegationManager,
    am: d.allocationManager,
    epm: d.eigenPodManager,
    tokenA,
    tokenB,
    strategyA,
    strategyB,
    tokenOf,
    ctx,
    get block() {
      return block;
    },
    roll(to: number) {
      if (to < block) throw new Error(`cannot roll back from ${block} to ${to}`);
      block = to;
    },
    advance(n: number) {
      block += n;
    },
    /** Mints `amount` to `staker` and approves the StrategyManager for it. */
    fund(staker: Address, amount: bigint, strategy: Address = STRATEGY_A) {
      const token = tokenOf(strategy);
      token.mint(ctx(MINTER), staker, amount);
      token.approve(ctx(staker), d.strategyManager.address, UINT256_MAX);
    },
    /** Deposits tokens `staker` already holds. Returns the new shares. */
    depositFunded(staker: Address, amount: bigint, strategy: Address = STRATEGY_A): bigint {
      return d.strategyManager.depositIntoStrategy(ctx(staker), strategy, tokenOf(strategy), amount);
    },
    /** Mints, approves and deposits. Returns the new shares. */
    deposit(staker: Address, amount: bigint, strategy: Address = STRATEGY_A): bigint {
      this.fund(staker, amount, strategy);
      return this.depositFunded(staker, amount, strategy);
    },
    registerOperator(operator: Address, delay = ALLOCATION_DELAY) {
      d.delegationManager.registerAsOperator(ctx(operator), delay);
    },
    createSet(avs: Address, id: number, strategies: readonly Address[], slasher?: Address): OperatorSet {
      d.allocationManager.updateAVSMetadataURI(ctx(avs), avs, 'ipfs://avs');
      d.allocationManager.createOperatorSets(ctx(avs), avs, [{ operatorSetId: id, strategies, ...(slasher ? { slasher } : {}) }]);
      return { avs, id };
    },
    registerFor(operator: Address, set: OperatorSet) {
      d.allocationManager.registerForOperatorSets(ctx(operator), operator, { avs: set.avs, operatorSetIds: [set.id] });
    },
    allocate(operator: Address, set: OperatorSet, magnitude: bigint, strategy: Address = STRATEGY_A) {
      d.allocationManager.modifyAllocations(ctx(operator), operator, [
        { operatorSet: set, strategies: [strategy], newMagnitudes: [magnitude] },
      ]);
    },
    slash(set: OperatorSet, operator: Address, wad: bigint, strategy: Address = STRATEGY_A) {
      return d.allocationManager.slashOperator(ctx(set.avs), set.avs, {
        operator,
        operatorSetId: set.id,
        strategies: [strategy],
        wadsToSlash: [wad],
        description: 'test',
      });
    },
  };
}

export type World = ReturnType<typeof createWorld>;

/** An operator registered, allocated `magnitude` to a fresh operator set and past its allocation delay. */
export function withAllocatedOperator(w: World, magnitude: bigint, operator: Address = 'operator', avs: Address = 'avs') {
  w.registerOperator(operator);
  const set = w.createSet(avs, 1, [STRATEGY_A, STRATEGY_B]);
  w.registerFor(operator, set);
  w.allocate(operator, set, magnitude);
  w.advance(ALLOCATION_DELAY);
  return { operator, avs, set };
}

/** Runs `fn`, expects it to throw, and returns the error's name as the original would report it. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    // errorNameOf rethrows anything that is not a contract error, so a bug surfaces as itself.
    return errorNameOf(e);
  }
  throw new Error('expected a revert, but the call succeeded');
}
