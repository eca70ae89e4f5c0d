// The lease market's followed leases (sim/markets/lease/followedLeases.ts): by deployment, in the
// keeper's walking order whatever order the leases were made in, forgotten with their deployment.
import { describe, expect, it } from 'vitest';
import { bidIdIn, groupIdIn, orderIdIn, type DeploymentId } from '../../sim/contracts/leasing/ids.js';
import type { BidRecord } from '../../sim/contracts/leasing/market.js';
import { LegacyDec } from '../../sim/contracts/leasing/LegacyDec.js';
import { FollowedLeases } from '../../sim/markets/lease/followedLeases.js';

const deployment: DeploymentId = { owner: 'tenant', dseq: 7 };
const account = { scope: 'deployment' as const, xid: 'tenant/7' };

function wonRecord(gseq: number, oseq: number, provider: string): BidRecord {
  const id = bidIdIn(orderIdIn(groupIdIn(deployment, gseq), oseq), provider);
  return {
    bid: { id, state: 'active', price: LegacyDec.ONE, createdAt: 1 },
    lease: { id, state: 'active', price: LegacyDec.ONE, createdAt: 1 },
    escrowAccount: { scope: 'bid', xid: `tenant/7/${gseq}/${oseq}/${provider}` },
    paymentId: `${gseq}/${oseq}/${provider}`,
  };
}

const walked = (leases: FollowedLeases, id: DeploymentId): string[] =>
  (leases.of(id)?.leases ?? []).map(({ record }) => record.paymentId!);

describe('FollowedLeases', () => {
  it('walks a deployment’s leases by group, then order, whatever order they were made in', () => {
    const leases = new FollowedLeases();
    for (const [gseq, oseq, provider] of [[2, 1, 'p1'], [1, 2, 'p2'], [3, 1, 'p3'], [1, 1, 'p4'], [2, 2, 'p5']] as const) {
      leases.follow(deployment, account, wonRecord(gseq, oseq, provider));
    }
    expect(walked(leases, deployment)).toEqual(['1/1/p4', '1/2/p2', '2/1/p1', '2/2/p5', '3/1/p3']);
    expect(leases.of(deployment)!.account).toBe(account);
  });

  it('starts each lease with nothing seen and nothing announced, and keeps deployments apart', () => {
    const leases = new FollowedLeases();
    leases.follow(deployment, account, wonRecord(1, 1, 'p1'));
    expect(leases.of(deployment)!.leases[0]).toMatchObject({ withdrawnSeen: 0n, endAnnounced: false });
    expect(leases.of({ owner: 'tenant', dseq: 8 })).toBeUndefined();
    expect(leases.of({ owner: 'other', dseq: 7 })).toBeUndefined();
    leases.forget(deployment);
    expect(leases.of(deployment)).toBeUndefined();
  });
});
