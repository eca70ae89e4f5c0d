// One Akash v0.38 leasing chain: escrow, deployment, market and provider modules wired together as
// akash-network/node v0.38 app/app.go does (the market hooks registered on the escrow keeper).
import type { ERC20 } from '../token/ERC20.js';
import type { Address } from '../types.js';
import { DEFAULT_DEPLOYMENT_PARAMS, DeploymentKeeper, DeploymentMsgServer, type DeploymentParams } from './deployment.js';
import { EscrowKeeper } from './escrow.js';
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
