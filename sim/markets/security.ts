// The security market: restaking on the ported EigenLayer contracts. Stakers deposit one restaked
// token (STAKE, 18 decimals) into one strategy and delegate to operators; operators register for
// services' operator sets and allocate magnitude; services pay rewards and slash. Every state change
// is a transaction through the chain; views read the contracts (and, under the pooled and elastic
// contagion models, the model's own ledger).
//
// Contagion models (security.contagion):
// - unique-stake: each operator allocates magnitude to the services' operator sets; a service's
//   slash burns only its slice, through AllocationManager.slashOperator.
// - pooled / elastic: the contracts cannot hold one unit of stake for several services at once, so
//   each operator allocates its whole magnitude to one ledger operator set (LEDGER_AVS) and the
//   model's ledger (security/pooled.ts, security/elastic.ts) decides how many tokens a slash takes;
//   the ledger router then slashes that share of the operator's stake in the ledger set. Tokens move
//   only through the contracts, so STAKE conservation holds in every model.
// Slashed shares are cleared to the burn address by a transaction right after each slash.
//
// Rewards: the RewardsCoordinator is not ported. Each service's daily payment is one transaction
// (gas 'Rewards.distribute', like a rewards-root submission) that transfers STAKE pro rata to the
// stake allocated to it: the operator keeps commissionBps, its delegators share the rest pro rata to
// their withdrawable shares. Rewards are paid to wallets, not restaked.
//
// The monitoring feed (reportHealth, reportEquivocation) is off-chain: operators' hardware status
// and evidence of misbehaviour, which services watch and act on through slashing transactions.
import type { Receipt } from '../chain/transaction.js';
import { revert } from '../contracts/errors.js';
import { WAD } from '../contracts/math.js';
import {
  DEFAULT_BURN_ADDRESS,
  deployRestaking,
  type OperatorSet,
  type RestakingDeployment,
  type StrategyBase,
} from '../contracts/restaking/index.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address, TxContext } from '../contracts/types.js';
import { send, TIP_WEI, type MarketContext } from './context.js';
import { ElasticLedger } from './security/elastic.js';
import { PooledLedger, type LossCause, type PooledGraph } from './security/pooled.js';
import { rewardTransfers } from './security/rewards.js';

export type ContagionModel = 'unique-stake' | 'pooled' | 'elastic';
export type Urgency = keyof typeof TIP_WEI;

export interface SecurityParams {
  readonly contagion: ContagionModel;
  /** Protocol delays, in blocks (EigenLayer mainnet: 100,800 / 100,800 / 126,000). */
  readonly deallocationDelayBlocks: number;
  readonly withdrawalDelayBlocks: number;
  readonly allocationConfigurationDelayBlocks: number;
  /** Elastic only: Σ_s w_{v,s} / σ_v each operator's allocations are scaled to (≥ 1). */
  readonly restakingDegree: number;
}

export interface ServiceTerms {
  readonly avs: Address;
  /** Sends the service's slashing transactions. */
  readonly slasher: Address;
  /** STAKE base units per day. */
  readonly rewardsPerDay: bigint;
  /** π_s, STAKE base units. */
  readonly profitFromCorruption: bigint;
  /** α_s in (0, 1]. */
  readonly attackThreshold: number;
}

/**
 * Gas for this market's calls, as the chain's default table (sim/chain/gasTable.ts) also has them;
 * tests that build a chain without the default table pass these:
 * - updateAVSMetadataURI writes one flag and emits a URI: about an ERC-20 approve, 40,000.
 * - createOperatorSets with one strategy and a slasher writes ~5 slots: 180,000.
 * - clearBurnOrRedistributableShares for one strategy: one token transfer (50,000) plus deleting the
 *   slash entries: 90,000.
 * - Rewards.distribute: the RewardsCoordinator's submitRoot is ~150,000 (claims are not modelled).
 * - ContagionLedger.slash: slashOperator (300,000) plus the router's own bookkeeping: 320,000.
 */
