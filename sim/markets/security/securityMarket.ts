// The security market: restaking on the ported EigenLayer contracts. Stakers deposit one restaked
// token (STAKE, 18 decimals, stake.ts) into one strategy and delegate to operators; operators
// register for services' operator sets and allocate; services pay rewards and slash. Every state
// change is a transaction through the chain. What a slash, a shock or an attack takes is the
// contagion model's (contagionModel.ts, one file per model); this file holds no model branches.
//
// Slashed shares are cleared to the burn address by a transaction right after each slash.
//
// Rewards: the RewardsCoordinator is not ported. Each service's daily payment is one transaction
// (gas 'Rewards.distribute', like a rewards-root submission) that transfers STAKE pro rata to the
// stake allocated to it: the operator keeps commissionBps, its delegators share the rest pro rata to
// their withdrawable shares. Rewards are paid to wallets, not restaked.
//
// Events reach only those who asked for them: a staker watches the operator it delegates to (its
// slashes and its stakers' withdrawals). The monitoring feed (reportHealth, reportEquivocation) is
// off-chain: operators' hardware status and evidence of misbehaviour, which services act on.
import type { RestakingGraphInput } from '../../analysis/restakingGraph.js';
import type { Receipt } from '../../chain/transaction.js';
import { revert } from '../../contracts/errors.js';
import { WAD } from '../../contracts/math.js';
import { DEFAULT_BURN_ADDRESS, deployRestaking, type RestakingDeployment, type StrategyBase } from '../../contracts/restaking/index.js';
import { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { send, TIP_WEI, type MarketContext } from '../context.js';
import type { ContagionModel, ContagionModelName, Done, ModelHost, ServiceTerms, SlashCall, SlashReason } from './contagionModel.js';
import { createContagionModel } from './models.js';
import { RestakingMemo, RestakingState } from './restakingMemo.js';
import { rewardTransfers } from './rewards.js';
import { ratioToNumber, stakeToTokens } from '../../units.js';
import { STAKE_STRATEGY } from './stake.js';
import { ViewStamps, type ViewStamp } from './viewStamp.js';

export type Urgency = keyof typeof TIP_WEI;
export type { ContagionModelName, ServiceTerms, SlashReason } from './contagionModel.js';

export interface SecurityParams {
  readonly contagion: ContagionModelName;
  /** Protocol delays, in blocks (EigenLayer mainnet: 100,800 / 100,800 / 126,000). */
  readonly deallocationDelayBlocks: number;
  readonly withdrawalDelayBlocks: number;
  readonly allocationConfigurationDelayBlocks: number;
  /** Elastic only: Σ_s w_{v,s} / σ_v each operator's allocations are scaled to (≥ 1). */
  readonly restakingDegree: number;
}

/**
 * Gas for this market's own methods; the ported EigenLayer methods it calls are priced in the
 * chain's table (sim/chain/gasTable.ts), which every chain lays this over:
 * - Rewards.distribute: the RewardsCoordinator is not ported; its submitRoot is ~150,000 (claims are
 *   not modelled).
 * - ContagionLedger.slash: slashOperator (300,000) plus the router's own bookkeeping (ledgerSet.ts):
 *   320,000.
 */
export const SECURITY_GAS: Readonly<Record<string, number>> = {
  'Rewards.distribute': 150_000,
  'ContagionLedger.slash': 320_000,
};

const SET_ID = 0;
const BPS = 10_000n;

export interface SlashEvent {
  readonly operator: Address;
  /** The slashing service, or the ledger keeper for shocks and attacks under the pooled and elastic models. */
  readonly service: Address;
  readonly reason: SlashReason;
  /** STAKE the slash took from stakers (queued withdrawals included): see SecurityMarket.sendSlash. */
  readonly tokens: bigint;
}

/** What a queueing transaction returns: its roots, the operator left, and the STAKE queued. */
export interface QueuedResult {
  readonly roots: readonly string[];
  readonly operator: Address;
  readonly tokens: bigint;
}

/** What a staker hears about the operator it watches. */
export interface OperatorWatcher {
  /** A slash of the operator took effect. */
  slashed(e: SlashEvent): void;
  /** A staker of the operator queued a withdrawal (undelegations included; see exitingShare). */
  withdrawalQueued(): void;
}

interface QueuedWithdrawal {
  readonly staker: Address;
  readonly operator: Address;
  readonly tokens: bigint;
  /** Queued to leave (queueWithdrawals), not to move to another operator (undelegate). */
  readonly exit: boolean;
  /** For a move: the operator the staker delegated to afterwards, once it has. */
  destination?: Address;
}

const ignore = (): void => {};

export class SecurityMarket implements ModelHost {
  readonly stake: ERC20;
  readonly restaking: RestakingDeployment;
  /** The restaking contracts' state as every kept view of stakes reads it (restakingMemo.ts). */
  readonly restakingState: RestakingState;
  readonly strategy: StrategyBase;
  readonly model: ContagionModel;
  readonly ctx: MarketContext;
  readonly #params: SecurityParams;
  readonly #services = new Map<Address, ServiceTerms>();
  readonly #corrupted = new Set<Address>();
  readonly #commission = new Map<Address, bigint>();
  readonly #members = new Map<Address, Address[]>();
  readonly #servicesOf = new Map<Address, Address[]>();
  readonly #stakersOf = new Map<Address, Set<Address>>();
  readonly #watchers = new Map<Address, Set<OperatorWatcher>>();
  readonly #queued = new Map<string, QueuedWithdrawal>();
  readonly #queuedByOperator = new Map<Address, bigint>();
  readonly #exitingByOperator = new Map<Address, bigint>();
  /** Undelegated stake on its way to the operator its staker delegated to next (redelegations). */
  readonly #incomingByOperator = new Map<Address, bigint>();
  readonly #movingRoots = new Map<Address, string[]>();
  readonly #slashListeners: ((e: SlashEvent) => void)[] = [];
  readonly #healthListeners: ((operator: Address, up: boolean) => void)[] = [];
  readonly #evidenceListeners: ((operator: Address, service: Address) => void)[] = [];
  /** Stakers' withdrawable shares, their stakes and operators' stakes, kept while restaking state stands (restakingMemo.ts). */
  readonly #withdrawableShares: RestakingMemo<Address, bigint>;
  readonly #stakerStakes: RestakingMemo<Address, bigint>;
  readonly #operatorStakes: RestakingMemo<Address, bigint>;
  /**
   * The undercollateralized operators' count, kept while restaking state stands and the stakers of
   * every operator are as they were: its inputs are each operator's shares (journaled), each
   * staker's withdrawable shares (journaled, and the strategy's balance) and #stakersOf, which
   * receipts change and `#stakersOfChanges` counts (the memo's key).
   */
  readonly #undercollateralized: RestakingMemo<number, number>;
  #stakersOfChanges = 0;
  /**
   * Changes to the market's own bookkeeping that the stamped views read (commissions, registrations,
   * services' terms, corruption, stake incoming to operators): one input of the view stamp
   * (viewStamp.ts). Stakers' delegations and queued stake are not among them: the views read stakes
   * from the contracts.
   */
  #changes = 0;
  /** Stamps of views that read stakes (the journal's version and the share value) … */
  readonly #stamps: ViewStamps;
  /** … and of views that read allocations and magnitudes alone (the AllocationManager's writes). */
  readonly #allocationStamps: ViewStamps;
  /**
   * Planned fractions by operator then service and planned stake by service, as yield rankings read
   * them (every staker's ranking reads every operator's). Each is kept for the rest of the block from
   * its first read in it, and carried into the next block while its stamp, taken at a block's first
   * read, holds (so from block to block they are exactly what a fresh read would give). Fractions
   * read allocations only, so deposits and delegations (every block of the stakers' join) keep them.
   */
  #planned: PlannedViews = { block: -1, stamp: null, fractionStamp: null, fractions: new Map(), serviceStakes: new Map(), yieldInputs: new Map() };
  /** The stake securing each service (the series read it every sample), kept while the view stamp holds: never stale. */
  #secured: { stamp: ViewStamp | null; byService: Map<Address, bigint> } = { stamp: null, byService: new Map() };

  // Counters the world reads for metrics.
  minted = 0n;
  /** STAKE deposited into the strategy, ever. */
  deposited = 0n;
  /** STAKE slashes took from stakers, ever (what each took: see sendSlash), also by service and by reason. */
  slashedTokens = 0n;
  readonly slashedByService = new Map<Address, bigint>();
  readonly slashedByReason = new Map<SlashReason, bigint>();
  burnedTokens = 0n;
  slashes = 0;
  rewardsPaid = 0n;

  constructor(ctx: MarketContext, params: SecurityParams) {
    this.ctx = ctx;
    this.#params = params;
    this.stake = new ERC20('Restaked token', 'STAKE', 18, ctx.treasury);
    this.restaking = deployRestaking({
      DEALLOCATION_DELAY: params.deallocationDelayBlocks,
      MIN_WITHDRAWAL_DELAY_BLOCKS: params.withdrawalDelayBlocks,
      ALLOCATION_CONFIGURATION_DELAY: params.allocationConfigurationDelayBlocks,
    });
    // Deployment, not transactions: the strategy (and whatever the model deploys) exists at genesis.
    const { strategyManager } = this.restaking;
    this.strategy = strategyManager.deployStrategy(STAKE_STRATEGY, this.stake);
    const state = new RestakingState(this.restaking.journal, this.stake, STAKE_STRATEGY);
    this.restakingState = state;
    this.#withdrawableShares = new RestakingMemo(state);
    this.#stakerStakes = new RestakingMemo(state);
    this.#operatorStakes = new RestakingMemo(state);
    this.#undercollateralized = new RestakingMemo(state);
    const { allocationManager } = this.restaking;
    const others = { allocationManager, marketChanges: () => this.#changes, modelVersion: () => this.model.stateVersion };
    this.#stamps = new ViewStamps({ ...others, contractsVersion: () => state.version, shareValue: () => state.shareValue });
    this.#allocationStamps = new ViewStamps({ ...others, contractsVersion: () => allocationManager.writes, shareValue: () => 0n });
    strategyManager.addStrategiesToDepositWhitelist(ctx.chain.context(strategyManager.strategyWhitelister), [STAKE_STRATEGY]);
    this.model = createContagionModel(params.contagion, this);
    this.model.deploy();
  }

  get params(): SecurityParams {
    return this.#params;
  }

  get restakingDegree(): number {
    return this.#params.restakingDegree;
  }

  // ---- listeners ----

  /** Called after every slash that took effect (for tests and the world's records; stakers watch their operator instead). */
  onSlashed(listener: (e: SlashEvent) => void): void {
    this.#slashListeners.push(listener);
  }

  /** Subscribes to one operator's slashes and withdrawals; returns the unsubscribe. */
  watchOperator(operator: Address, watcher: OperatorWatcher): () => void {
    let set = this.#watchers.get(operator);
    if (set === undefined) this.#watchers.set(operator, (set = new Set()));
    set.add(watcher);
    return () => this.#watchers.get(operator)?.delete(watcher);
  }

  onHealth(listener: (operator: Address, up: boolean) => void): void {
    this.#healthListeners.push(listener);
  }

  onEquivocation(listener: (operator: Address, service: Address) => void): void {
    this.#evidenceListeners.push(listener);
  }

  // ---- the off-chain monitoring feed ----

  reportHealth(operator: Address, up: boolean): void {
    for (const l of this.#healthListeners) l(operator, up);
  }

  reportEquivocation(operator: Address, service: Address): void {
    for (const l of this.#evidenceListeners) l(operator, service);
  }

  // ---- exogenous ----

  /** The treasury mints STAKE into an account: stakers buying in, services buying their rewards. */
  fund(account: Address, amount: bigint): void {
    this.stake.mint(this.ctx.chain.context(this.ctx.treasury), account, amount);
    this.minted += amount;
  }

  // ---- stakers' transactions ----

  approveDeposits(staker: Address, amount: bigint, done: Done<true> = ignore): void {
    const spender = this.restaking.strategyManager.address;
    send(this.ctx, staker, 'ERC20.approve', (tx) => this.stake.approve(tx, spender, amount), done);
  }

  deposit(staker: Address, amount: bigint, done: Done<bigint> = ignore): void {
    send(this.ctx, staker, 'StrategyManager.depositIntoStrategy', (tx) =>
      this.restaking.strategyManager.depositIntoStrategy(tx, STAKE_STRATEGY, this.stake, amount), (r) => {
      if (r.status === 'success') this.deposited += amount;
      done(r);
    });
  }

  delegate(staker: Address, operator: Address, done: Done<void> = ignore): void {
    send(this.ctx, staker, 'DelegationManager.delegateTo', (tx) => this.restaking.delegationManager.delegateTo(tx, operator), (r) => {
      if (r.status === 'success') {
        this.#stakers(operator).add(staker);
        this.#stakersOfChanges++;
        this.#redirectMoving(staker, operator);
      }
      done(r);
    });
  }

  /** Undelegates, which queues all of the staker's shares for withdrawal. */
  undelegate(staker: Address, urgency: Urgency, done: Done<QueuedResult> = ignore): void {
    const dm = this.restaking.delegationManager;
    send(this.ctx, staker, 'DelegationManager.undelegate', (tx) => this.#queueing(staker, () => dm.undelegate(tx, staker)), (r) => {
      if (r.status === 'success' && this.#stakersOf.get(r.value.operator)?.delete(staker)) this.#stakersOfChanges++;
      this.#afterQueue(r, false);
      done(r);
    }, urgency);
  }

  /** Queues every deposit share of the staker for withdrawal; the staker stays delegated. */
  queueFullWithdrawal(staker: Address, urgency: Urgency, done: Done<QueuedResult> = ignore): void {
    const { delegationManager: dm, strategyManager: sm } = this.restaking;
    send(this.ctx, staker, 'DelegationManager.queueWithdrawals', (tx) => this.#queueing(staker, () =>
      dm.queueWithdrawals(tx, [{ strategies: [STAKE_STRATEGY], depositShares: [sm.stakerDepositShares(staker, STAKE_STRATEGY)] }])), (r) => {
      this.#afterQueue(r, true);
      done(r);
    }, urgency);
  }

  /** Completes a queued withdrawal: as tokens to the wallet, or as shares redelegated to the current operator. */
  completeWithdrawal(staker: Address, root: string, asTokens: boolean, done: Done<void> = ignore): void {
    const { delegationManager } = this.restaking;
    send(this.ctx, staker, 'DelegationManager.completeQueuedWithdrawal', (tx) => {
      const queued = delegationManager.getQueuedWithdrawal(root, tx.block);
      if (queued === undefined) revert('WithdrawalNotQueued');
      delegationManager.completeQueuedWithdrawal(tx, queued.withdrawal, [this.stake], asTokens);
    }, (r) => {
      if (r.status === 'success') this.#forgetQueued(root);
      done(r);
    });
  }

  // ---- operators' transactions ----

  /** registerAsOperator, then whatever registration the contagion model needs. */
  registerOperator(operator: Address, commissionBps: number, allocationDelayBlocks: number, done: Done<void> = ignore): void {
    const { delegationManager } = this.restaking;
    send(this.ctx, operator, 'DelegationManager.registerAsOperator', (tx) => delegationManager.registerAsOperator(tx, allocationDelayBlocks), (r) => {
      if (r.status !== 'success') return done(r);
      this.#commission.set(operator, BigInt(commissionBps));
      this.#servicesOf.set(operator, []);
      this.#changes++;
      this.model.afterOperatorRegistered(operator, r, done);
    });
  }

  registerForService(operator: Address, service: Address, done: Done<void> = ignore): void {
    send(this.ctx, operator, 'AllocationManager.registerForOperatorSets', (tx) =>
      this.restaking.allocationManager.registerForOperatorSets(tx, operator, { avs: service, operatorSetIds: [SET_ID] }), (r) => {
      if (r.status === 'success') {
        this.#membersOf(service).push(operator);
        this.#servicesOf.get(operator)?.push(service);
        this.#changes++;
      }
      done(r);
    });
  }

  /** Allocates the operator's stake over services as fractions (WAD = all of it), summing to at most WAD, as the model reads them. */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>, done: Done<void> = ignore): void {
    let total = 0n;
    for (const f of fractions.values()) total += f;
    if (total > WAD) throw new RangeError(`security: ${operator} allocates ${total} > WAD`);
    this.model.allocate(operator, fractions, done);
  }

  // ---- services' transactions ----

  registerService(terms: ServiceTerms, done: Done<void> = ignore): void {
    const am = this.restaking.allocationManager;
    send(this.ctx, terms.avs, 'AllocationManager.updateAVSMetadataURI', (tx) => am.updateAVSMetadataURI(tx, terms.avs, terms.avs), (r) => {
      if (r.status !== 'success') return done(r);
      send(this.ctx, terms.avs, 'AllocationManager.createOperatorSets', (tx) =>
        am.createOperatorSets(tx, terms.avs, [{ operatorSetId: SET_ID, strategies: [STAKE_STRATEGY], slasher: terms.slasher }]), (r2) => {
        if (r2.status === 'success') {
          this.#services.set(terms.avs, terms);
          this.#membersOf(terms.avs);
          this.#changes++;
        }
        done(r2);
      });
    });
  }

  /** A service slashes `wad` of what `operator` has allocated to it, sent by its slasher. */
  slash(service: Address, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint> = ignore): void {
    const terms = this.#services.get(service);
    if (terms === undefined) throw new RangeError(`security: unknown service ${service}`);
    this.model.slash(terms, operator, wad, reason, done);
  }

  /** A service pays `amount` STAKE it holds to the operators backing it and their stakers. */
  distributeRewards(service: Address, amount: bigint, done: Done<bigint> = ignore): void {
    send(this.ctx, service, 'Rewards.distribute', (tx) => this.#distribute(tx, service, amount), (r) => {
      if (r.status === 'success') this.rewardsPaid += r.value;
      done(r);
    });
  }

  // ---- shocks and attacks (sent by the attacker agent) ----

  /** Slashes `wad` of everything the model holds at risk for the operator; returns the transactions sent. */
  slashAtRisk(operator: Address, wad: bigint, reason: 'shock' | 'attack', done: Done<bigint> = ignore): number {
    return this.model.slashAtRisk(operator, wad, reason, done);
  }

  /** Validators B corrupt services A: A is looted (it stops paying and slashing) and B forfeits what the model says. */
  strike(services: readonly Address[], validators: readonly Address[], done: Done<bigint> = ignore): number {
    for (const s of services) this.#corrupted.add(s);
    this.#changes++;
    return this.model.strike(services, validators, done);
  }

  isCorrupted(service: Address): boolean {
    return this.#corrupted.has(service);
  }

  get corruptedCount(): number {
    return this.#corrupted.size;
  }

  /** The live restaking graph as the model prices attacks on it. */
  attackGraph(): RestakingGraphInput {
    return this.model.attackGraph();
  }

  // ---- views ----

  service(avs: Address): ServiceTerms | undefined {
    return this.#services.get(avs);
  }

  services(): Address[] {
    return [...this.#services.keys()];
  }

  operators(): Address[] {
    return [...this.#commission.keys()];
  }

  membersOf(service: Address): readonly Address[] {
    return this.#members.get(service) ?? [];
  }

  servicesOf(operator: Address): readonly Address[] {
    return this.#servicesOf.get(operator) ?? [];
  }

  stakersOf(operator: Address): ReadonlySet<Address> {
    return this.#stakersOf.get(operator) ?? new Set();
  }

  /** STAKE delegated to the operator (its operator shares in tokens). */
  operatorStake(operator: Address): bigint {
    return this.#operatorStakes.get(operator, (op) =>
      this.strategy.sharesToUnderlyingView(this.restaking.delegationManager.operatorShares(op, STAKE_STRATEGY)));
  }

  slashableStake(operator: Address): bigint {
    const dm = this.restaking.delegationManager;
    const queued = dm.getSlashableSharesInQueue(operator, STAKE_STRATEGY, this.ctx.chain.blockNumber);
    return this.strategy.sharesToUnderlyingView(dm.operatorShares(operator, STAKE_STRATEGY) + queued);
  }

  /** STAKE the staker could withdraw now (its delegated deposit after slashing). */
  stakerStake(staker: Address): bigint {
    return this.#stakerStakes.get(staker, (s) => this.strategy.sharesToUnderlyingView(this.#withdrawable(s)));
  }

  /** The staker's withdrawable shares of the STAKE strategy (DelegationManager.getWithdrawableShares). */
  #withdrawable(staker: Address): bigint {
    return this.#withdrawableShares.get(staker, (s) =>
      this.restaking.delegationManager.getWithdrawableShares(s, [STAKE_STRATEGY]).withdrawableShares[0] ?? 0n);
  }

  /**
   * The last block through which every queued withdrawal's value (queuedStake) reads as it does at
   * `block`, while no write intervenes: a withdrawal is valued at today's slashing factors until its
   * slashable window ends (startBlock + the withdrawal delay), at that block's factors after it.
   * Infinity when none will cross.
   */
  queuedValuesFixedThrough(block: number): number {
    const dm = this.restaking.delegationManager;
    let through = Infinity;
    for (const w of dm.queuedWithdrawals()) {
      const slashableUntil = w.startBlock + dm.MIN_WITHDRAWAL_DELAY_BLOCKS;
      if (slashableUntil >= block && slashableUntil < through) through = slashableUntil;
    }
    return through;
  }

  /** STAKE in one of the staker's queued withdrawals, after any slashing since it was queued. */
  queuedStake(root: string): bigint {
    const queued = this.restaking.delegationManager.getQueuedWithdrawal(root, this.ctx.chain.blockNumber);
    return queued === undefined ? 0n : this.strategy.sharesToUnderlyingView(queued.shares[0] ?? 0n);
  }

  /** Stake backing `service` from `operator` now, in STAKE, as the contagion model counts it. */
  allocatedStake(operator: Address, service: Address): bigint {
    return this.model.allocatedStake(operator, service);
  }

  /** Σ over members of allocatedStake: the stake securing the service. */
  serviceStake(service: Address): bigint {
    const block = this.ctx.chain.blockNumber;
    const secured = this.#secured;
    if (secured.stamp === null || !this.#stamps.holds(secured.stamp, block)) {
      secured.stamp = this.#stamps.take(block);
      secured.byService = new Map();
    }
    let sum = secured.byService.get(service);
    if (sum === undefined) {
      sum = 0n;
      for (const op of this.membersOf(service)) sum += this.allocatedStake(op, service);
      secured.byService.set(service, sum);
    }
    return sum;
  }

  totalDelegated(): bigint {
    let sum = 0n;
    for (const op of this.#commission.keys()) sum += this.operatorStake(op);
    return sum;
  }

  /** STAKE in restaking now: delegated, plus queued withdrawals (still slashable), after slashing. */
  stakeInRestaking(): bigint {
    let sum = this.totalDelegated();
    for (const root of this.#queued.keys()) sum += this.queuedStake(root);
    return sum;
  }

  /**
   * STAKE the strategy holds for stakers: delegated, queued to leave, and deposited but not (or no
   * longer) delegated, which a later delegation exposes again. Slashed shares waiting to be burned
   * are not the stakers' any more and are left out (all of it, when slashes marked more than the
   * strategy holds). Every token a slash can take from now on is in it or deposited later: it rises
   * only with deposits; completed withdrawals and slashes lower it, and a clear, which burns the
   * shares waiting and the tokens they are worth together, leaves it as it is. (The strategy's share
   * price stays 1: STAKE enters and leaves it only through deposit and withdraw, exact at that price.)
   */
  stakeHeldForStakers(): bigint {
    let pendingBurn = 0n;
    for (const slash of this.restaking.strategyManager.pendingSlashes()) {
      for (const entry of slash.entries) if (entry.strategy === STAKE_STRATEGY) pendingBurn += entry.shares;
    }
    const shares = this.strategy.totalShares;
    return this.strategy.sharesToUnderlyingView(shares > pendingBurn ? shares - pendingBurn : 0n);
  }

  get queuedWithdrawals(): number {
    return this.#queued.size;
  }

  /** STAKE in queued withdrawals, as valued when they were queued. */
  queuedTokens(operator?: Address): bigint {
    if (operator !== undefined) return this.#queuedByOperator.get(operator) ?? 0n;
    let sum = 0n;
    for (const v of this.#queuedByOperator.values()) sum += v;
    return sum;
  }

  /**
   * The share of an operator's stake (delegated plus leaving) that its stakers have queued to leave:
   * the run signal stakers watch. Undelegations to move elsewhere are left out; they are queued
   * withdrawals too, but they take the stake to another operator rather than out of restaking.
   */
  exitingShare(operator: Address): number {
    const exiting = this.#exitingByOperator.get(operator) ?? 0n;
    const total = exiting + this.operatorStake(operator);
    return total === 0n ? 0 : ratioToNumber(exiting, total);
  }

  /**
   * The yearly yield a staker of `operator` would earn on `extra` more STAKE delegated there, at
   * today's allocations and reward rates (rewards are pro rata to allocated stake, so this is exact
   * while nothing changes). Stake that redelegating stakers are bringing counts as arrived: it is
   * visible on chain, and ignoring it would send every chaser to the same operator. Floating
   * point: it only ranks operators.
   */
  expectedYield(operator: Address, extra = 0n): number {
    const commission = this.#commission.get(operator);
    if (commission === undefined) return 0;
    const stake = stakeToTokens(this.#futureStake(operator) + extra);
    if (stake <= 0) return 0;
    const extraTokens = stakeToTokens(extra);
    const { keep, slices } = this.#yieldInputs(operator, commission);
    let perDay = 0;
    for (let i = 0; i < slices.length; i += 3) {
      const f = slices[i + 1]!;
      const mine = f * stake;
      const total = slices[i + 2]! + f * extraTokens;
      if (total > 0) perDay += (slices[i]! * mine) / total;
    }
    return (perDay * keep * 365) / stake;
  }

  // ---- invariants ----

  /** Operators whose shares fall short of what their stakers could withdraw (should be 0). */
  undercollateralizedOperators(): number {
    return this.#undercollateralized.get(this.#stakersOfChanges, () => {
      const dm = this.restaking.delegationManager;
      let count = 0;
      for (const [operator, stakers] of this.#stakersOf) {
        let withdrawable = 0n;
        for (const s of stakers) withdrawable += this.#withdrawable(s);
        if (dm.operatorShares(operator, STAKE_STRATEGY) < withdrawable) count++;
      }
      return count;
    });
  }

  /** Operators whose encumbered magnitude exceeds their max magnitude (should be 0). */
  overEncumberedOperators(): number {
    const am = this.restaking.allocationManager;
    const block = this.ctx.chain.blockNumber;
    let count = 0;
    for (const op of this.#commission.keys()) {
      if (am.getEncumberedMagnitude(op, STAKE_STRATEGY, block) > am.getMaxMagnitude(op, STAKE_STRATEGY)) count++;
    }
    return count;
  }

  /** minted − Σ balances (wallets, the strategy, the burn address): 0 when STAKE is conserved. */
  stakeConservationGap(): bigint {
    let held = 0n;
    for (const b of this.stake.holders().values()) held += b;
    return this.minted - held;
  }

  /**
   * STAKE the strategy holds less its shares: 0 while a share is worth one base unit, which the
   * bound on what slashes take rests on (sendSlash, stakeHeldForStakers); off 1, every clear would
   * move the stakers' stake by a unit of rounding.
   */
  strategyPriceGap(): bigint {
    return this.inStrategy - this.strategy.totalShares;
  }

  /** STAKE held by the strategy (deposits, and slashed shares not yet cleared). */
  get inStrategy(): bigint {
    return this.restakingState.shareValue;
  }

  get burned(): bigint {
    return this.stake.balanceOf(DEFAULT_BURN_ADDRESS);
  }

  // ---- the models' slashing path ----

  /**
   * What a slash took, `tokens` below, is not the shares it marked to burn but the drop it made, in
   * its own transaction, in the STAKE the strategy holds for stakers (stakeHeldForStakers: what no
   * earlier slash has marked). The two agree unless a slash marks more than there is, which the
   * contracts allow in dust: a queued withdrawal whose withdrawable shares round down to 0 leaves its
   * shares with the operator and adds them to the slashable queue too, so a later slash marks them
   * twice (campaign 2029 run 6419: 29 units marked of the 20 deposited; the clear that would burn
   * more than the strategy holds reverts). Only deposits raise that stake, so what slashes take from
   * a moment on never passes what it held then plus what was deposited since: the bound the shock's
   * measures rest on (sim/world/shockMeasures.ts).
   */
  sendSlash(sender: Address, method: string, operator: Address, service: Address, reason: SlashReason, call: SlashCall, done: Done<bigint>): void {
    const slashTaking = (tx: TxContext) => {
      const before = this.stakeHeldForStakers();
      const outcome = call(tx);
      return { ...outcome, tokens: before - this.stakeHeldForStakers() };
    };
    send(this.ctx, sender, method, slashTaking, (r) => {
      if (r.status !== 'success') return done(r);
      const { slashId, tokens, operatorSet } = r.value;
      this.slashes++;
      this.slashedTokens += tokens;
      addTo(this.slashedByService, service, tokens);
      addTo(this.slashedByReason, reason, tokens);
      const sm = this.restaking.strategyManager;
      send(this.ctx, sender, 'StrategyManager.clearBurnOrRedistributableShares', (tx) => sm.clearBurnOrRedistributableShares(tx, operatorSet, slashId), (c) => {
        if (c.status === 'success') for (const amount of c.value) this.burnedTokens += amount;
      });
      done({ ...r, value: tokens });
      const event: SlashEvent = { operator, service, reason, tokens };
      for (const w of [...(this.#watchers.get(operator) ?? [])]) w.slashed(event);
      for (const l of this.#slashListeners) l(event);
    }, 'urgent');
  }

  // ---- internals ----

  #stakers(operator: Address): Set<Address> {
    let set = this.#stakersOf.get(operator);
    if (set === undefined) this.#stakersOf.set(operator, (set = new Set()));
    return set;
  }

  #membersOf(service: Address): Address[] {
    let list = this.#members.get(service);
    if (list === undefined) this.#members.set(service, (list = []));
    return list;
  }

  /** Runs a queueing call and notes its operator and the stake it takes out, valued before the call. */
  #queueing(staker: Address, queue: () => string[]): QueuedResult {
    const operator = this.restaking.delegationManager.delegatedTo(staker);
    const tokens = this.stakerStake(staker);
    return { roots: queue(), operator, tokens };
  }

  #afterQueue(r: Receipt<QueuedResult>, exit: boolean): void {
    if (r.status !== 'success') return;
    const { roots, operator, tokens } = r.value;
    // One strategy: the first root holds the whole stake (undelegate makes one root per strategy).
    roots.forEach((root, i) => this.#queued.set(root, { staker: r.from, operator, tokens: i === 0 ? tokens : 0n, exit }));
    if (!exit) this.#movingRoots.set(r.from, [...(this.#movingRoots.get(r.from) ?? []), ...roots]);
    addTo(this.#queuedByOperator, operator, tokens);
    if (exit) addTo(this.#exitingByOperator, operator, tokens);
    for (const w of [...(this.#watchers.get(operator) ?? [])]) w.withdrawalQueued();
  }

  #forgetQueued(root: string): void {
    const q = this.#queued.get(root);
    if (q === undefined) return;
    this.#queued.delete(root);
    this.#changes++;
    addTo(this.#queuedByOperator, q.operator, -q.tokens);
    if (q.exit) addTo(this.#exitingByOperator, q.operator, -q.tokens);
    if (q.destination !== undefined) addTo(this.#incomingByOperator, q.destination, -q.tokens);
    const moving = this.#movingRoots.get(q.staker)?.filter((r) => r !== root);
    if (moving === undefined || moving.length === 0) this.#movingRoots.delete(q.staker);
    else this.#movingRoots.set(q.staker, moving);
  }

  /** A staker that undelegated and delegates again brings its queued stake to the new operator. */
  #redirectMoving(staker: Address, operator: Address): void {
    for (const root of this.#movingRoots.get(staker) ?? []) {
      const q = this.#queued.get(root);
      if (q === undefined || q.destination !== undefined) continue;
      q.destination = operator;
      addTo(this.#incomingByOperator, operator, q.tokens);
      this.#changes++;
    }
  }

  /** STAKE delegated to the operator plus what redelegating stakers are bringing it. */
  #futureStake(operator: Address): bigint {
    return this.operatorStake(operator) + (this.#incomingByOperator.get(operator) ?? 0n);
  }

  #distribute(tx: TxContext, service: Address, amount: bigint): bigint {
    // Stakers' withdrawable shares through the memo: the hourly invariant and loss reads keep it warm,
    // and it is what getWithdrawableShares gives now (the memo never outlives a write).
    const recipients = this.membersOf(service).map((operator) => ({
      operator,
      allocated: this.allocatedStake(operator, service),
      commissionBps: this.#commission.get(operator) ?? 0n,
      stakers: [...this.stakersOf(operator)].map((s) => [s, this.#withdrawable(s)] as const),
    }));
    if (recipients.every((r) => r.allocated === 0n)) revert('NothingAllocated');
    const balance = this.stake.balanceOf(service);
    if (balance < amount) revert('ERC20InsufficientBalance', service, balance, amount);
    // Σ transfers ≤ amount ≤ balance, so no transfer can fail after an earlier one moved tokens.
    let paid = 0n;
    for (const [to, value] of rewardTransfers(amount, recipients)) {
      this.stake.transfer(tx, to, value);
      paid += value;
    }
    return paid;
  }

  /** The planned views for this block: kept from the block's first read, carried over while the stamp holds. */
  #plannedViews(): PlannedViews {
    const block = this.ctx.chain.blockNumber;
    const planned = this.#planned;
    if (planned.block === block) return planned;
    planned.block = block;
    if (planned.stamp === null || !this.#stamps.holds(planned.stamp, block)) {
      planned.stamp = this.#stamps.take(block);
      planned.serviceStakes = new Map();
      planned.yieldInputs = new Map();
    }
    if (planned.fractionStamp === null || !this.#allocationStamps.holds(planned.fractionStamp, block)) {
      planned.fractionStamp = this.#allocationStamps.take(block);
      planned.fractions = new Map();
      planned.yieldInputs = new Map();
    }
    return planned;
  }

  /**
   * What expectedYield reads of an operator besides its stake: the share it keeps after commission
   * and, per service it backs that pays (registered, not corrupted), the reward per day, its planned
   * fraction and the service's planned stake. Kept with the planned views, and read again whenever
   * the market's bookkeeping (commission, registrations, terms, corruption) has moved since.
   */
  #yieldInputs(operator: Address, commission: bigint): YieldInputs {
    const cache = this.#plannedViews().yieldInputs;
    let inputs = cache.get(operator);
    if (inputs === undefined || inputs.changes !== this.#changes) {
      const slices: number[] = [];
      for (const service of this.servicesOf(operator)) {
        const terms = this.#services.get(service);
        if (terms === undefined || this.isCorrupted(service)) continue;
        slices.push(stakeToTokens(terms.rewardsPerDay), this.#plannedFraction(operator, service), this.#plannedServiceStake(service));
      }
      inputs = { changes: this.#changes, keep: 1 - Number(commission) / Number(BPS), slices };
      cache.set(operator, inputs);
    }
    return inputs;
  }

  /** The contagion model's planned fraction of the operator's stake for the service (see #planned). */
  #plannedFraction(operator: Address, service: Address): number {
    const fractions = this.#plannedViews().fractions;
    let byService = fractions.get(operator);
    if (byService === undefined) fractions.set(operator, (byService = new Map()));
    let fraction = byService.get(service);
    if (fraction === undefined) byService.set(service, (fraction = this.model.plannedFraction(operator, service)));
    return fraction;
  }

  /** Σ over members of planned fraction × stake (delegated and incoming), in tokens (see #planned). */
  #plannedServiceStake(service: Address): number {
    const serviceStakes = this.#plannedViews().serviceStakes;
    let cached = serviceStakes.get(service);
    if (cached === undefined) {
      cached = 0;
      for (const op of this.membersOf(service)) cached += this.#plannedFraction(op, service) * stakeToTokens(this.#futureStake(op));
      serviceStakes.set(service, cached);
    }
    return cached;
  }
}

/** The planned views of one block and the stamp of the state they were computed from. */
interface PlannedViews {
  block: number;
  /** The stamp of the planned stakes (they read stakes too) and that of the fractions (allocations only). */
  stamp: ViewStamp | null;
  fractionStamp: ViewStamp | null;
  fractions: Map<Address, Map<Address, number>>;
  serviceStakes: Map<Address, number>;
  yieldInputs: Map<Address, YieldInputs>;
}

interface YieldInputs {
  /** The market's change count they were read at. */
  readonly changes: number;
  /** 1 − commission. */
  readonly keep: number;
  /** Per paying service: reward per day (tokens), planned fraction, the service's planned stake (tokens). */
  readonly slices: readonly number[];
}

function addTo<K>(map: Map<K, bigint>, key: K, amount: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + amount);
}
