// calcBaseFee against FeesHarness.sol compiled by solc 0.8.27 (contracts spec §5) on seeded random
// parents. Base fees stay under 2^190 so that Δgas·baseFee (Δgas < 2^64) fits the harness's uint256.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { calcBaseFee } from '../../../sim/contracts/fees/index.js';
import { deployHarness, diffRandom, type Harness } from '../../support/evm.js';

const CASES = 1_000;
const SIGNATURE = 'calcBaseFee(uint256,uint256,uint256,uint256,uint256)';

let harness: Harness;
beforeAll(async () => {
  harness = await deployHarness({ 'FeesHarness.sol': readFileSync('test/solidity/FeesHarness.sol', 'utf8') }, 'FeesHarness');
});

describe('calcBaseFee matches the compiled formula', () => {
  it(`on ${CASES} seeded random parents`, async () => {
    const rng = diffRandom('fees.diff calcBaseFee');
    let above = 0;
    let below = 0;
    for (let i = 0; i < CASES; i++) {
      const elasticity = rng.chance(0.7) ? 2n : rng.between(1n, 8n);
      const denominator = rng.chance(0.7) ? 8n : rng.between(1n, 64n);
      const gasLimit = rng.chance(0.7) ? rng.between(5000n, 60_000_000n) : rng.between(elasticity, (1n << 64n) - 1n);
      const target = gasLimit / elasticity;
      const gasUsed = rng.pick([0n, target, target + 1n, target - 1n, gasLimit, rng.between(0n, gasLimit)]);
      const baseFee = rng.chance(0.7) ? rng.uint(48) : rng.uint(190);
      const parent = { baseFee, gasLimit, gasUsed };
      const evm = await harness.call(SIGNATURE, [baseFee, gasLimit, gasUsed, elasticity, denominator]);
      const port = calcBaseFee(parent, { elasticityMultiplier: elasticity, baseFeeChangeDenominator: denominator });
      expect(evm, JSON.stringify(parent, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toEqual({ ok: true, values: [port] });
      if (gasUsed > target) above++;
      else if (gasUsed < target) below++;
    }
    // Both branches of the update must be exercised.
    expect(above).toBeGreaterThan(CASES / 5);
    expect(below).toBeGreaterThan(CASES / 5);
  });
});