export const SECURITY_GAS: Readonly<Record<string, number>> = {
  'AllocationManager.updateAVSMetadataURI': 40_000,
  'AllocationManager.createOperatorSets': 180_000,
  'StrategyManager.clearBurnOrRedistributableShares': 90_000,
  'Rewards.distribute': 150_000,
  'ContagionLedger.slash': 320_000,
};

export const STAKE_STRATEGY: Address = 'eigenlayer.strategy.STAKE';
/** The operator set that holds every operator's whole magnitude under the pooled and elastic models. */
export const LEDGER_AVS: Address = 'security:contagion-ledger';
/** Sends the burns of exogenous shocks and attacks through the ledger router (the model's keeper). */
export const LEDGER_KEEPER: Address = 'security:ledger-keeper';
const SET_ID = 0;
const LEDGER_SET: OperatorSet = { avs: LEDGER_AVS, id: SET_ID };
const BPS = 10_000n;

export type SlashReason = 'downtime' | 'sla-breach' | 'equivocation' | 'attack' | 'shock';

export interface SlashEvent {
  readonly operator: Address;
  /** The slashing service, or LEDGER_KEEPER for shocks and attacks. */
  readonly service: Address;
  readonly reason: SlashReason;
  /** STAKE taken from the operator's stakers (queued withdrawals included). */
  readonly tokens: bigint;
}

/** What a queueing transaction returns: its roots, the operator left, and the STAKE queued. */
export interface QueuedResult {
  readonly roots: readonly string[];
  readonly operator: Address;
  readonly tokens: bigint;
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

type Done<T> = (r: Receipt<T>) => void;
const ignore = (): void => {};

export class SecurityMarket {
  readonly stake: ERC20;
  readonly restaking: RestakingDeployment;
  readonly strategy: StrategyBase;
  readonly pooled = new PooledLedger();
  readonly elastic = new ElasticLedger();
  readonly #ctx: MarketContext;
  readonly #params: SecurityParams;
  readonly #services = new Map<Address, ServiceTerms>();
  readonly #commission = new Map<Address, bigint>();
  readonly #members = new Map<Address, Address[]>();
  readonly #servicesOf = new Map<Address, Address[]>();
  readonly #stakersOf = new Map<Address, Set<Address>>();
  readonly #queued = new Map<string, QueuedWithdrawal>();
  readonly #queuedByOperator = new Map<Address, bigint>();
  readonly #exitingByOperator = new Map<Address, bigint>();
  /** Undelegated stake on its way to the operator its staker delegated to next (redelegations). */
  readonly #incomingByOperator = new Map<Address, bigint>();
  readonly #movingRoots = new Map<Address, string[]>();
  readonly #slashListeners: ((e: SlashEvent) => void)[] = [];
  readonly #queueListeners: ((operator: Address) => void)[] = [];
  readonly #healthListeners: ((operator: Address, up: boolean) => void)[] = [];
  readonly #evidenceListeners: ((operator: Address, service: Address) => void)[] = [];
  #allocatedCache = { block: -1, byService: new Map<Address, number>() };
  /** Planned fractions by operator then service, cached for the block like #allocatedCache (yield rankings read them per staker). */
  #fractionCache = { block: -1, byOperator: new Map<Address, Map<Address, number>>() };

  // Counters the world reads for metrics.
  minted = 0n;
  slashedTokens = 0n;
  readonly slashedByService = new Map<Address, bigint>();
  burnedTokens = 0n;
  slashes = 0;
  /** Ledger burns that the contracts refused (the operator was not slashable there yet). */
  ledgerBurnFailures = 0;
  rewardsPaid = 0n;

