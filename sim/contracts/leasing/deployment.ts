// Akash x/deployment v0.38: a tenant's deployment, its groups (one order each) and its escrow account.
// Ports akash-network/node v0.38 x/deployment/keeper/keeper.go (state) and
// x/deployment/handler/server.go (CreateDeployment, DepositDeployment, CloseDeployment).
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';
import type { AccountId, EscrowKeeper } from './escrow.js';
import { atSeq, DeploymentIndex, deploymentKey, escrowAccountForDeployment, groupIdIn, groupKey, type DeploymentId, type GroupId } from './ids.js';
import type { LegacyDec } from './LegacyDec.js';
import type { MarketKeeper } from './market.js';

export type DeploymentState = 'active' | 'closed';
export type GroupState = 'open' | 'paused' | 'insufficient_funds' | 'closed';

/**
 * What a group asks for. Simplified for the lab (akash-api GroupSpec carries resource units and
 * placement attributes): `count` units of `gpus` GPUs each, on a provider whose GPU model attribute
 * is `gpuModel`, at most `price` per unit per block.
 */
export interface GroupSpec {
  readonly name: string;
  readonly gpuModel: string;
  readonly gpus: number;
  readonly count: number;
  readonly price: LegacyDec;
}

// Port of akash-api go/node/deployment/v1beta3/groupspec.go Price: Σ resource price × count
export const groupSpecPrice = (spec: GroupSpec): LegacyDec => spec.price.mulInt(BigInt(spec.count));

export interface Deployment {
  readonly id: DeploymentId;
  readonly state: DeploymentState;
  readonly createdAt: number;
}

export interface Group {
  readonly id: GroupId;
  readonly state: GroupState;
  readonly spec: GroupSpec;
  readonly createdAt: number;
}

export interface DeploymentParams {
  /** MinDeposits for the escrow denom. */
  readonly minDeposit: bigint;
}

// akash-api go/node/deployment/v1beta3/params.go default: 500000uakt
export const DEFAULT_DEPLOYMENT_PARAMS: DeploymentParams = { minDeposit: 500_000n };

/**
 * A deployment, its groups by gseq (from 1), and its escrow account id: kept with the record so every
 * escrow call about the deployment passes the same xid string, whose hash V8 keeps after the first
 * look-up (a freshly built key is flattened and hashed on every call). Dropped with the record on prune.
 */
interface DeploymentEntry {
  deployment: Deployment;
  readonly groups: Group[];
  readonly escrowAccount: AccountId;
}

export class DeploymentKeeper {
  readonly #deployments = new DeploymentIndex<DeploymentEntry>();

  // Port of x/deployment/keeper/keeper.go GetDeployment
  getDeployment(id: DeploymentId): Deployment | undefined {
    return this.#deployments.get(id)?.deployment;
  }

