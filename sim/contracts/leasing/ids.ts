// Akash object ids and the escrow ids derived from them (akash-api v0.0.83 go/node/{deployment,market}
// id.go, deployment EscrowAccountForDeployment, market EscrowAccountForBid / EscrowPaymentForLease).
// Each id nests its parent: deployment (owner, dseq) > group (gseq) > order (oseq) > bid (provider).
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
export const groupKey = (id: GroupId): string => `${deploymentKey(id)}/${id.gseq}`;
export const orderKey = (id: OrderId): string => `${groupKey(id)}/${id.oseq}`;
export const bidKey = (id: BidId): string => `${orderKey(id)}/${id.provider}`;

// Each child id is written out field by field rather than spread from its parent (`{ ...gid, oseq }`):
// on Node 20's V8 a spread that adds a property builds a new hidden class every time, which cost
// microseconds per bid and much of the run's garbage.
export const groupIdIn = (id: DeploymentId, gseq: number): GroupId => ({ owner: id.owner, dseq: id.dseq, gseq });
export const orderIdIn = (id: GroupId, oseq: number): OrderId => ({ owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq });
export const bidIdIn = (id: OrderId, provider: Address): BidId => ({ owner: id.owner, dseq: id.dseq, gseq: id.gseq, oseq: id.oseq, provider });

export const escrowAccountForDeployment = (id: DeploymentId): AccountId => ({ scope: 'deployment', xid: deploymentKey(id) });
export const escrowAccountForBid = (id: BidId): AccountId => ({ scope: 'bid', xid: bidKey(id) });
// The payment id is the lease id below the deployment, so `${account xid}/${payment id}` is the lease key.
export const escrowPaymentForLease = (id: LeaseId): string => `${id.gseq}/${id.oseq}/${id.provider}`;
export const leaseKeyOfPayment = (accountXid: string, paymentId: string): string => `${accountXid}/${paymentId}`;
