// The posted-price market under price-elastic demand (validation spec §4, Leonardos et al., AFT 2021,
// arXiv 2102.10567, on the step size of EIP-1559-style rules). Buyers arrive as a Poisson process,
// each wanting one GPU for a short job, with a willingness to pay drawn from a Pareto law, so that
// the share who accept a price p is (p_m/p)^ε: demand with constant elasticity ε. The price rule
// (sim/markets/posted/priceRule.ts) moves the price by s·x per window, x the utilization's signed
// deviation from the target u*, scaled to [−1, 1]. With jobs much shorter than a window, a window's
// utilization answers to that window's price, and near the fixed point p*
//   u ≈ u*·(p*/p)^ε,  x ≈ −ε·(p/p* − 1) (at u* = 1/2 both sides scale alike),  p'/p* − 1 ≈ (1 − s·ε)(p/p* − 1):
// the price settles when s·ε < 2, and overshoots further each window when s·ε > 2 until the
// window's utilization swings between empty and full (the rule's bounds): it oscillates.
import { PostedBuyerAgent } from '../agents/postedBuyer.js';
import { PriceKeeperAgent } from '../agents/priceKeeper.js';
import { Chain } from '../chain/chain.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import type { Address, TxContext } from '../contracts/types.js';
import { createKernel, streams } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { POSTED_PRICE_GAS, PostedPriceMarket } from '../markets/posted/postedPrice.js';
import { MAX_PRICE } from '../scenario/sections/fields.js';
import { microToUsd } from '../units.js';

export interface PostedDemandParams {
  /** s, the largest relative price move per window. */
  readonly step: number;
  readonly windows: number;
}

export interface PostedDemandResult {
  /** Utilization (busy over available GPU-seconds) of each adjustment window, in order. */
  readonly utilization: readonly number[];
  /** USD per GPU-hour after each adjustment. */
  readonly prices: readonly number[];
}

/** The experiment's fixed design; the fixed point of the price sits near 2 USD per GPU-hour. */
export const POSTED_DESIGN = {
  gpus: 10,
  targetUtilization: 0.5,
  /** ε and p_m of the Pareto willingness to pay: P(wtp ≥ p) = (p_m/p)^ε for p ≥ p_m. */
  elasticity: 4,
  minWtp: 1.5,
  jobSeconds: 600,
  adjustInterval: 3600,
  /**
   * Arrivals per second: at p = 2 the accepting rate λ·(1.5/2)^4 times 600 s fills 5 of 10 GPUs
   * (λ = 5 / (600 · 0.75^4) = 0.02634), ignoring the few buyers the full pool turns away.
   */
  arrivalRate: 5 / (600 * 0.75 ** 4),
  initialPrice: 1.5,
  /** Long enough for the buyer's approval to land before it looks at the price (blocks are 12 s). */
  patience: 60,
} as const;

const GPU_MODEL = 'elastic-gpu';
const PROVIDER: Address = 'posted-provider';
const KEEPER: Address = 'posted-keeper';
const TREASURY: Address = 'treasury';

export function runPostedDemand(params: PostedDemandParams, seed: string): PostedDemandResult {
  if (!(params.step > 0 && params.step <= 1)) throw new RangeError(`step must be in (0, 1], got ${params.step}`);
  if (!Number.isInteger(params.windows) || params.windows < 1) throw new RangeError(`windows must be a positive integer, got ${params.windows}`);
  const d = POSTED_DESIGN;
  const kernel = createKernel('heap');
  const usd = new ERC20('USD Coin', 'USDC', 6, TREASURY);
  const native = new ERC20('Ether', 'ETH', 18, TREASURY);
  // No gas ledger: fees are priced, not debited, so nobody needs gas money.
  const chain = new Chain(kernel, { blockTime: 12, gasTable: POSTED_PRICE_GAS });
  const ctx: MarketContext = { kernel, chain, rng: streams(seed), tokens: { usd, native }, treasury: TREASURY };
  const market = new PostedPriceMarket(ctx, {
    gpuModels: [{ name: GPU_MODEL, initialPrice: d.initialPrice, minPrice: 0.05, maxPrice: MAX_PRICE }],
    targetUtilization: d.targetUtilization,
    step: params.step,
    adjustInterval: d.adjustInterval,
    curve: 'linear',
    queueWhenFull: false,
    protocolFeeBps: 0,
  });
  market.listProvider(PROVIDER, GPU_MODEL, d.gpus, 0, (r) => {
    if (r.status !== 'success') throw new Error(`posted experiment: listing failed (${r.status})`);
  });
  new PriceKeeperAgent(ctx, market, KEEPER).start();

  const utilization: number[] = [];
  const prices: number[] = [];
  market.onPriceAdjusted((update) => {
    for (const a of update.adjustments) {
      utilization.push(Number(a.utilization.busy) / Number(a.utilization.available));
      prices.push(microToUsd(a.after));
    }
    if (utilization.length >= params.windows) kernel.stop();
  });

  const arrivals = ctx.rng.get('posted/arrivals');
  const wtp = ctx.rng.get('posted/wtp');
  const mint: TxContext = { sender: TREASURY, block: 0, timestamp: 0 };
  let id = 0;
  const arrive = (): void => {
    const job = { id, gpuModel: GPU_MODEL, gpus: 1, duration: d.jobSeconds, wtpPerGpuHour: wtp.pareto(d.minWtp, d.elasticity), patience: d.patience };
    const buyer = new PostedBuyerAgent(ctx, market, `buyer:${id++}`, job, { budgetCover: 1 }, () => {});
    usd.mint(mint, buyer.address, buyer.budget());
    buyer.start();
    kernel.schedule(arrivals.exponential(d.arrivalRate), arrive);
  };
  kernel.schedule(arrivals.exponential(d.arrivalRate), arrive);
  kernel.run((params.windows + 2) * d.adjustInterval);
  return { utilization: utilization.slice(0, params.windows), prices: prices.slice(0, params.windows) };
}

/** Lag-1 autocorrelation of a series: near −1 for a period-2 swing, near 0 for noise about a level. */
export function lagOneAutocorrelation(xs: readonly number[]): number {
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  let num = 0;
  let den = 0;
  for (let k = 0; k < xs.length; k++) {
    const dk = (xs[k] as number) - mean;
    den += dk * dk;
    if (k + 1 < xs.length) num += dk * ((xs[k + 1] as number) - mean);
  }
  return den === 0 ? 0 : num / den;
}
