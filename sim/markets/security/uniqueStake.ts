// The `unique-stake` contagion model: EigenLayer's deployed slashing design, straight through the
// ported contracts. Each operator allocates magnitude to the services' operator sets; a slash burns
// only the slice allocated to the slashing service (AllocationManager.slashOperator), though it
// lowers every staker of the operator. An attack of B on A forfeits only the slices B allocated to
// A: Σ_{v∈B,s∈A} w_{v,s}. Contagion runs through stakers' withdrawals, correlated failures and rewards.
//
// Shocks and attacks are slashes like any other, sent by the slashers of the operator sets they
// hit: only a set's slasher may slash it.
import type { Rational } from '../../analysis/rational.js';
import { localCondition, type RestakingGraphInput } from '../../analysis/restakingGraph.js';
import type { Receipt } from '../../chain/transaction.js';
import { mulDiv, WAD } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';
import { ratioToNumber } from '../../units.js';
import { send } from '../context.js';
import { liveGraph, type ContagionModel, type Done, type ModelHost, type ServiceTerms, type SlashReason } from './contagionModel.js';
import { STAKE_STRATEGY } from './stake.js';

const SET_ID = 0;

export class UniqueStakeModel implements ContagionModel {
  readonly name = 'unique-stake';
  readonly attackCost = 'allocated';
  /** Everything it reads is in the contracts. */
  readonly stateVersion = 0;
  readonly #host: ModelHost;

  constructor(host: ModelHost) {
    this.#host = host;
  }

  deploy(): void {}

  afterOperatorRegistered(_operator: Address, registered: Receipt<void>, done: Done<void>): void {
    done(registered);
  }

  allocate(operator: Address, fractions: ReadonlyMap<Address, bigint>, done: Done<void>): void {
    const am = this.#host.restaking.allocationManager;
    // A zero slice is no allocation (modifyAllocations would refuse it as SameMagnitude).
    const params = [...fractions].filter(([, f]) => f > 0n).map(([service, f]) => ({
      operatorSet: { avs: service, id: SET_ID },
      strategies: [STAKE_STRATEGY],
      newMagnitudes: [f],
    }));
    send(this.#host.ctx, operator, 'AllocationManager.modifyAllocations', (tx) => am.modifyAllocations(tx, operator, params), done);
  }

  slash(terms: ServiceTerms, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): void {
    this.#slashSet(terms, operator, wad, reason, done);
  }

  /** `wad` of every slice the operator allocated, each slashed by its set's slasher. */
  slashAtRisk(operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): number {
    let sent = 0;
    for (const service of this.#host.servicesOf(operator)) {
      if (this.#slashableSlice(operator, service) === 0n) continue;
      this.#slashSet(this.#host.service(service)!, operator, wad, reason, done);
      sent++;
    }
    return sent;
  }

  /** Each validator of B loses its whole slice in each service of A. */
  strike(services: readonly Address[], validators: readonly Address[], done: Done<bigint>): number {
    let sent = 0;
    for (const v of validators) {
      for (const s of services) {
        if (this.#slashableSlice(v, s) === 0n) continue;
        this.#slashSet(this.#host.service(s)!, v, WAD, 'attack', done);
        sent++;
      }
    }
    return sent;
  }

  allocatedStake(operator: Address, service: Address): bigint {
    const { restaking, strategy, ctx } = this.#host;
    const shares = restaking.allocationManager.getAllocatedStake({ avs: service, id: SET_ID }, [operator], [STAKE_STRATEGY], ctx.chain.blockNumber)[0]?.[0] ?? 0n;
    return strategy.sharesToUnderlyingView(shares);
  }

  atRisk(operator: Address): bigint {
    let sum = 0n;
    for (const service of this.#host.servicesOf(operator)) sum += this.#slashableSlice(operator, service);
    return sum;
  }

  plannedFraction(operator: Address, service: Address): number {
    const am = this.#host.restaking.allocationManager;
    const a = am.getAllocation(operator, { avs: service, id: SET_ID }, STAKE_STRATEGY, this.#host.ctx.chain.blockNumber);
    const planned = a.currentMagnitude + (a.pendingDiff > 0n ? a.pendingDiff : 0n);
    const max = am.getMaxMagnitude(operator, STAKE_STRATEGY);
    return max === 0n ? 0 : ratioToNumber(planned, max);
  }

  attackGraph(): RestakingGraphInput {
    return liveGraph(this.#host, this.attackCost, (v) => this.#host.slashableStake(v), (v, s) => this.#slashableSlice(v, s));
  }

  /**
   * What slashing all of the slice takes: the operator's slashable stake (delegated, and queued
   * withdrawals within the delay, which slashOperator takes too) times the slice's share of its max
   * magnitude, rounded down. allocatedStake (the contracts' getAllocatedStake) counts delegated
   * stake only: what backs the service and earns its rewards.
   */
  #slashableSlice(operator: Address, service: Address): bigint {
    const { restaking, ctx } = this.#host;
    const am = restaking.allocationManager;
    const current = am.getAllocation(operator, { avs: service, id: SET_ID }, STAKE_STRATEGY, ctx.chain.blockNumber).currentMagnitude;
    const max = am.getMaxMagnitude(operator, STAKE_STRATEGY);
    return current === 0n || max === 0n ? 0n : mulDiv(this.#host.slashableStake(operator), current, max, 'down');
  }

  /**
   * Unique stake is the pooled model on the graph of slices: each allocation w_{v,s} a validator of
   * its own backing s alone (an attack on A burns exactly B's slices on A). The local condition on
   * that graph gives γ* = min_s α_s·W_s / π_s − 1.
   */
  certifiedSlack(graph: RestakingGraphInput): Rational | null {
    const slices = (graph.allocations ?? []).map((a) => ({ service: a.service, id: `${a.validator}@${a.service}`, stake: a.amount }));
    return localCondition({
      services: graph.services,
      validators: slices.map((slice) => ({ id: slice.id, stake: slice.stake })),
      edges: slices.map((slice) => [slice.service, slice.id] as const),
    }).gammaStar;
  }

  #slashSet(terms: ServiceTerms, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): void {
    const { restaking } = this.#host;
    this.#host.sendSlash(terms.slasher, 'AllocationManager.slashOperator', operator, terms.avs, reason, (tx) => {
      const operatorSet = { avs: terms.avs, id: SET_ID };
      const result = restaking.allocationManager.slashOperator(tx, terms.avs, { operator, operatorSetId: SET_ID, strategies: [STAKE_STRATEGY], wadsToSlash: [wad], description: reason });
      return { operatorSet, slashId: result.slashId };
    }, done);
  }
}
