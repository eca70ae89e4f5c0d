// One Akash v0.38 leasing chain: escrow, deployment, market and provider modules wired together as
// akash-network/node v0.38 app/app.go does (the market hooks registered on the escrow keeper).
import type { ERC20 } from '../token/ERC20.js';
import type { Address } from '../types.js';
import { DEFAULT_DEPLOYMENT_PARAMS, DeploymentKeeper, DeploymentMsgServer, type DeploymentParams } from './deployment.js';
import { EscrowKeeper, type AccountId } from './escrow.js';
import type { DeploymentId } from './ids.js';
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

/**
 * Not a port: the lab's state pruning. Akash keeps closed deployments, their groups, orders, bids,
 * leases and escrow accounts in state for ever; a simulation of months cannot keep them all, and
 * nothing in the lab reads a deployment once it is closed and settled. Removes a deployment whose
 * every record is final: the deployment closed, its escrow account and every bid's account no
 * longer open. The escrow keeper counts what the accounts held and moved (`escrow.pruned`), so
 * conservation checks still add up. Returns false, removing nothing, while any record can still
 * change; true once it removed the deployment, its groups, orders, bids and leases, and their escrow
 * accounts. Afterwards every record of the deployment reads as never created.
 */
export function pruneDeployment(akash: Akash, id: DeploymentId): boolean {
  const { escrow, deployments, market } = akash;
  if (deployments.getDeployment(id)?.state !== 'closed') return false;
  const account = deployments.escrowAccountOf(id);
  if (isOpen(escrow, account)) return false;
  // Every bid of every order of every group (a deployment's orders are its groups' orders).
  const bids = market.bidRecordsOf(id);
  for (const { escrowAccount } of bids) if (isOpen(escrow, escrowAccount)) return false;
  escrow.prune(account);
  for (const { escrowAccount } of bids) escrow.prune(escrowAccount);
  market.prune(id);
  deployments.prune(id);
  return true;
}

/** Whether escrow stores `id` as an open account (a pruned or never created one is not). */
function isOpen(escrow: EscrowKeeper, id: AccountId): boolean {
  return escrow.accountState(id) === 'open';
}
