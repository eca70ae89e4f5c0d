// The contagion ledger's operator set, shared by the pooled and elastic models. The contracts cannot
// hold one unit of stake for several services at once (magnitudes sum to at most WAD), so under
// those models each operator allocates its whole magnitude to this one set, and the model decides
// how many tokens a slash takes; the ledger router then slashes that share of the operator's stake
// here, through AllocationManager.slashOperator. Tokens move only through the contracts.
import { revert } from '../../contracts/errors.js';
import { mulDiv, mulWadRoundUp, WAD } from '../../contracts/math.js';
import type { OperatorSet } from '../../contracts/restaking/index.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { send } from '../context.js';
import type { Receipt } from '../../chain/transaction.js';
import type { Done, ModelHost, SlashReason } from './contagionModel.js';
import { STAKE_STRATEGY } from './stake.js';

export const LEDGER_AVS: Address = 'security:contagion-ledger';
/** Sends the burns of exogenous shocks and attacks through the ledger router (the model's keeper). */
export const LEDGER_KEEPER: Address = 'security:ledger-keeper';
const SET_ID = 0;
const LEDGER_SET: OperatorSet = { avs: LEDGER_AVS, id: SET_ID };

/** How many tokens a ledger slash takes from an operator whose ledger stake is `stake`, and what to write once they are gone. */
export type LedgerPlan = (stake: bigint) => { readonly tokens: bigint; readonly commit: () => void };

export class LedgerSet {
  readonly #host: ModelHost;

  constructor(host: ModelHost) {
    this.#host = host;
  }

  /** Deployment, not transactions: the ledger set exists at genesis. */
  deploy(): void {
    const { allocationManager } = this.#host.restaking;
    const chain = this.#host.ctx.chain;
    allocationManager.updateAVSMetadataURI(chain.context(LEDGER_AVS), LEDGER_AVS, 'contagion ledger');
    allocationManager.createOperatorSets(chain.context(LEDGER_AVS), LEDGER_AVS, [{ operatorSetId: SET_ID, strategies: [STAKE_STRATEGY] }]);
  }

  register(operator: Address, done: Done<void>): void {
    const am = this.#host.restaking.allocationManager;
    send(this.#host.ctx, operator, 'AllocationManager.registerForOperatorSets', (tx) =>
      am.registerForOperatorSets(tx, operator, { avs: LEDGER_AVS, operatorSetIds: [SET_ID] }), done);
  }

  /** Allocates all of the operator's magnitude to the ledger set. */
  allocateAll(operator: Address, done: Done<void>): void {
    const am = this.#host.restaking.allocationManager;
    const all = [{ operatorSet: LEDGER_SET, strategies: [STAKE_STRATEGY], newMagnitudes: [WAD] }];
    send(this.#host.ctx, operator, 'AllocationManager.modifyAllocations', (tx) => am.modifyAllocations(tx, operator, all), done);
  }

  /** The operator's delegated stake as the ledger set sees it: all of it once its allocation there is active (what backs services, and earns). */
  stake(operator: Address): bigint {
    return this.#active(operator) ? this.#host.operatorStake(operator) : 0n;
  }

  /**
   * What a slash here reaches: the delegated stake and the queued withdrawals still slashable, once
   * the allocation is active. A staker who queues a withdrawal does not escape a slash (or an
   * attack) for the withdrawal delay, as under the contracts.
   */
  slashable(operator: Address): bigint {
    return this.#active(operator) ? this.#host.slashableStake(operator) : 0n;
  }

  #active(operator: Address): boolean {
    return this.#host.restaking.allocationManager.getAllocation(operator, LEDGER_SET, STAKE_STRATEGY, this.#host.ctx.chain.blockNumber).currentMagnitude > 0n;
  }

  /**
   * Slashes, through the ledger router, the tokens `plan` takes from the operator's slashable stake:
   * the router slashes that share, rounded up, of the ledger set's allocation (all of the operator's
   * magnitude), which the contracts take from delegated and slashable queued shares alike. Sent by a
   * service's slasher or by the keeper; `service` is whom it is booked to.
   */
  slash(sender: Address, operator: Address, service: Address, reason: SlashReason, plan: LedgerPlan, done: Done<bigint>): void {
    const host = this.#host;
    const am = host.restaking.allocationManager;
    host.sendSlash(sender, 'ContagionLedger.slash', operator, service, reason, (tx) => {
      if (sender !== LEDGER_KEEPER && !host.services().some((s) => host.service(s)?.slasher === sender)) revert('OnlyServiceSlasher');
      const stake = this.slashable(operator);
      const { tokens, commit } = plan(stake);
      if (tokens === 0n || stake === 0n) revert('NothingToSlash');
      const wad = mulDiv(tokens, WAD, stake, 'up');
      const result = am.slashOperator(routerContext(tx), LEDGER_AVS, {
        operator,
        operatorSetId: SET_ID,
        strategies: [STAKE_STRATEGY],
        wadsToSlash: [wad > WAD ? WAD : wad],
        description: reason,
      });
      commit();
      return { operatorSet: LEDGER_SET, slashId: result.slashId };
    }, done);
  }
}

/** The router contract calls the AllocationManager as the ledger set's slasher. */
function routerContext(tx: TxContext): TxContext {
  return { sender: LEDGER_AVS, block: tx.block, timestamp: tx.timestamp };
}

/**
 * What the pooled and elastic models share: the ledger set holds all of each operator's stake σ_v
 * (delegated, and queued withdrawals still slashable), which is everything the model can slash. Shocks take `wad` of σ_v, and leave the model's
 * own records (the elastic fractions of σ_v) as they are.
 */
export abstract class LedgerBackedModel {
  protected readonly host: ModelHost;
  protected readonly ledger: LedgerSet;

  constructor(host: ModelHost) {
    this.host = host;
    this.ledger = new LedgerSet(host);
  }

  /** The ledger set keeps nothing beside the contracts; a model that does overrides this. */
  get stateVersion(): number {
    return 0;
  }

  deploy(): void {
    this.ledger.deploy();
  }

  afterOperatorRegistered(operator: Address, _registered: Receipt<void>, done: Done<void>): void {
    this.ledger.register(operator, done);
  }

  slashAtRisk(operator: Address, wad: bigint, reason: SlashReason, done: Done<bigint>): number {
    if (this.ledger.slashable(operator) === 0n) return 0;
    this.ledger.slash(LEDGER_KEEPER, operator, LEDGER_KEEPER, reason, (stake) => ({ tokens: mulWadRoundUp(stake, wad), commit: () => {} }), done);
    return 1;
  }

  atRisk(operator: Address): bigint {
    return this.ledger.slashable(operator);
  }
}
