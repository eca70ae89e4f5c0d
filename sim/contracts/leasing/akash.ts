// One Akash v0.38 leasing chain: escrow, deployment, market and provider modules wired together as
// akash-network/node v0.38 app/app.go does (the market hooks registered on the escrow keeper).
import type { ERC20 } from '../token/ERC20.js';
import type { Address } from '../types.js';
import { DEFAULT_DEPLOYMENT_PARAMS, DeploymentKeeper, DeploymentMsgServer, type DeploymentParams } from './deployment.js';
import { EscrowKeeper, type AccountId } from './escrow.js';
import type { DeploymentId } from './ids.js';
import type { Lease } from './market.js';
import { escrowHooks } from './hooks.js';
import { DEFAULT_MARKET_PARAMS, MarketKeeper, MarketMsgServer, type MarketParams } from './market.js';
import { ProviderKeeper } from './provider.js';
import { DEFAULT_TAKE_PARAMS, type TakeParams } from './take.js';

export interface AkashConfig {
  /** The ledger of the escrow denom; every deposit, payout and refund moves through it. */
  readonly token: ERC20;
  readonly denom?: string;
  readonly escrowModule: Address;
  readonly communityPool: Address;
  readonly take?: TakeParams;
  readonly market?: MarketParams;
  readonly deployment?: DeploymentParams;
}

export interface Akash {
  readonly escrow: EscrowKeeper;
  readonly deployments: DeploymentKeeper;
  readonly market: MarketKeeper;
  readonly providers: ProviderKeeper;
  /** CreateDeployment, DepositDeployment, CloseDeployment. */
  readonly deploymentMsgs: DeploymentMsgServer;
  /** CreateBid, CloseBid, CreateLease, CloseLease, WithdrawLease. */
  readonly marketMsgs: MarketMsgServer;
}

export function createAkash(config: AkashConfig): Akash {
  const escrow = new EscrowKeeper({
    token: config.token,
    denom: config.denom ?? 'uakt',
    moduleAddress: config.escrowModule,
    communityPool: config.communityPool,
    take: config.take ?? DEFAULT_TAKE_PARAMS,
  });
  const deployments = new DeploymentKeeper();
  const market = new MarketKeeper(escrow);
  const providers = new ProviderKeeper();
  const hooks = escrowHooks(deployments, market);
  escrow.addOnAccountClosedHook(hooks.onEscrowAccountClosed).addOnPaymentClosedHook(hooks.onEscrowPaymentClosed);
  return {
    escrow,
    deployments,
    market,
    providers,
    deploymentMsgs: new DeploymentMsgServer(deployments, market, escrow, config.deployment ?? DEFAULT_DEPLOYMENT_PARAMS),
    marketMsgs: new MarketMsgServer(market, deployments, escrow, providers, config.market ?? DEFAULT_MARKET_PARAMS),
  };
}

/** What pruning a deployment removed: its escrow account and its bids' accounts, and its leases. */
export interface PrunedDeployment {
  readonly leases: readonly Lease[];
}

/**
 * Not a port: the lab's state pruning. Akash keeps closed deployments, their groups, orders, bids,
 * leases and escrow accounts in state for ever; a simulation of months cannot keep them all, and
 * nothing in the lab reads a deployment once it is closed and settled. Removes a deployment whose
 * every record is final: the deployment closed, its escrow account and every bid's account no
 * longer open. The escrow keeper counts what the accounts held and moved (`escrow.pruned`), so
 * conservation checks still add up. Returns undefined, removing nothing, while any record can
 * still change. Afterwards every record of the deployment reads as never created.
 */
export function pruneDeployment(akash: Akash, id: DeploymentId): PrunedDeployment | undefined {
  const { escrow, deployments, market } = akash;
  if (deployments.getDeployment(id)?.state !== 'closed') return undefined;
  const account = deployments.escrowAccountOf(id);
  if (isOpen(escrow, account)) return undefined;
  // Every bid of every order of every group (a deployment's orders are its groups' orders).
  const bids = market.bidRecordsOf(id);
  for (const { escrowAccount } of bids) if (isOpen(escrow, escrowAccount)) return undefined;
  escrow.prune(account);
  const leases: Lease[] = [];
  for (const { escrowAccount, lease } of bids) {
    escrow.prune(escrowAccount);
    if (lease !== undefined) leases.push(lease);
  }
  market.prune(id);
  deployments.prune(id);
  return { leases };
}

/** Whether escrow stores `id` as an open account (a pruned or never created one is not). */
function isOpen(escrow: EscrowKeeper, id: AccountId): boolean {
  return escrow.accountState(id) === 'open';
}
