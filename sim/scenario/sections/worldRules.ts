// The market world's rules across sections: what one section's value means for another's. Each
// derives its limit from the code that imposes it (sim/world/blocks.ts, the world's gas table, the
// posted prices), so the rule and the run cannot disagree.
import { microToUsd, usdPerGpuHourToMicro } from '../../units.js';
import { furthestRestakingBlock, restakingStartBlockFloor, UINT32_MAX } from '../../world/blocks.js';
import type { WorldParams } from '../../world/params.js';
import { postedModelPrices } from '../../world/postedWorld.js';
import { largestTransaction, pricedMethods } from '../../world/worldContext.js';
import { closest } from '../suggest.js';
import { formatSeconds } from '../unitText.js';
import { SECONDS_PER_YEAR } from './staking.js';
import type { CrossRule, Writable } from './rules.js';

type World = WorldParams;
type Rule = CrossRule<World>;

/** The most samples of the time series in one run: memory grows with samples times series. */
export const MAX_SAMPLES = 100_000;

const block = (w: World): string => `one block (chain.blockTime = ${formatSeconds(w.chain.blockTime)})`;

/** A recurring interval: its events are transactions or act on chain state, which changes once a block. */
function everyBlockAtLeast(path: readonly [string, string, ...string[]], offWhenZero: boolean, why: string): Rule {
  const read = (w: World): number => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], w) as number;
  return {
    rule: `${path.join('.')} is ${offWhenZero ? '0 (off) or ' : ''}at least one block (${why})`,
    at: path,
    check: (w) => {
      const value = read(w);
      if ((offWhenZero && value === 0) || value >= w.chain.blockTime) return undefined;
      return { expected: `${offWhenZero ? '0 (off) or ' : ''}a duration of at least ${block(w)}: ${why}`, found: formatSeconds(value) };
    },
    repair: (w) => {
      const value = read(w as World);
      if ((offWhenZero && value === 0) || value >= w.chain.blockTime) return;
      const parent = path.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, w as Record<string, unknown>);
      parent[path[path.length - 1]!] = w.chain.blockTime;
    },
  };
}

