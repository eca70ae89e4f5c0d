// What the market and deployment modules do when the escrow closes an account or a payment, including
// on an overdraft found at settlement. Port of akash-network/node v0.38 x/market/hooks/hooks.go.
import type { TxContext } from '../types.js';
import { isGroupClosable, type DeploymentKeeper } from './deployment.js';
import type { EscrowAccount, EscrowPayment } from './escrow.js';
import { deploymentIdFromEscrowAccount, leaseIdFromEscrowAccount } from './ids.js';
import type { MarketKeeper } from './market.js';

export function escrowHooks(deployments: DeploymentKeeper, market: MarketKeeper) {
  return {
    // Port of x/market/hooks/hooks.go OnEscrowAccountClosed: closing a deployment's account closes the
    // deployment, and its groups become closed, or insufficient_funds when the account is overdrawn
    onEscrowAccountClosed(ctx: TxContext, account: EscrowAccount): void {
      const id = deploymentIdFromEscrowAccount(account.id);
      const deployment = id === undefined ? undefined : deployments.getDeployment(id);
      if (deployment === undefined || deployment.state !== 'active') return;
      deployments.closeDeployment(deployment);
      const groupState = account.state === 'overdrawn' ? 'insufficient_funds' : 'closed';
      for (const group of deployments.getGroups(deployment.id)) {
        if (!isGroupClosable(group)) continue;
        deployments.onCloseGroup(group, groupState);
        market.onGroupClosed(ctx, group.id, groupState, account.id);
      }
    },

    // Port of x/market/hooks/hooks.go OnEscrowPaymentClosed: the lease of a closed payment ends, with
    // its bid and order
    onEscrowPaymentClosed(ctx: TxContext, payment: EscrowPayment): void {
      const id = leaseIdFromEscrowAccount(payment.accountId, payment.paymentId);
      const lease = id === undefined ? undefined : market.getLease(id);
      if (lease === undefined) return;
      const bid = market.getBid(lease.id);
      if (bid === undefined || bid.state !== 'active') return;
      const order = market.getOrder(lease.id);
      if (order === undefined) return;
      market.onOrderClosed(order);
      market.onBidClosed(ctx, bid);
      market.onLeaseClosed(ctx, lease, payment.state === 'overdrawn' ? 'insufficient_funds' : 'closed');
    },
  };
}
