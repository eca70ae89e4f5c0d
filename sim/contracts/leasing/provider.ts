// Akash x/provider, reduced to what bidding checks: a provider is registered, and its attributes.
// Resource matching is simplified for the lab: a provider advertises one GPU model and a GPU capacity
// instead of the full attribute and resource-unit lists of akash-api ResourcesOffer / MatchGSpec.
import { Revert } from '../errors.js';
import type { Address, TxContext } from '../types.js';

export interface Provider {
  readonly owner: Address;
  readonly gpuModel: string;
  /** GPUs the provider can put behind one bid. */
  readonly gpus: number;
}

export class ProviderKeeper {
  readonly #providers = new Map<Address, Provider>();

  // Port of akash-network/node x/provider/handler/server.go CreateProvider (ErrProviderExists)
  createProvider(ctx: TxContext, gpuModel: string, gpus: number): void {
    if (this.#providers.has(ctx.sender)) throw new Revert('ErrProviderExists', ctx.sender);
    this.#providers.set(ctx.sender, { owner: ctx.sender, gpuModel, gpus });
  }

  // Port of akash-network/node x/provider/keeper/keeper.go Get
  get(owner: Address): Provider | undefined {
    return this.#providers.get(owner);
  }
}
