// The leases the lease market follows, by deployment: after every transaction on a deployment the
// market adds what its leases' payments paid out and announces the leases that ended. It used to
// walk every bid record of the deployment for that (losing bids included, 3.6 records a walk) and
// to note each lease's payout and announcement in maps keyed by lease; the walk now covers the
// deployment's leases only, each with its notes beside it.
//
// A lease is followed from the moment the keeper writes it (the market adds it inside its
// CreateLease transaction), so every receipt delivered after that execution finds it, as the walk
// over the keeper's records did. Leases are kept in the keeper's walking order (group, then order;
// an order has one lease at most), and each holds the keeper's record: MarketKeeper stores one
// record per bid for the bid's life and updates it in place, so the lease's state is read live.
import { DeploymentIndex, type DeploymentId } from '../../contracts/leasing/ids.js';
import type { AccountId } from '../../contracts/leasing/escrow.js';
import type { BidRecord } from '../../contracts/leasing/market.js';

export interface FollowedLease {
  /** The keeper's record of the won bid (its lease is set). */
  readonly record: BidRecord;
  /** The payment's `withdrawn` as last seen, to add only what changed to the market's payouts. */
  withdrawnSeen: bigint;
  /** The lease's end has been announced (each end is announced once). */
  endAnnounced: boolean;
  /** Its key in the market's active leases, kept from its start so that its end need not build it again. */
  activeKey: string | undefined;
}

export interface FollowedDeployment {
  /** The deployment's escrow account, which holds its leases' payments. */
  readonly account: AccountId;
  /** Its leases, by gseq then oseq. */
  readonly leases: FollowedLease[];
}

export class FollowedLeases {
  readonly #byDeployment = new DeploymentIndex<FollowedDeployment>();

  /** Starts following the lease of `record`, on the deployment whose escrow account is `account`. */
  follow(id: DeploymentId, account: AccountId, record: BidRecord): FollowedLease {
    let deployment = this.#byDeployment.get(id);
    if (deployment === undefined) this.#byDeployment.set(id, (deployment = { account, leases: [] }));
    const { leases } = deployment;
    const lease: FollowedLease = { record, withdrawnSeen: 0n, endAnnounced: false, activeKey: undefined };
    let at = leases.length;
    while (at > 0 && walksAfter(leases[at - 1]!.record, record)) at--;
    leases.splice(at, 0, lease);
    return lease;
  }

  /** The followed leases of deployment `id`, or undefined when it has none. */
  of(id: DeploymentId): FollowedDeployment | undefined {
    return this.#byDeployment.get(id);
  }

  /** Stops following the leases of deployment `id` (its records were pruned). */
  forget(id: DeploymentId): void {
    this.#byDeployment.delete(id);
  }
}

/** Whether the keeper walks `a` after `b`: a later group, or a later order of the same group. */
function walksAfter(a: BidRecord, b: BidRecord): boolean {
  return a.bid.id.gseq !== b.bid.id.gseq ? a.bid.id.gseq > b.bid.id.gseq : a.bid.id.oseq > b.bid.id.oseq;
}
