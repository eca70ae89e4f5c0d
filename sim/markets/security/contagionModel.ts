// What a contagion model is to the security market (security.contagion): how an operator's stake
// backs services, and so what a slash, a shock or an attack takes. The market (securityMarket.ts)
// keeps everything the models share (registrations, transactions, withdrawal queues, listeners)
// and holds no model branches; each model is one file:
// - uniqueStake.ts: EigenLayer's deployed design, magnitudes in each service's operator set;
// - pooled.ts: the Durvasula-Roughgarden restaking graph, every stake unit backing every service;
// - elastic.ts: Bar-Zur and Eyal's elastic restaking, allocations stretching after a slash.
// Tokens leave only through the ported contracts under every model, so STAKE is conserved.
import type { Rational } from '../../analysis/rational.js';
import type { Receipt } from '../../chain/transaction.js';
import type { Address, TxContext } from '../../contracts/types.js';
import type { RestakingDeployment, StrategyBase } from '../../contracts/restaking/index.js';
import type { MarketContext } from '../context.js';
import type { AttackCostModel, RestakingGraphInput } from '../../analysis/restakingGraph.js';

export type ContagionModelName = 'unique-stake' | 'pooled' | 'elastic';

export type SlashReason = 'downtime' | 'sla-breach' | 'equivocation' | 'attack' | 'shock';

export type Done<T> = (r: Receipt<T>) => void;

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
 * What a slashing transaction returns: the slash id in its operator set. What the slash took, the
 * market measures itself (ModelHost.sendSlash), not from the shares it marked.
 */
export interface SlashOutcome {
  readonly slashId: bigint;
}

/** The body of a slashing transaction: it slashes, and says in which operator set and how much. */
export type SlashCall = (tx: TxContext) => SlashOutcome & { readonly operatorSet: { readonly avs: Address; readonly id: number } };

/** What a model reads from, and asks of, the market it serves. */
export interface ModelHost {
  readonly ctx: MarketContext;
  readonly restaking: RestakingDeployment;
  readonly strategy: StrategyBase;
  /** Elastic only: Σ_s w_{v,s} / σ_v each operator's allocations are scaled to (≥ 1). */
  readonly restakingDegree: number;
  operators(): Address[];
  services(): Address[];
  service(avs: Address): ServiceTerms | undefined;
  membersOf(service: Address): readonly Address[];
  servicesOf(operator: Address): readonly Address[];
  isCorrupted(service: Address): boolean;
  /** STAKE delegated to the operator. */
  operatorStake(operator: Address): bigint;
  /**
   * STAKE a slash of all of the operator's magnitude would take now: its delegated stake and its
   * stakers' queued withdrawals still within the withdrawal delay (which the contracts slash too).
   */
  slashableStake(operator: Address): bigint;
  /**
   * Sends a slashing call from `sender` (urgent), books what it took from stakers (never more than
   * they held, whatever it marked) against `service` and `reason`, clears the slashed shares to the
   * burn address, and tells the operator's listeners.
   */
  sendSlash(sender: Address, method: string, operator: Address, service: Address, reason: SlashReason, call: SlashCall, done: Done<bigint>): void;
}

export interface ContagionModel {
  readonly name: ContagionModelName;
  /** How the attacker's search prices an attack under this model. */
  readonly attackCost: AttackCostModel;
  /**
   * A count that moves whenever state the model keeps beside the contracts changes (what
   * allocatedStake and plannedFraction read that no journaled write records); the market keeps
   * views while it stands (viewStamp.ts). 0 for a model that keeps none.
   */
  readonly stateVersion: number;

  /** Genesis deployment the model needs (not transactions). */
  deploy(): void;
  /**
   * After an operator registered with the DelegationManager (`registered`, a success): any further
   * registration the model needs, then `done` with the last receipt.
   */
  afterOperatorRegistered(operator: Address, registered: Receipt<void>, done: Done<void>): void;
  /**
   * Allocates the operator's stake over its services as fractions (WAD = all of it), summing to at
   * most WAD, as this model reads them.
   */
  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>, done: Done<void>): void;

  /** A service slashes `wad` of what `operator` has allocated to it, from its slasher. */
  slash(terms: ServiceTerms, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): void;
  /**
   * Slashes `wad` of everything the model holds at risk for the operator (WAD: all of it): a
   * validator lost in a shock, or ψ of its stake in a pro-rata shock. Calls `done` once per
   * transaction sent, and returns how many it sent.
   */
  slashAtRisk(operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): number;
  /** Executes an attack: what validators B forfeit for corrupting services A. Returns the transactions sent. */
  strike(services: readonly Address[], validators: readonly Address[], done: Done<bigint>): number;

  /** Stake backing `service` from `operator` now, in STAKE base units. */
  allocatedStake(operator: Address, service: Address): bigint;
  /** Everything the model can slash from the operator now (a shock's unit of account). */
  atRisk(operator: Address): bigint;
  /** The share of the operator's stake it has allocated or is allocating to the service (for yields). */
  plannedFraction(operator: Address, service: Address): number;

  /** The live restaking graph as the attacker's search reads it (amounts in base units; see liveGraph). */
  attackGraph(): RestakingGraphInput;
  /**
   * The slack γ* this model's graph certifies: every attack (A, B) on it costs at least
   * (1 + γ*)·π(A). Null when nothing profitable can be corrupted.
   */
  certifiedSlack(graph: RestakingGraphInput): Rational | null;
}

/**
 * The graph of what is left, as the attacker's search reads it: services not yet corrupted, every
 * operator with the stake `stakeOf` gives it, an edge per registration, and, when the model prices
 * attacks by allocation, `allocationOf` on each edge (amounts as integer strings of base units).
 */
export function liveGraph(
  host: ModelHost,
  attackCost: AttackCostModel,
  stakeOf: (operator: Address) => bigint,
  allocationOf?: (operator: Address, service: Address) => bigint,
): RestakingGraphInput {
  const live = host.services().filter((s) => !host.isCorrupted(s));
  const edges = live.flatMap((s) => host.membersOf(s).map((v) => [s, v] as const));
  return {
    attackCost,
    services: live.map((s) => {
      const terms = host.service(s)!;
      return { id: s, profit: terms.profitFromCorruption.toString(), threshold: terms.attackThreshold };
    }),
    validators: host.operators().map((v) => ({ id: v, stake: stakeOf(v).toString() })),
    edges,
    ...(allocationOf ? { allocations: edges.map(([s, v]) => ({ service: s, validator: v, amount: allocationOf(v, s).toString() })) } : {}),
  };
}
