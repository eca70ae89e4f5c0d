// The Akash ids: the escrow ids a keeper derives from a deployment or a lease, and the parse back
// (DeploymentIDFromEscrowAccount, LeaseIDFromEscrowAccount) that the escrow hooks rely on to find
// the deployment or lease of a closed account or payment.
import { describe, expect, it } from 'vitest';
import {
  atSeq,
  bidIdIn,
  bidKey,
  DeploymentIndex,
  deploymentIdFromEscrowAccount,
  escrowAccountForBid,
  escrowAccountForDeployment,
  escrowPaymentForLease,
  groupIdIn,
  leaseIdFromEscrowAccount,
  orderIdIn,
  sameBid,
} from '../../../sim/contracts/leasing/ids.js';

const lease = bidIdIn(orderIdIn(groupIdIn({ owner: 'tenant:7', dseq: 12 }, 2), 3), 'provider:41');

describe('escrow ids', () => {
  it('spell a deployment account "owner/dseq" and a lease payment "gseq/oseq/provider"', () => {
    expect(escrowAccountForDeployment(lease)).toEqual({ scope: 'deployment', xid: 'tenant:7/12' });
    expect(escrowAccountForBid(lease)).toEqual({ scope: 'bid', xid: 'tenant:7/12/2/3/provider:41' });
    expect(escrowPaymentForLease(lease)).toBe('2/3/provider:41');
    expect(bidKey(lease)).toBe('tenant:7/12/2/3/provider:41');
  });

  it('parse back to the deployment and the lease they came from', () => {
    expect(deploymentIdFromEscrowAccount(escrowAccountForDeployment(lease))).toEqual({ owner: 'tenant:7', dseq: 12 });
    expect(leaseIdFromEscrowAccount(escrowAccountForDeployment(lease), escrowPaymentForLease(lease))).toEqual(lease);
    // An owner with a slash still parses: dseq follows the last one.
    const odd = bidIdIn(orderIdIn(groupIdIn({ owner: 'a/b', dseq: 1 }, 1), 1), 'p');
    expect(leaseIdFromEscrowAccount(escrowAccountForDeployment(odd), escrowPaymentForLease(odd))).toEqual(odd);
  });

  it('find no deployment behind a bid account, and no lease behind a malformed payment id', () => {
    expect(deploymentIdFromEscrowAccount(escrowAccountForBid(lease))).toBeUndefined();
    expect(leaseIdFromEscrowAccount(escrowAccountForBid(lease), '2/3/p')).toBeUndefined();
    expect(leaseIdFromEscrowAccount(escrowAccountForDeployment(lease), '2-3-p')).toBeUndefined();
  });
});

describe('keeper indexes', () => {
  it('DeploymentIndex finds by (owner, dseq) and iterates owners in first-seen order', () => {
    const index = new DeploymentIndex<string>();
    index.set({ owner: 'b', dseq: 2 }, 'b2');
    index.set({ owner: 'a', dseq: 1 }, 'a1');
    index.set({ owner: 'b', dseq: 1 }, 'b1');
    expect(index.get({ owner: 'b', dseq: 1 })).toBe('b1');
    expect(index.get({ owner: 'a', dseq: 2 })).toBeUndefined();
    expect([...index.values()]).toEqual(['b2', 'b1', 'a1']);
  });

  it('atSeq reads 1-based sequence numbers and nothing else', () => {
    const list = ['first', 'second'];
    expect([atSeq(list, 1), atSeq(list, 2)]).toEqual(['first', 'second']);
    for (const seq of [0, -1, 3, 1.5, Number.NaN]) expect(atSeq(list, seq)).toBeUndefined();
    expect(atSeq(undefined, 1)).toBeUndefined();
  });

  it('sameBid holds for equal ids only: any one field that differs tells them apart', () => {
    expect(sameBid(lease, { ...lease })).toBe(true);
    const others = [{ owner: 'tenant:8' }, { dseq: 13 }, { gseq: 1 }, { oseq: 4 }, { provider: 'provider:4' }];
    for (const change of others) expect(sameBid(lease, { ...lease, ...change }), JSON.stringify(change)).toBe(false);
  });
});
