// The settlement chain: block clock and EIP-1559 base fee (defaults are go-ethereum's
// params/protocol_params.go: InitialBaseFee 1 gwei, elasticity 2, change denominator 8). The rules
// that tie the chain to the rest of the world (the start-block floor of the restaking contracts, a
// block that holds the largest transaction) are the world's rules (worldRules.ts).
import { z } from 'zod';
import { UINT32_MAX } from '../../world/blocks.js';
import { count, duration, positiveCount, section } from './fields.js';

/** The longest block time, an hour: the most any interval's one-block floor can be. */
export const LONGEST_BLOCK_TIME = 3600;

export const chainSection = section('The chain that settles leases, intents and slashing.', {
  blockTime: duration('Time between blocks, in whole seconds (block timestamps are), at most an hour.', '12s', { min: 1, max: LONGEST_BLOCK_TIME, whole: true }),
  startBlock: count(
    'Height of the first simulated block (at least the restaking withdrawal delay in blocks plus one, and the run must end below 2^32).',
    20_000_000,
    UINT32_MAX,
  ),
  gasLimit: z
    .number()
    .int()
    .min(5000)
    .prefault(30_000_000)
    .describe('Gas limit per block (go-ethereum MinGasLimit is 5000); a block must hold the largest transaction of the world, and the gas target gasLimit / elasticity must be at least 1.'),
  baseFee: count('Base fee of the first block, in wei.', 1_000_000_000),
  elasticity: positiveCount('Elasticity multiplier: the gas target is gasLimit / elasticity.', 2),
  changeDenominator: positiveCount('Base fee change denominator: at most 1/denominator change per block.', 8),
  backgroundUtilization: z
    .number()
    .min(0)
    .max(2)
    .prefault(1)
    .describe('Gas used by traffic outside the lab, as a multiple of the gas target (1 keeps the base fee flat).'),
  gas: z
    .record(z.string(), z.number().int().min(1))
    .prefault({})
    .describe("Gas used per transaction kind, overriding the chain's table of ported contract methods and the markets' own tables (e.g. {\"Market.createBid\": 90000})."),
});
