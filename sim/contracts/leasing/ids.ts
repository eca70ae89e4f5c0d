// Akash object ids and the escrow ids derived from them (akash-api v0.0.83 go/node/{deployment,market}
// id.go, deployment EscrowAccountForDeployment, market EscrowAccountForBid / EscrowPaymentForLease).
// Each id nests its parent: deployment (owner, dseq) > group (gseq) > order (oseq) > bid (provider).
//
// The keepers find their records through `DeploymentIndex` (owner, then dseq) and small arrays or
// maps below it, never through a string built from the id: building and hashing such keys was a
// large share of a run. The string keys remain for the escrow ids, for messages, and for readers
// outside the contracts that want one key per object.
import type { Address } from '../types.js';
import type { AccountId } from './escrow.js';

export interface DeploymentId {
  readonly owner: Address;
  readonly dseq: number;
}

export interface GroupId extends DeploymentId {
  readonly gseq: number;
}

export interface OrderId extends GroupId {
  readonly oseq: number;
}

/** A bid, and the lease it becomes when it wins (LeaseID = BidID). */
export interface BidId extends OrderId {
  readonly provider: Address;
}

export type LeaseId = BidId;

export const deploymentKey = (id: DeploymentId): string => `${id.owner}/${id.dseq}`;
export const groupKey = (id: GroupId): string => `${id.owner}/${id.dseq}/${id.gseq}`;
export const orderKey = (id: OrderId): string => `${id.owner}/${id.dseq}/${id.gseq}/${id.oseq}`;
export const bidKey = (id: BidId): string => `${id.owner}/${id.dseq}/${id.gseq}/${id.oseq}/${id.provider}`;

// Each child id is written out field by field rather than spread from its parent (`{ ...gid, oseq }`):
// on Node 20's V8 a spread that adds a property builds a new hidden class every time, which cost
// microseconds per bid and much of the run's garbage.
export const groupIdIn = (id: DeploymentId, gseq: number): GroupId => ({ owner: id.owner, dseq: id.dseq, gseq });
export const orderIdIn = (id: GroupId, oseq: number): OrderId => ({ owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq });
export const bidIdIn = (id: OrderId, provider: Address): BidId => ({ owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider });

/** Whether two bid ids name the same bid (ids are compared field by field, never through a key string). */
export const sameBid = (a: BidId, b: BidId): boolean =>
  a.provider === b.provider && a.dseq === b.dseq && a.oseq === b.oseq && a.gseq === b.gseq && a.owner === b.owner;

export const escrowAccountForDeployment = (id: DeploymentId): AccountId => ({ scope: 'deployment', xid: deploymentKey(id) });
export const escrowAccountForBid = (id: BidId): AccountId => ({ scope: 'bid', xid: bidKey(id) });
// The payment id is the lease id below the deployment: "gseq/oseq/provider".
export const escrowPaymentForLease = (id: LeaseId): string => `${id.gseq}/${id.oseq}/${id.provider}`;

// Port of akash-api go/node/deployment/v1beta3/escrow.go DeploymentIDFromEscrowAccount: the xid is "owner/dseq"
export function deploymentIdFromEscrowAccount(id: AccountId): DeploymentId | undefined {
  if (id.scope !== 'deployment') return undefined;
  const at = id.xid.lastIndexOf('/');
  return at < 0 ? undefined : { owner: id.xid.slice(0, at), dseq: Number(id.xid.slice(at + 1)) };
}

// Port of akash-api go/node/market/v1beta4/escrow.go LeaseIDFromEscrowAccount: the deployment from the
// account, then "gseq/oseq/provider" from the payment id
export function leaseIdFromEscrowAccount(account: AccountId, paymentId: string): LeaseId | undefined {
  const deployment = deploymentIdFromEscrowAccount(account);
  const first = paymentId.indexOf('/');
  const second = paymentId.indexOf('/', first + 1);
  if (deployment === undefined || first < 0 || second < 0) return undefined;
  const group = groupIdIn(deployment, Number(paymentId.slice(0, first)));
  return bidIdIn(orderIdIn(group, Number(paymentId.slice(first + 1, second))), paymentId.slice(second + 1));
}

/**
 * Values by deployment id: by owner, then by dseq, so a look-up builds no string. Iterates owners
 * in the order they first appeared, and each owner's deployments in the order they were added.
 */
export class DeploymentIndex<T> {
  readonly #byOwner = new Map<Address, Map<number, T>>();

  get(id: DeploymentId): T | undefined {
    return this.#byOwner.get(id.owner)?.get(id.dseq);
  }

  set(id: DeploymentId, value: T): void {
    let byDseq = this.#byOwner.get(id.owner);
    if (byDseq === undefined) this.#byOwner.set(id.owner, (byDseq = new Map()));
    byDseq.set(id.dseq, value);
  }

  /** Removes a deployment's value, and its owner once it has none left. */
  delete(id: DeploymentId): void {
    const byDseq = this.#byOwner.get(id.owner);
    if (byDseq === undefined) return;
    byDseq.delete(id.dseq);
    if (byDseq.size === 0) this.#byOwner.delete(id.owner);
  }

  *values(): IterableIterator<T> {
    for (const byDseq of this.#byOwner.values()) yield* byDseq.values();
  }
}

/** The entry at a 1-based sequence number (gseq, oseq) in a list numbered from 1; undefined for any other number. */
export function atSeq<T>(list: readonly T[] | undefined, seq: number): T | undefined {
  return list !== undefined && Number.isInteger(seq) && seq >= 1 ? list[seq - 1] : undefined;
}
