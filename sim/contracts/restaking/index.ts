// One deployment of EigenLayer's core restaking contracts (contracts spec §1), wired together.
import { ZERO_ADDRESS, type Address } from '../types.js';
import { AllocationManager } from './AllocationManager.js';
import { MAINNET_DELAYS } from './common.js';
import { CoreRef, type RestakingCore } from './core.js';
import { DelegationManager } from './DelegationManager.js';
import { EigenPodManager } from './EigenPodManager.js';
import { Journal, type StateDump } from './Journal.js';
import { StrategyManager } from './StrategyManager.js';

export * from './AllocationManager.js';
export * from './common.js';
export * from './DelegationManager.js';
export * from './EigenPodManager.js';
export * from './StrategyBase.js';
export * from './StrategyManager.js';
export * as SlashingLib from './SlashingLib.js';
export { Snapshots } from './Snapshots.js';

export interface RestakingParams {
  /** Blocks a deallocation (and a deregistration) stays slashable. Mainnet 100800. */
  readonly DEALLOCATION_DELAY: number;
  /** Blocks before a changed allocation delay or slasher takes effect. Mainnet 126000. */
  readonly ALLOCATION_CONFIGURATION_DELAY: number;
  /** Blocks a queued withdrawal stays slashable. Mainnet 100800. */
  readonly MIN_WITHDRAWAL_DELAY_BLOCKS: number;
  /** May whitelist strategies for deposit. */
  readonly strategyWhitelister: Address;
  /** The EIGEN strategy, excluded from redistributing operator sets. */
  readonly eigenStrategy: Address;
}

export const DEFAULT_RESTAKING_PARAMS: RestakingParams = {
  ...MAINNET_DELAYS,
  strategyWhitelister: 'eigenlayer.strategyWhitelister',
  eigenStrategy: ZERO_ADDRESS,
};

export interface RestakingDeployment extends RestakingCore {
  readonly params: RestakingParams;
  /** A deep copy of every contract's state (not token balances), for revert checks and debugging. */
  dumpState(): StateDump;
}

/** Deploys and wires the StrategyManager, DelegationManager, AllocationManager and EigenPodManager. */
export function deployRestaking(overrides: Partial<RestakingParams> = {}): RestakingDeployment {
  const params: RestakingParams = { ...DEFAULT_RESTAKING_PARAMS, ...overrides };
  for (const name of ['DEALLOCATION_DELAY', 'ALLOCATION_CONFIGURATION_DELAY', 'MIN_WITHDRAWAL_DELAY_BLOCKS'] as const) {
    const v = params[name];
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${name} must be a uint32, got ${v}`);
  }
  const journal = new Journal();
  const ref = new CoreRef();
  const core: RestakingCore = {
    journal,
    strategyManager: new StrategyManager(journal, ref, 'eigenlayer.StrategyManager', params.strategyWhitelister),
    delegationManager: new DelegationManager(journal, ref, 'eigenlayer.DelegationManager', params.MIN_WITHDRAWAL_DELAY_BLOCKS),
    allocationManager: new AllocationManager(
      journal,
      ref,
      'eigenlayer.AllocationManager',
      params.DEALLOCATION_DELAY,
      params.ALLOCATION_CONFIGURATION_DELAY,
      params.eigenStrategy,
    ),
    eigenPodManager: new EigenPodManager(journal, ref, 'eigenlayer.EigenPodManager'),
  };
  ref.bind(core);
  return { ...core, params, dumpState: () => journal.dump() };
}
