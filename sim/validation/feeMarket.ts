// EIP-1559 dynamics on the lab's chain (validation spec §4). The traffic is the chain's background
// demand, so the base fee answers to block fullness exactly as the header rule (go-ethereum
// CalcBaseFee, ported in sim/contracts/fees) makes it, with no model transaction in the way.
// - Sustained full or empty blocks: the fee moves by ⌊b/8⌋ per block, 12.5% up to the integer.
// - Price-elastic demand D(b) = T·(b*/b)^ε, T the gas target: the fixed point is b*, where demand
//   fills the target. Near it, u = D/T and the rule b' = b·(1 + d·(u − 1)) (step d = 1/denominator)
//   give b'/b* − 1 ≈ (1 − d·ε)·(b/b* − 1): the fee settles when d·ε < 2 and oscillates without
//   settling when d·ε > 2 (Leonardos et al., AFT 2021, arXiv 2102.10567, on the step size).
import { Chain, type BackgroundDemand, type BlockInfo } from '../chain/chain.js';
import { createKernel } from '../engine/index.js';

export interface FeeRun {
  /** Base fee of each block, in wei, in block order. */
  readonly baseFees: readonly bigint[];
  /** Gas used over the gas target, per block. */
  readonly utilization: readonly number[];
  readonly gasTarget: number;
}

export interface FeeRunParams {
  readonly blocks: number;
  readonly initialBaseFee: bigint;
  /** The base fee moves by at most 1/this per block (8 in EIP-1559). */
  readonly changeDenominator: number;
  readonly demand: (gasTarget: number) => number | BackgroundDemand;
}

const GAS_LIMIT = 30_000_000;
const ELASTICITY = 2;
const BLOCK_TIME = 12;

export function runFeeMarket(params: FeeRunParams): FeeRun {
  if (!Number.isInteger(params.blocks) || params.blocks < 1) throw new RangeError(`blocks must be a positive integer, got ${params.blocks}`);
  const gasTarget = GAS_LIMIT / ELASTICITY;
  const kernel = createKernel('heap');
  const chain = new Chain(kernel, {
    blockTime: BLOCK_TIME,
    gasLimit: GAS_LIMIT,
    elasticityMultiplier: ELASTICITY,
    baseFeeChangeDenominator: params.changeDenominator,
    initialBaseFee: params.initialBaseFee,
    backgroundGas: params.demand(gasTarget),
  });
  const blocks: BlockInfo[] = [];
  chain.onBlock((b) => blocks.push(b));
  kernel.run(params.blocks * BLOCK_TIME);
  return {
    baseFees: blocks.map((b) => b.baseFeePerGas),
    utilization: blocks.map((b) => b.gasUsed / gasTarget),
    gasTarget,
  };
}

/** Every block full: the background wants the whole gas limit at any fee. */
export const fullBlocks = (gasTarget: number): number => gasTarget * ELASTICITY;
export const emptyBlocks = (): number => 0;

/** D(b) = T·(b* ÷ b)^ε: demand fills the target exactly at b*, with price elasticity ε. */
export function isoelasticDemand(equilibriumFee: number, elasticity: number): (gasTarget: number) => BackgroundDemand {
  return (gasTarget) => (baseFee) => gasTarget * (equilibriumFee / Number(baseFee)) ** elasticity;
}

/** The per-block ratios b_{k+1}/b_k of a run, and the largest rounding any of them can carry (1/b_k). */
export function perBlockRatios(baseFees: readonly bigint[]): { ratios: number[]; roundingBound: number } {
  const ratios: number[] = [];
  let roundingBound = 0;
  for (let k = 0; k + 1 < baseFees.length; k++) {
    const b = Number(baseFees[k]);
    ratios.push(Number(baseFees[k + 1]) / b);
    roundingBound = Math.max(roundingBound, 1 / b);
  }
  return { ratios, roundingBound };
}

/**
 * How far from the target utilization an exact fixed point can sit under the integer rule: the fee
 * stops falling once ⌊b·(1 − u)·d⌋ = 0, i.e. 1 − u < 1/(d·b); it may then move up and down by one
 * wei, which moves u by ε/b; and gas is whole, which moves u by 1/T. At b ≈ b* these add up to
 * (denominator + ε)/b* + 1/T.
 */
export function fixedPointBand(equilibriumFee: number, elasticity: number, changeDenominator: number, gasTarget: number): number {
  return (changeDenominator + elasticity) / equilibriumFee + 1 / gasTarget;
}
