// The `pooled` contagion model: the restaking graph of Durvasula and Roughgarden, "Robust Restaking
// Networks" (ITCS 2025, arXiv 2407.21785; validation spec §2). Stake is fully reused: an operator's
// whole stake σ_v backs every service it registered for, a service's slash takes its share of σ_v,
// and an attack of coalition B on services A forfeits σ(B). The contracts hold each operator's
// whole magnitude in the ledger set (ledgerSet.ts), where every slash is executed.
import type { Rational } from '../../analysis/rational.js';
import { localCondition, type RestakingGraphInput } from '../../analysis/restakingGraph.js';
import { mulWadRoundUp, WAD } from '../../contracts/math.js';
import type { Address } from '../../contracts/types.js';
import { liveGraph, type ContagionModel, type Done, type ServiceTerms, type SlashReason } from './contagionModel.js';
import { LedgerBackedModel } from './ledgerSet.js';

export class PooledModel extends LedgerBackedModel implements ContagionModel {
  readonly name = 'pooled';
  readonly attackCost = 'stake';

  /** Every registration is backed by all of the stake, whatever the fractions say. */
  allocate(operator: Address, _fractions: ReadonlyMap<Address, bigint>, done: Done<void>): void {
    this.ledger.allocateAll(operator, done);
  }

  /** `wad` of σ_v goes, since σ_v backs the service in full; an operator not backing it loses nothing. */
  slash(terms: ServiceTerms, operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): void {
    if (!this.host.membersOf(terms.avs).includes(operator)) return;
    this.ledger.slash(terms.slasher, operator, terms.avs, reason, (stake) => ({ tokens: mulWadRoundUp(stake, wad), commit: noCommit }), done);
  }

  /** B forfeits all of its stake. */
  strike(_services: readonly Address[], validators: readonly Address[], done: Done<bigint>): number {
    let sent = 0;
    for (const v of validators) sent += this.slashAtRisk(v, WAD, 'attack', done);
    return sent;
  }

  allocatedStake(operator: Address, service: Address): bigint {
    return this.host.membersOf(service).includes(operator) ? this.ledger.stake(operator) : 0n;
  }

  plannedFraction(operator: Address, service: Address): number {
    return this.host.membersOf(service).includes(operator) ? 1 : 0;
  }

  attackGraph(): RestakingGraphInput {
    return liveGraph(this.host, this.attackCost, (v) => this.ledger.slashable(v));
  }

  /** The EigenLayer local condition (paper, Claim 1 and Corollary 2): γ* = min_v 1/T_v − 1. */
  certifiedSlack(graph: RestakingGraphInput): Rational | null {
    return localCondition(graph).gammaStar;
  }
}

const noCommit = (): void => {};