  constructor(ctx: MarketContext, params: SecurityParams) {
    if (!(params.restakingDegree >= 1)) throw new RangeError(`security: restakingDegree must be >= 1, got ${params.restakingDegree}`);
    this.#ctx = ctx;
    this.#params = params;
    this.stake = new ERC20('Restaked token', 'STAKE', 18, ctx.treasury);
    this.restaking = deployRestaking({
      DEALLOCATION_DELAY: params.deallocationDelayBlocks,
      MIN_WITHDRAWAL_DELAY_BLOCKS: params.withdrawalDelayBlocks,
      ALLOCATION_CONFIGURATION_DELAY: params.allocationConfigurationDelayBlocks,
    });
    // Deployment, not transactions: the strategy and (pooled, elastic) the ledger set exist at genesis.
    const { strategyManager, allocationManager } = this.restaking;
    this.strategy = strategyManager.deployStrategy(STAKE_STRATEGY, this.stake);
    strategyManager.addStrategiesToDepositWhitelist(ctx.chain.context(strategyManager.strategyWhitelister), [STAKE_STRATEGY]);
    if (params.contagion !== 'unique-stake') {
      allocationManager.updateAVSMetadataURI(ctx.chain.context(LEDGER_AVS), LEDGER_AVS, 'contagion ledger');
      allocationManager.createOperatorSets(ctx.chain.context(LEDGER_AVS), LEDGER_AVS, [{ operatorSetId: SET_ID, strategies: [STAKE_STRATEGY] }]);
    }
  }

  get params(): SecurityParams {
    return this.#params;
  }

  // ---- listeners ----

  /** Called after every slash that took effect. */
  onSlashed(listener: (e: SlashEvent) => void): void {
    this.#slashListeners.push(listener);
  }

  /** Called when a staker of `operator` queues a withdrawal (undelegations included; see exitingShare). */
  onWithdrawalQueued(listener: (operator: Address) => void): void {
    this.#queueListeners.push(listener);
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
    this.stake.mint(this.#ctx.chain.context(this.#ctx.treasury), account, amount);
    this.minted += amount;
  }

  // ---- stakers' transactions ----

  approveDeposits(staker: Address, amount: bigint, done: Done<true> = ignore): void {
    const spender = this.restaking.strategyManager.address;
    send(this.#ctx, staker, 'ERC20.approve', (tx) => this.stake.approve(tx, spender, amount), done);
  }

  deposit(staker: Address, amount: bigint, done: Done<bigint> = ignore): void {
    send(this.#ctx, staker, 'StrategyManager.depositIntoStrategy', (tx) =>
      this.restaking.strategyManager.depositIntoStrategy(tx, STAKE_STRATEGY, this.stake, amount), done);
  }

  delegate(staker: Address, operator: Address, done: Done<void> = ignore): void {
    send(this.#ctx, staker, 'DelegationManager.delegateTo', (tx) => this.restaking.delegationManager.delegateTo(tx, operator), (r) => {
      if (r.status === 'success') {
        this.#stakers(operator).add(staker);
        this.#redirectMoving(staker, operator);
      }
      done(r);
    });
  }

  /** Undelegates, which queues all of the staker's shares for withdrawal. */
  undelegate(staker: Address, urgency: Urgency, done: Done<QueuedResult> = ignore): void {
    const dm = this.restaking.delegationManager;
    send(this.#ctx, staker, 'DelegationManager.undelegate', (tx) => this.#queueing(staker, () => dm.undelegate(tx, staker)), (r) => {
      if (r.status === 'success') this.#stakersOf.get(r.value.operator)?.delete(staker);
      this.#afterQueue(r, false);
      done(r);
    }, urgency);
  }

  /** Queues every deposit share of the staker for withdrawal; the staker stays delegated. */
  queueFullWithdrawal(staker: Address, urgency: Urgency, done: Done<QueuedResult> = ignore): void {
    const { delegationManager: dm, strategyManager: sm } = this.restaking;
    send(this.#ctx, staker, 'DelegationManager.queueWithdrawals', (tx) => this.#queueing(staker, () =>
      dm.queueWithdrawals(tx, [{ strategies: [STAKE_STRATEGY], depositShares: [sm.stakerDepositShares(staker, STAKE_STRATEGY)] }])), (r) => {
      this.#afterQueue(r, true);
      done(r);
    }, urgency);
  }

