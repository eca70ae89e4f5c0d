// Reproduction rows for validation spec §4: EIP-1559 base-fee dynamics on the lab's chain
// (sim/validation/feeMarket.ts), the integer rule of go-ethereum's CalcBaseFee (contracts spec §4).
import { fixedPointBand, fullBlocks, emptyBlocks, isoelasticDemand, perBlockRatios, runFeeMarket } from './feeMarket.js';
import { lagOneAutocorrelation, POSTED_DESIGN, runPostedDemand } from './postedDemand.js';
import { boundRow, exactRow, replicatedBoundRow, replicatedRow, type ReproductionRow } from './rows.js';

const SECTION = '§4 EIP-1559 dynamics';
const EIP = 'EIP-1559 (go-ethereum CalcBaseFee, BaseFeeChangeDenominator 8)';
const LEONARDOS = 'Leonardos et al., AFT 2021 (arXiv 2102.10567): stability depends on the step';
const GWEI = 1_000_000_000n;
/** The price-elastic demand: fills the target at 1.3 gwei, elasticity 6, starting from 1 gwei. */
const EQUILIBRIUM_FEE = 1.3e9;
const ELASTICITY = 6;
const ELASTIC_BLOCKS = 1_000;
const TAIL = 100;

export function feeRows(level: number): ReproductionRow[] {
  const rows: ReproductionRow[] = [];
  const full = perBlockRatios(runFeeMarket({ blocks: 101, initialBaseFee: GWEI, changeDenominator: 8, demand: fullBlocks }).baseFees);
  rows.push(exactRow(
    { section: SECTION, name: 'base fee ratio per block under 100 full blocks (mean)', source: EIP, claim: '1.125 (+12.5%)' },
    1.125,
    mean(full.ratios),
    full.roundingBound,
    'integer rule: ⌊b/8⌋ is within 1 wei of b/8, so each ratio is within 1/b of 1.125; b ≥ 1 gwei here',
  ));
  const emptyRun = runFeeMarket({ blocks: 300, initialBaseFee: GWEI, changeDenominator: 8, demand: emptyBlocks }).baseFees;
  const falling = perBlockRatios(emptyRun.slice(0, 61));
  rows.push(
    exactRow(
      { section: SECTION, name: 'base fee ratio per block under 60 empty blocks from 1 gwei (mean)', source: EIP, claim: '0.875 (−12.5%)' },
      0.875,
      mean(falling.ratios),
      falling.roundingBound,
      `integer rule: each ratio is within 1/b of 0.875; the smallest b here gives ${falling.roundingBound.toExponential(2)}`,
    ),
    exactRow(
      { section: SECTION, name: 'base fee after 300 empty blocks (wei)', source: EIP, claim: '7 wei, where ⌊7/8⌋ = 0 stops the decay' },
      7,
      Number(emptyRun[emptyRun.length - 1]),
      0,
      'exact: an integer',
    ),
  );

  const settle = (changeDenominator: number): { deviation: number; band: number } => {
    const run = runFeeMarket({ blocks: ELASTIC_BLOCKS, initialBaseFee: GWEI, changeDenominator, demand: isoelasticDemand(EQUILIBRIUM_FEE, ELASTICITY) });
    const tail = run.utilization.slice(-TAIL);
    return {
      deviation: Math.max(...tail.map((u) => Math.abs(u - 1))),
      band: fixedPointBand(EQUILIBRIUM_FEE, ELASTICITY, changeDenominator, run.gasTarget),
    };
  };
  const demand = `demand T·(b*/b)^${ELASTICITY}, b* = 1.3 gwei, from 1 gwei`;
  const small = settle(8);
  rows.push(exactRow(
    { section: SECTION, name: `step 1/8 (d·ε = 0.75): max |utilization − 1| over the last ${TAIL} of ${ELASTIC_BLOCKS} blocks, ${demand}`, source: LEONARDOS, claim: '0: converges to the target' },
    0,
    small.deviation,
    small.band,
    'fixed-point band of the integer rule at b*: (denominator + ε)/b* + 1/T (1-wei steps, whole gas)',
  ));
  const large = settle(2);
  rows.push(boundRow(
    { section: SECTION, name: `step 1/2 (d·ε = 3 > 2): max |utilization − 1| over the last ${TAIL} of ${ELASTIC_BLOCKS} blocks, ${demand}`, source: LEONARDOS, claim: 'oscillates: never within the fixed-point band' },
    'above',
    large.band,
    large.deviation,
    'the same band as the step-1/8 row: the fee must stay outside it',
  ));
  rows.push(...postedPriceRows(level));
  return rows;
}

/** Posted-price replications: windows after the warm-up, per run. */
const POSTED_REPLICATIONS = 10;
const POSTED_WINDOWS = 200;
const POSTED_WARMUP = 50;
const SMALL_STEP = 0.1;
const LARGE_STEP = 0.75;

/** The posted-price market (sim/validation/postedDemand.ts) with the same stability question. */
function postedPriceRows(level: number): ReproductionRow[] {
  const { elasticity, targetUtilization } = POSTED_DESIGN;
  const runs = (step: number): number[][] =>
    Array.from({ length: POSTED_REPLICATIONS }, (_, r) => runPostedDemand({ step, windows: POSTED_WINDOWS }, `reproduce-posted-${step}-${r}`).utilization.slice(POSTED_WARMUP));
  const perReplication = `${POSTED_WINDOWS - POSTED_WARMUP} hourly windows after ${POSTED_WARMUP} of warm-up`;
  const demand = `Pareto willingness to pay (ε = ${elasticity}), target ${targetUtilization}`;
  const small = runs(SMALL_STEP);
  const large = runs(LARGE_STEP);
  return [
    replicatedRow(
      { section: SECTION, name: `posted-price market, step ${SMALL_STEP} (s·ε = ${SMALL_STEP * elasticity}): mean window utilization, ${demand}`, source: LEONARDOS, claim: `${targetUtilization}: converges to the target` },
      targetUtilization,
      small.map(mean),
      level,
      perReplication,
    ),
    replicatedBoundRow(
      { section: SECTION, name: `posted-price market, step ${LARGE_STEP} (s·ε = ${LARGE_STEP * elasticity} > 2): lag-1 autocorrelation of window utilization, ${demand}`, source: LEONARDOS, claim: '< 0: oscillates, each window swinging against the last' },
      'below',
      0,
      large.map(lagOneAutocorrelation),
      level,
      perReplication,
    ),
  ];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, x) => a + x, 0) / xs.length;
}