export const WORLD_RULES: readonly Rule[] = [
  {
    rule: 'duration is at least one block',
    at: ['duration'],
    check: (w) => (w.duration >= w.chain.blockTime ? undefined : { expected: `a duration of at least ${block(w)}`, found: formatSeconds(w.duration) }),
    repair: (w) => {
      if (w.duration >= w.chain.blockTime) return;
      // Shorter blocks rather than a longer run: the run keeps its size.
      if (w.duration >= 1) w.chain.blockTime = Math.floor(w.duration);
      else w.duration = w.chain.blockTime;
    },
  },
  everyBlockAtLeast(['metrics', 'sampleInterval'], false, 'the state a sample reads changes once a block'),
  everyBlockAtLeast(['invariants', 'interval'], false, 'invariants are checked after blocks'),
  everyBlockAtLeast(['providers', 'withdrawInterval'], false, 'each withdrawal is a transaction'),
  everyBlockAtLeast(['market', 'leaseAuction', 'bidWindow'], false, 'a bid needs a block to land'),
  everyBlockAtLeast(['market', 'postedPrice', 'adjustInterval'], false, 'each adjustment is a transaction'),
  everyBlockAtLeast(['stakers', 'yieldChasing', 'checkInterval'], true, 'a move is a transaction'),
  everyBlockAtLeast(['attacker', 'checkInterval'], true, 'an attack is a transaction'),
  // Without it every redemption lands after its window and reverts, and the user buys again at
  // once, without end (campaign 2032, scenario 2961: 212,178 intents for 163 jobs).
  everyBlockAtLeast(['market', 'intentAuction', 'redeemWindow'], false, 'a redemption lands at least one block after its fill'),
  everyBlockAtLeast(['services', 'slashing', 'downtimeGrace'], false, 'a downtime slash, one per grace period while an operator is down, is a transaction'),
  everyBlockAtLeast(['providers', 'failures', 'mtbf'], true, 'outages are reported on chain'),
  // providers.failures.groupMtbf needs no rule here: its own floor (LEAST_GROUP_MTBF, an hour) is at
  // least the longest block.
  {
    rule: 'operators.equivocationsPerYear is at most one a block on average',
    at: ['operators', 'equivocationsPerYear'],
    check: (w) => {
      const most = SECONDS_PER_YEAR / w.chain.blockTime;
      return w.operators.equivocationsPerYear <= most ? undefined : { expected: `at most ${most} a year, one per ${block(w)}: each is slashed by a transaction`, found: String(w.operators.equivocationsPerYear) };
    },
    repair: (w) => {
      w.operators.equivocationsPerYear = Math.min(w.operators.equivocationsPerYear, SECONDS_PER_YEAR / w.chain.blockTime);
    },
  },
  {
    rule: `at most ${MAX_SAMPLES} samples a run: duration / metrics.sampleInterval`,
    at: ['metrics', 'sampleInterval'],
    check: (w) => {
      const samples = Math.floor(w.duration / w.metrics.sampleInterval);
      if (samples <= MAX_SAMPLES) return undefined;
      return { expected: `an interval of at least ${formatSeconds(Math.ceil(w.duration / MAX_SAMPLES))}: at most ${MAX_SAMPLES} samples in a run of ${formatSeconds(w.duration)}`, found: `${formatSeconds(w.metrics.sampleInterval)} (${samples} samples)` };
    },
    repair: (w) => {
      w.metrics.sampleInterval = Math.max(w.metrics.sampleInterval, Math.ceil(w.duration / MAX_SAMPLES));
    },
  },
  {
    rule: "chain.startBlock is above the restaking withdrawal delay in blocks (EigenLayer's slashing reads block - delay - 1)",
    at: ['chain', 'startBlock'],
    check: (w) => {
      const floor = restakingStartBlockFloor(w);
      if (w.chain.startBlock >= floor) return undefined;
      return { expected: `a start block of at least ${floor}: security.withdrawalDelay in blocks plus one, as EigenLayer's slashing reads block - MIN_WITHDRAWAL_DELAY_BLOCKS - 1`, found: String(w.chain.startBlock) };
    },
    repair: (w) => {
      w.chain.startBlock = Math.max(w.chain.startBlock, restakingStartBlockFloor(w as World));
    },
  },
  {
    rule: 'the last block plus the longest restaking delay fits uint32',
    at: ['chain', 'startBlock'],
    check: (w) => {
      const furthest = furthestRestakingBlock(w);
      if (furthest <= UINT32_MAX) return undefined;
      return { expected: `a start block of at most ${w.chain.startBlock - (furthest - UINT32_MAX)}: the restaking contracts store block numbers (the last block plus the longest delay) as uint32`, found: String(w.chain.startBlock) };
    },
    repair: (w) => {
      const over = furthestRestakingBlock(w as World) - UINT32_MAX;
      if (over > 0) w.chain.startBlock = Math.max(0, w.chain.startBlock - over);
    },
  },
  {
    rule: 'a block holds the largest transaction of the world',
    at: ['chain', 'gasLimit'],
    check: (w) => {
      const largest = largestTransaction(w);
      if (w.chain.gasLimit >= largest.gas) return undefined;
      return { expected: `a gas limit of at least ${largest.gas}, the gas of the largest transaction (${largest.method}), or no block could include it`, found: String(w.chain.gasLimit) };
    },
    repair: (w) => {
      w.chain.gasLimit = Math.max(w.chain.gasLimit, largestTransaction(w as World).gas);
    },
  },
  {
    rule: 'the gas target chain.gasLimit / chain.elasticity is at least 1',
    at: ['chain', 'elasticity'],
    check: (w) => (w.chain.elasticity <= w.chain.gasLimit ? undefined : { expected: `at most chain.gasLimit (${w.chain.gasLimit}): the gas target gasLimit / elasticity must be at least 1`, found: String(w.chain.elasticity) }),
    repair: (w) => {
      w.chain.elasticity = Math.min(w.chain.elasticity, w.chain.gasLimit);
    },
  },
  {
    rule: 'chain.gas names methods the world prices',
    at: ['chain', 'gas'],
    check: (w) => {
      const known = pricedMethods();
      const unknown = Object.keys(w.chain.gas).find((method) => !known.includes(method));
      if (unknown === undefined) return undefined;
      const suggestion = closest(unknown, known);
      return {
        expected: `a method the world prices (such as ${known.slice(0, 3).join(', ')}; depin-lab schema lists none, the gas tables in sim/chain/gasTable.ts and beside each market do)`,
        found: JSON.stringify(unknown),
        at: ['chain', 'gas', unknown],
        ...(suggestion ? { suggestion } : {}),
      };
    },
    repair: (w) => {
      const known = pricedMethods();
      for (const method of Object.keys(w.chain.gas)) if (!known.includes(method)) delete (w.chain.gas as Writable<Record<string, number>>)[method];
    },
  },
  {
    rule: "the exponential posted price's floor is at least one micro-USD for every GPU model",
    at: ['market', 'postedPrice', 'minPrice'],
    check: (w) => {
      if (w.market.postedPrice.curve !== 'exponential') return undefined;
      const lowest = postedModelPrices(w).find((m) => usdPerGpuHourToMicro(m.minPrice) < 1n);
      if (lowest === undefined) return undefined;
      return {
        expected: `a floor of at least ${microToUsd(1n)} USD per GPU-hour for every GPU model under the exponential curve (its price is the floor times a growth factor); ${lowest.name}'s floor is minPrice scaled by its cost`,
        found: `${w.market.postedPrice.minPrice} (${lowest.name}: ${lowest.minPrice})`,
      };
    },
    repair: (w) => {
      if (postedModelPrices(w as World).some((m) => usdPerGpuHourToMicro(m.minPrice) < 1n)) w.market.postedPrice.curve = 'linear';
    },
  },
];