  /** Completes a queued withdrawal: as tokens to the wallet, or as shares redelegated to the current operator. */
  completeWithdrawal(staker: Address, root: string, asTokens: boolean, done: Done<void> = ignore): void {
    const { delegationManager } = this.restaking;
    send(this.#ctx, staker, 'DelegationManager.completeQueuedWithdrawal', (tx) => {
      const queued = delegationManager.getQueuedWithdrawal(root, tx.block);
      if (queued === undefined) revert('WithdrawalNotQueued');
      delegationManager.completeQueuedWithdrawal(tx, queued.withdrawal, [this.stake], asTokens);
    }, (r) => {
      if (r.status === 'success') this.#forgetQueued(root);
      done(r);
    });
  }

  // ---- operators' transactions ----

  /** registerAsOperator, then (pooled, elastic) registration for the ledger operator set. */
  registerOperator(operator: Address, commissionBps: number, allocationDelayBlocks: number, done: Done<void> = ignore): void {
    const { delegationManager, allocationManager } = this.restaking;
    send(this.#ctx, operator, 'DelegationManager.registerAsOperator', (tx) => delegationManager.registerAsOperator(tx, allocationDelayBlocks), (r) => {
      if (r.status !== 'success') return done(r);
      this.#commission.set(operator, BigInt(commissionBps));
      this.#servicesOf.set(operator, []);
      this.pooled.addValidator(operator);
      if (this.#params.contagion === 'unique-stake') return done(r);
      send(this.#ctx, operator, 'AllocationManager.registerForOperatorSets', (tx) =>
        allocationManager.registerForOperatorSets(tx, operator, { avs: LEDGER_AVS, operatorSetIds: [SET_ID] }), done);
    });
  }

  registerForService(operator: Address, service: Address, done: Done<void> = ignore): void {
    send(this.#ctx, operator, 'AllocationManager.registerForOperatorSets', (tx) =>
      this.restaking.allocationManager.registerForOperatorSets(tx, operator, { avs: service, operatorSetIds: [SET_ID] }), (r) => {
      if (r.status === 'success') {
        this.#membersOf(service).push(operator);
        this.#servicesOf.get(operator)?.push(service);
        this.pooled.addEdge(service, operator);
      }
      done(r);
    });
  }

  /**
   * Allocates the operator's stake over services as fractions (WAD = all of it), summing to at most
   * WAD. unique-stake: magnitudes in the services' sets. pooled: the whole magnitude to the ledger
   * set (every registration is backed by all of it). elastic: the whole magnitude to the ledger set,
   * and the fractions scaled to sum to restakingDegree (each capped at all of the stake).
   */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>, done: Done<void> = ignore): void {
    let total = 0n;
    for (const f of fractions.values()) total += f;
    if (total > WAD) throw new RangeError(`security: ${operator} allocates ${total} > WAD`);
    const am = this.restaking.allocationManager;
    if (this.#params.contagion === 'unique-stake') {
      // A zero slice is no allocation (modifyAllocations would refuse it as SameMagnitude).
      const params = [...fractions].filter(([, f]) => f > 0n).map(([service, f]) => ({
        operatorSet: { avs: service, id: SET_ID },
        strategies: [STAKE_STRATEGY],
        newMagnitudes: [f],
      }));
      send(this.#ctx, operator, 'AllocationManager.modifyAllocations', (tx) => am.modifyAllocations(tx, operator, params), done);
      return;
    }
    const ledger = [{ operatorSet: LEDGER_SET, strategies: [STAKE_STRATEGY], newMagnitudes: [WAD] }];
    send(this.#ctx, operator, 'AllocationManager.modifyAllocations', (tx) => am.modifyAllocations(tx, operator, ledger), (r) => {
      if (r.status === 'success' && this.#params.contagion === 'elastic') this.elastic.allocate(operator, this.#elasticFractions(fractions, total));
      done(r);
    });
  }

  // ---- services' transactions ----

  registerService(terms: ServiceTerms, done: Done<void> = ignore): void {
    const am = this.restaking.allocationManager;
    send(this.#ctx, terms.avs, 'AllocationManager.updateAVSMetadataURI', (tx) => am.updateAVSMetadataURI(tx, terms.avs, terms.avs), (r) => {
      if (r.status !== 'success') return done(r);
      send(this.#ctx, terms.avs, 'AllocationManager.createOperatorSets', (tx) =>
        am.createOperatorSets(tx, terms.avs, [{ operatorSetId: SET_ID, strategies: [STAKE_STRATEGY], slasher: terms.slasher }]), (r2) => {
        if (r2.status === 'success') {
          this.#services.set(terms.avs, terms);
          this.#membersOf(terms.avs);
          this.pooled.addService({ id: terms.avs, profit: terms.profitFromCorruption, threshold: terms.attackThreshold });
        }
        done(r2);
      });
    });
  }

  /**
   * A service slashes `wad` of what `operator` has allocated to it, sent by its slasher. Under the
   * pooled model every registration is backed by all of the operator's stake, so `wad` of σ_v goes;
   * there, a slash of a lost validator or by a looted service sends nothing.
   */
  slash(service: Address, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint> = ignore): void {
    const terms = this.#services.get(service);
    if (terms === undefined) throw new RangeError(`security: unknown service ${service}`);
    if (this.#params.contagion === 'unique-stake') {
      const am = this.restaking.allocationManager;
      send(this.#ctx, terms.slasher, 'AllocationManager.slashOperator', (tx) => {
        const result = am.slashOperator(tx, service, { operator, operatorSetId: SET_ID, strategies: [STAKE_STRATEGY], wadsToSlash: [wad], description: reason });
        return { slashId: result.slashId, tokens: this.strategy.sharesToUnderlyingView(result.shares[0] ?? 0n) };
      }, (r) => this.#afterSlash(r, { avs: service, id: SET_ID }, terms.slasher, operator, service, reason, done), 'urgent');
      return;
    }
    if (this.#params.contagion === 'pooled' && !this.pooled.backs(operator, service)) return;
    this.#ledgerSlash(terms.slasher, operator, service, reason, (stake) => {
      if (this.#params.contagion === 'pooled') return { tokens: ceilWad(stake, wad), commit: () => {} };
      return this.elastic.slash(operator, service, wad, stake);
    }, done);
  }

  /** Pooled model: validators lost to a shock or an attack; their whole stake is burned. */
  loseValidators(validators: readonly Address[], cause: LossCause): void {
    for (const v of validators) {
      this.pooled.markLost(v, cause);
      this.#ledgerSlash(LEDGER_KEEPER, v, LEDGER_KEEPER, cause, (stake) => ({ tokens: stake, commit: () => {} }), (r) => {
        if (r.status !== 'success') this.ledgerBurnFailures++;
      });
    }
  }

  /** Pooled model: services looted by an attack. */
  corruptServices(services: readonly Address[]): void {
    for (const s of services) this.pooled.markCorrupted(s);
  }

  /** A service pays `amount` STAKE it holds to the operators backing it and their stakers. */
  distributeRewards(service: Address, amount: bigint, done: Done<bigint> = ignore): void {
    send(this.#ctx, service, 'Rewards.distribute', (tx) => this.#distribute(tx, service, amount), (r) => {
      if (r.status === 'success') this.rewardsPaid += r.value;
      done(r);
    });
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

  stakersOf(operator: Address): ReadonlySet<Address> {
    return this.#stakersOf.get(operator) ?? new Set();
  }

  /** STAKE delegated to the operator (its operator shares in tokens). */
  operatorStake(operator: Address): bigint {
    return this.strategy.sharesToUnderlyingView(this.restaking.delegationManager.operatorShares(operator, STAKE_STRATEGY));
  }

  /** STAKE the staker could withdraw now (its delegated deposit after slashing). */
  stakerStake(staker: Address): bigint {
    const shares = this.restaking.delegationManager.getWithdrawableShares(staker, [STAKE_STRATEGY]).withdrawableShares[0] ?? 0n;
    return this.strategy.sharesToUnderlyingView(shares);
  }

  /** STAKE in one of the staker's queued withdrawals, after any slashing since it was queued. */
  queuedStake(root: string): bigint {
    const queued = this.restaking.delegationManager.getQueuedWithdrawal(root, this.#ctx.chain.blockNumber);
    return queued === undefined ? 0n : this.strategy.sharesToUnderlyingView(queued.shares[0] ?? 0n);
  }

  /** Stake backing `service` from `operator` now, in STAKE, as the contagion model counts it. */
  allocatedStake(operator: Address, service: Address): bigint {
    const block = this.#ctx.chain.blockNumber;
    switch (this.#params.contagion) {
      case 'unique-stake': {
        const shares = this.restaking.allocationManager.getAllocatedStake({ avs: service, id: SET_ID }, [operator], [STAKE_STRATEGY], block)[0]?.[0] ?? 0n;
        return this.strategy.sharesToUnderlyingView(shares);
      }
      case 'pooled':
        return this.pooled.backs(operator, service) ? this.#ledgerStake(operator) : 0n;
      case 'elastic':
        return this.membersOf(service).includes(operator) ? this.elastic.allocated(operator, service, this.#ledgerStake(operator)) : 0n;
    }
  }

  /** Σ over members of allocatedStake: the stake securing the service. */
  serviceStake(service: Address): bigint {
    let sum = 0n;
    for (const op of this.membersOf(service)) sum += this.allocatedStake(op, service);
    return sum;
  }

  totalDelegated(): bigint {
    let sum = 0n;
    for (const op of this.#commission.keys()) sum += this.operatorStake(op);
    return sum;
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
    return total === 0n ? 0 : Number((exiting * 1_000_000n) / total) / 1_000_000;
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
    const stake = toTokens(this.#futureStake(operator) + extra);
    if (stake <= 0) return 0;
    const extraTokens = toTokens(extra);
    let perDay = 0;
    for (const service of this.#servicesOf.get(operator) ?? []) {
      const terms = this.#services.get(service);
      if (terms === undefined) continue;
      const f = this.#plannedFraction(operator, service);
      const mine = f * stake;
      const total = this.#plannedServiceStake(service) + f * extraTokens;
      if (total > 0) perDay += (toTokens(terms.rewardsPerDay) * mine) / total;
    }
    return (perDay * (1 - Number(commission) / Number(BPS)) * 365) / stake;
  }

  // ---- invariants ----

  /** Operators whose shares fall short of what their stakers could withdraw (should be 0). */
  undercollateralizedOperators(): number {
    const dm = this.restaking.delegationManager;
    let count = 0;
    for (const [operator, stakers] of this.#stakersOf) {
      let withdrawable = 0n;
      for (const s of stakers) withdrawable += dm.getWithdrawableShares(s, [STAKE_STRATEGY]).withdrawableShares[0] ?? 0n;
      if (dm.operatorShares(operator, STAKE_STRATEGY) < withdrawable) count++;
    }
    return count;
  }

  /** Operators whose encumbered magnitude exceeds their max magnitude (should be 0). */
  overEncumberedOperators(): number {
    const am = this.restaking.allocationManager;
    const block = this.#ctx.chain.blockNumber;
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

  /** STAKE held by the strategy (deposits, and slashed shares not yet cleared). */
  get inStrategy(): bigint {
    return this.stake.balanceOf(STAKE_STRATEGY);
  }

  get burned(): bigint {
    return this.stake.balanceOf(DEFAULT_BURN_ADDRESS);
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
    for (const l of this.#queueListeners) l(operator);
  }

  #forgetQueued(root: string): void {
    const q = this.#queued.get(root);
    if (q === undefined) return;
    this.#queued.delete(root);
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
    }
  }

  /** STAKE delegated to the operator plus what redelegating stakers are bringing it. */
  #futureStake(operator: Address): bigint {
    return this.operatorStake(operator) + (this.#incomingByOperator.get(operator) ?? 0n);
  }

  /** The operator's stake as the ledger set sees it: all of it once its allocation there is active. */
  #ledgerStake(operator: Address): bigint {
    const allocation = this.restaking.allocationManager.getAllocation(operator, LEDGER_SET, STAKE_STRATEGY, this.#ctx.chain.blockNumber);
    return allocation.currentMagnitude === 0n ? 0n : this.operatorStake(operator);
  }

  /**
   * Slashes, through the ledger router, the tokens `plan` takes from the operator's stake: the
   * router slashes that share of the ledger set's allocation (all of the operator's magnitude).
   */
  #ledgerSlash(
    sender: Address,
    operator: Address,
    service: Address,
    reason: SlashReason,
    plan: (stake: bigint) => { tokens: bigint; commit: () => void },
    done: Done<bigint>,
  ): void {
    const am = this.restaking.allocationManager;
    send(this.#ctx, sender, 'ContagionLedger.slash', (tx) => {
      if (sender !== LEDGER_KEEPER && ![...this.#services.values()].some((t) => t.slasher === sender)) revert('OnlyServiceSlasher');
      const stake = this.#ledgerStake(operator);
      const { tokens, commit } = plan(stake);
      if (tokens === 0n || stake === 0n) revert('NothingToSlash');
      const wad = ceilDiv(tokens * WAD, stake);
      const result = am.slashOperator(routerContext(tx), LEDGER_AVS, {
        operator,
        operatorSetId: SET_ID,
        strategies: [STAKE_STRATEGY],
        wadsToSlash: [wad > WAD ? WAD : wad],
        description: reason,
      });
      commit();
      return { slashId: result.slashId, tokens: this.strategy.sharesToUnderlyingView(result.shares[0] ?? 0n) };
    }, (r) => this.#afterSlash(r, LEDGER_SET, sender, operator, service, reason, done), 'urgent');
  }

  #afterSlash(
    r: Receipt<{ slashId: bigint; tokens: bigint }>,
    operatorSet: OperatorSet,
    sender: Address,
    operator: Address,
    service: Address,
    reason: SlashReason,
    done: Done<bigint>,
  ): void {
    if (r.status !== 'success') return done(r);
    const { slashId, tokens } = r.value;
    this.slashes++;
    this.slashedTokens += tokens;
    this.slashedByService.set(service, (this.slashedByService.get(service) ?? 0n) + tokens);
    const sm = this.restaking.strategyManager;
    send(this.#ctx, sender, 'StrategyManager.clearBurnOrRedistributableShares', (tx) => sm.clearBurnOrRedistributableShares(tx, operatorSet, slashId), (c) => {
      if (c.status === 'success') for (const amount of c.value) this.burnedTokens += amount;
    });
    done({ ...r, value: tokens });
    for (const l of this.#slashListeners) l({ operator, service, reason, tokens });
  }

  #distribute(tx: TxContext, service: Address, amount: bigint): bigint {
    const dm = this.restaking.delegationManager;
    const recipients = this.membersOf(service).map((operator) => ({
      operator,
      allocated: this.allocatedStake(operator, service),
      commissionBps: this.#commission.get(operator) ?? 0n,
      stakers: [...this.stakersOf(operator)].map((s) => [s, dm.getWithdrawableShares(s, [STAKE_STRATEGY]).withdrawableShares[0] ?? 0n] as const),
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

  #elasticFractions(fractions: ReadonlyMap<Address, bigint>, total: bigint): Map<Address, bigint> {
    const degree = BigInt(Math.round(this.#params.restakingDegree * 1e6)) * 10n ** 12n;
    const scaled = new Map<Address, bigint>();
    for (const [s, f] of fractions) scaled.set(s, total === 0n ? 0n : (f * degree) / total);
    return scaled;
  }

  /** The share of the operator's stake it has allocated or is allocating to the service (for yields), cached for the block. */
  #plannedFraction(operator: Address, service: Address): number {
    const block = this.#ctx.chain.blockNumber;
    if (this.#fractionCache.block !== block) this.#fractionCache = { block, byOperator: new Map() };
    let byService = this.#fractionCache.byOperator.get(operator);
    if (byService === undefined) this.#fractionCache.byOperator.set(operator, (byService = new Map()));
    let fraction = byService.get(service);
    if (fraction === undefined) byService.set(service, (fraction = this.#readPlannedFraction(operator, service)));
    return fraction;
  }

  #readPlannedFraction(operator: Address, service: Address): number {
    switch (this.#params.contagion) {
      case 'unique-stake': {
        const am = this.restaking.allocationManager;
        const a = am.getAllocation(operator, { avs: service, id: SET_ID }, STAKE_STRATEGY, this.#ctx.chain.blockNumber);
        const planned = a.currentMagnitude + (a.pendingDiff > 0n ? a.pendingDiff : 0n);
        const max = am.getMaxMagnitude(operator, STAKE_STRATEGY);
        return max === 0n ? 0 : Number((planned * 1_000_000n) / max) / 1_000_000;
      }
      case 'pooled':
        return this.pooled.backs(operator, service) ? 1 : 0;
      case 'elastic':
        return Number((this.elastic.fraction(operator, service) * 1_000_000n) / WAD) / 1_000_000;
    }
  }

  /** Σ over members of planned fraction × stake, in tokens, cached for the block. */
  #plannedServiceStake(service: Address): number {
    const block = this.#ctx.chain.blockNumber;
    if (this.#allocatedCache.block !== block) this.#allocatedCache = { block, byService: new Map() };
    let cached = this.#allocatedCache.byService.get(service);
    if (cached === undefined) {
      cached = 0;
      for (const op of this.membersOf(service)) cached += this.#plannedFraction(op, service) * toTokens(this.#futureStake(op));
      this.#allocatedCache.byService.set(service, cached);
    }
    return cached;
  }

  /** The pooled graph of what is left (validators with their stake once slashable in the ledger set). */
  pooledGraph(): PooledGraph {
    return this.pooled.graph((v) => this.#ledgerStake(v));
  }
}

function addTo(map: Map<Address, bigint>, key: Address, amount: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + amount);
}

/** The router contract calls the AllocationManager as the ledger set's slasher. */
function routerContext(tx: TxContext): TxContext {
  return { sender: LEDGER_AVS, block: tx.block, timestamp: tx.timestamp };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function ceilWad(x: bigint, wad: bigint): bigint {
  return ceilDiv(x * wad, WAD);
}

const UNITS_PER_MICRO_TOKEN = 10n ** 12n;

/** STAKE base units → tokens, as a float for ranking. */
export function toTokens(units: bigint): number {
  return Number(units / UNITS_PER_MICRO_TOKEN) / 1e6;
}

/** Tokens → STAKE base units, rounded down to a micro-token. */
export function tokensToUnits(tokens: number): bigint {
  if (!(tokens >= 0) || !Number.isFinite(tokens)) throw new RangeError(`STAKE amount must be finite and >= 0, got ${tokens}`);
  return BigInt(Math.floor(tokens * 1e6)) * 10n ** 12n;
}

