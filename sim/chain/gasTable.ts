// Gas charged per contract method. The chain does not meter execution: each method costs a fixed
// amount, set to the magnitude the original costs on its mainnet, so that congestion (how many
// calls fit in a block, and what they pay) has realistic proportions.
//
// This table holds the ported contracts' methods only. The lab's own market methods (the capacity
// desk, the posted price, the contagion ledger, rewards) are priced beside their markets
// (INTENT_AUCTION_GAS, POSTED_PRICE_GAS, SECURITY_GAS); the world lays the running markets' tables
// over this one, and a scenario's chain.gas entries over both.
//
// Where the numbers come from:
// - ERC-20 transfer: 21,000 intrinsic gas plus two warm/cold balance slots; mainnet USDC/USDT
//   transfers use 40k-65k. We take 50,000.
// - EigenLayer (Layr-Labs/eigenlayer-contracts, slashing release): slashOperator walks every
//   strategy of the operator set, updates magnitudes, snapshots, the DelegationManager's shares and
//   the burn queue: 200k-400k on mainnet for one to a few strategies; we take 300,000.
//   queueWithdrawals and completeQueuedWithdrawal with one strategy both run about 150,000;
//   modifyAllocations about 150,000 per operator set; registerForOperatorSets calls out to the
//   AVS registrar and costs about 200,000; the smaller administrative calls are lower.
// - Akash (akash-network/node v0.38) runs on Cosmos SDK gas, which counts differently (10 gas per
//   tx byte, 1,000 per signature check, 1,000 + 3/byte per store read, 2,000 + 30/byte per store
//   write). We scale it to this chain's block budget by the one operation both chains have, a plain
//   token transfer: a Cosmos bank send costs about 80,000 Cosmos gas against an ERC-20 transfer's
//   50,000 here, so Cosmos gas is multiplied by 5/8. Typical Akash figures before scaling: create
//   deployment ~200k, create bid ~160k, create lease ~240k, close bid/lease ~130k, deposit ~120k,
//   withdraw lease ~150k, create provider (a record with its attributes) ~180k.
// - UniswapX: a reactor `execute` with one input and one output costs 150k-200k; we take 180,000.
//
// These are magnitudes for a model of congestion, not a gas schedule: a scenario that studies
// gas costs should set its own.

/** Gas per method key 'Contract.method'. */
export type GasTable = Readonly<Record<string, number>>;

/** Cosmos gas to this chain's gas, by the transfer ratio above (80,000 → 50,000). */
function cosmosGas(gas: number): number {
  return Math.round((gas * 5) / 8);
}

export const DEFAULT_GAS_TABLE: GasTable = {
  'ERC20.transfer': 50_000,
  'ERC20.approve': 46_000,
  'ERC20.transferFrom': 60_000,

  'AllocationManager.slashOperator': 300_000,
  'AllocationManager.modifyAllocations': 150_000,
  'AllocationManager.clearDeallocationQueue': 60_000,
  'AllocationManager.registerForOperatorSets': 200_000,
  'AllocationManager.deregisterFromOperatorSets': 120_000,
  'AllocationManager.setAllocationDelay': 60_000,
  'DelegationManager.registerAsOperator': 150_000,
  'DelegationManager.delegateTo': 150_000,
  'DelegationManager.undelegate': 200_000,
  'DelegationManager.queueWithdrawals': 150_000,
  'DelegationManager.completeQueuedWithdrawal': 150_000,
  'StrategyManager.depositIntoStrategy': 120_000,
  // updateAVSMetadataURI writes one flag and emits a URI (about an ERC-20 approve); createOperatorSets
  // with one strategy and a slasher writes ~5 slots; clearing a slash's shares is one token transfer
  // plus deleting the slash entries.
  'AllocationManager.updateAVSMetadataURI': 40_000,
  'AllocationManager.createOperatorSets': 180_000,
  'StrategyManager.clearBurnOrRedistributableShares': 90_000,

  'Provider.createProvider': cosmosGas(180_000),
  'Deployment.createDeployment': cosmosGas(200_000),
  'Deployment.closeDeployment': cosmosGas(130_000),
  'Market.createBid': cosmosGas(160_000),
  'Market.closeBid': cosmosGas(130_000),
  'Market.createLease': cosmosGas(240_000),
  'Market.closeLease': cosmosGas(130_000),
  'Escrow.accountDeposit': cosmosGas(120_000),
  'Escrow.paymentWithdraw': cosmosGas(150_000),

  'Reactor.execute': 180_000,
};

/** The defaults with the given entries (markets' tables, a scenario's) laid over them; rejects a cost that is not a positive integer. */
export function gasTableWith(overrides: Readonly<Record<string, number>> = {}): GasTable {
  for (const [method, gas] of Object.entries(overrides)) {
    if (!Number.isSafeInteger(gas) || gas <= 0) {
      throw new RangeError(`gas table: '${method}' must cost a positive whole number of gas, got ${gas}`);
    }
  }
  // Frozen: the chain keeps a Map copy of it for its submissions, which must not drift from it.
  return Object.freeze({ ...DEFAULT_GAS_TABLE, ...overrides });
}

export function gasOf(table: GasTable, method: string): number {
  const gas = Object.hasOwn(table, method) ? table[method] : undefined;
  if (gas === undefined) {
    throw new RangeError(`no gas cost for method '${method}': add it to the scenario's gas table`);
  }
  return gas;
}