  // Port of x/deployment/keeper/keeper.go GetGroup
  getGroup(id: GroupId): Group | undefined {
    return atSeq(this.#deployments.get(id)?.groups, id.gseq);
  }

  // Port of x/deployment/keeper/keeper.go GetGroups
  getGroups(id: DeploymentId): Group[] {
    return [...(this.#deployments.get(id)?.groups ?? [])];
  }

  /**
   * Not a port: the deployment's escrow account id (EscrowAccountForDeployment), the one object kept
   * with the record while it stands; built afresh for a deployment not kept (never created or pruned).
   */
  escrowAccountOf(id: DeploymentId): AccountId {
    return this.#deployments.get(id)?.escrowAccount ?? escrowAccountForDeployment(id);
  }

  /** Every deployment, in the order of DeploymentIndex. */
  *deployments(): IterableIterator<Deployment> {
    for (const entry of this.#deployments.values()) yield entry.deployment;
  }

  /** Every group, deployment by deployment. */
  *groups(): IterableIterator<Group> {
    for (const entry of this.#deployments.values()) yield* entry.groups;
  }

  // Port of x/deployment/keeper/keeper.go Create: groups numbered from 1, all open. `escrowAccount` is
  // the id the escrow account was created under (kept, see DeploymentEntry).
  create(ctx: TxContext, id: DeploymentId, specs: readonly GroupSpec[], escrowAccount: AccountId): Group[] {
    const groups = specs.map((spec, i): Group => ({ id: groupIdIn(id, i + 1), state: 'open', spec, createdAt: ctx.block }));
    this.#deployments.set(id, { deployment: { id, state: 'active', createdAt: ctx.block }, groups, escrowAccount });
    return [...groups];
  }

  // Port of x/deployment/keeper/keeper.go CloseDeployment
  closeDeployment(deployment: Deployment): void {
    if (deployment.state === 'closed') return;
    this.#deployments.get(deployment.id)!.deployment = { id: deployment.id, state: 'closed', createdAt: deployment.createdAt };
  }

  /** Not a port: the lab's state pruning (see Akash's pruneDeployment). Removes a deployment and its groups. */
  prune(id: DeploymentId): void {
    this.#deployments.delete(id);
  }

  // Port of x/deployment/keeper/keeper.go OnCloseGroup
  onCloseGroup(group: Group, state: GroupState): void {
    this.#setGroupState(group, state);
  }

  // Port of x/deployment/keeper/keeper.go OnBidClosed → OnPauseGroup: a provider walked away, so the
  // group waits for its owner instead of being re-auctioned.
  onBidClosed(id: GroupId): void {
    const group = this.getGroup(id);
    if (group === undefined) throw new Revert('ErrGroupNotFound', groupKey(id));
    this.#setGroupState(group, 'paused');
  }

  // Stored records are never edited in place: a reader holding a Group keeps what it read.
  #setGroupState(group: Group, state: GroupState): void {
    this.#deployments.get(group.id)!.groups[group.id.gseq - 1] = { id: group.id, state, spec: group.spec, createdAt: group.createdAt };
  }
}

// Port of akash-api go/node/deployment/v1beta3/group.go ValidateClosable
export const isGroupClosable = (group: Group): boolean => group.state !== 'closed';

/** The deployment messages a tenant sends. */
export class DeploymentMsgServer {
  constructor(
    private readonly deployments: DeploymentKeeper,
    private readonly market: MarketKeeper,
    private readonly escrow: EscrowKeeper,
    private readonly params: DeploymentParams = DEFAULT_DEPLOYMENT_PARAMS,
  ) {}

  // Port of x/deployment/handler/server.go CreateDeployment. The owner signs; `depositor` (default
  // the owner) pays the deposit from its token balance through its allowance to the escrow module.
  createDeployment(ctx: TxContext, dseq: number, specs: readonly GroupSpec[], deposit: bigint, depositor: Address = ctx.sender): DeploymentId {
    const id: DeploymentId = { owner: ctx.sender, dseq };
    if (this.deployments.getDeployment(id) !== undefined) throw new Revert('ErrDeploymentExists', deploymentKey(id));
    if (specs.length === 0) throw new Revert('ErrInvalidGroups', 'empty');
    for (const s of specs) {
      if (s.count < 1 || s.gpus < 0 || s.price.isNegative()) throw new Revert('ErrInvalidGroups', s.name);
    }
    if (deposit < this.params.minDeposit) throw new Revert('ErrInvalidDeposit', deposit, this.params.minDeposit);
    // The escrow account first: its token pull is the one step that can still fail.
    const escrowAccount = escrowAccountForDeployment(id);
    this.escrow.accountCreate(ctx, escrowAccount, id.owner, depositor, deposit);
    for (const group of this.deployments.create(ctx, id, specs, escrowAccount)) this.market.createOrder(ctx, group.id, group.spec);
    return id;
  }

  // Port of x/deployment/handler/server.go DepositDeployment: the signer deposits; nothing is settled
  depositDeployment(ctx: TxContext, id: DeploymentId, amount: bigint): void {
    const deployment = this.deployments.getDeployment(id);
    if (deployment === undefined) throw new Revert('ErrDeploymentNotFound', deploymentKey(id));
    if (deployment.state !== 'active') throw new Revert('ErrDeploymentClosed', deploymentKey(id));
    this.escrow.accountDeposit(ctx, this.deployments.escrowAccountOf(id), ctx.sender, amount);
  }

  // Port of x/deployment/handler/server.go CloseDeployment: the escrow hooks close groups, orders,
  // bids and leases
  closeDeployment(ctx: TxContext, id: DeploymentId): void {
    requireSigner(ctx, id.owner);
    const deployment = this.deployments.getDeployment(id);
    if (deployment === undefined) throw new Revert('ErrDeploymentNotFound', deploymentKey(id));
    if (deployment.state !== 'active') throw new Revert('ErrDeploymentClosed', deploymentKey(id));
    this.escrow.accountClose(ctx, this.deployments.escrowAccountOf(id));
  }
}

/** A Cosmos message is signed by the address it names; anyone else is refused before the handler. */
export function requireSigner(ctx: TxContext, signer: Address): void {
  if (ctx.sender !== signer) throw new Revert('ErrUnauthorized', ctx.sender, signer);
}
