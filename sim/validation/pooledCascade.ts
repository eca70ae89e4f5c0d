// The world model's pooled contagion against the exact analysis (validation spec §2): a restaking
// graph is built in the security market through the ported EigenLayer contracts (stakers deposit
// and delegate, operators register for services and allocate), the attacker agent shocks it and
// runs its cascade, and what it loses must equal sim/analysis/restakingGraph.ts's cascade after
// the same shock on the graph as written down here.
import { cascade, type RestakingGraphInput } from '../analysis/restakingGraph.js';
import { AttackerAgent } from '../agents/attacker.js';
import { Chain } from '../chain/chain.js';
import { type Receipt, receiptOutcome } from '../chain/transaction.js';
import { WAD } from '../contracts/math.js';
import { ERC20 } from '../contracts/token/ERC20.js';
import { createKernel, streams, type RandomStream } from '../engine/index.js';
import type { MarketContext } from '../markets/context.js';
import { SECURITY_GAS, SecurityMarket } from '../markets/security.js';

/** A restaking graph in whole STAKE tokens; every validator backs at least one service. */
export interface TokenGraph {
  readonly services: readonly { readonly id: string; readonly profit: number; readonly threshold: number }[];
  readonly validators: readonly { readonly id: string; readonly stake: number }[];
  readonly edges: readonly (readonly [string, string])[];
}

export interface CascadeComparison {
  /** Stake lost to the shock and the cascade, in tokens: the attacker's, and the analysis's. */
  readonly worldLost: number;
  readonly exactLost: number;
  readonly worldDepth: number;
  readonly exactDepth: number;
}

const TOKEN = 10n ** 18n;
const BLOCK_TIME = 12;
const ALLOCATION_DELAY_BLOCKS = 5;

export function compareCascade(graph: TokenGraph, shockFraction: number): CascadeComparison {
  const { market, attacker } = buildWorld(graph, shockFraction);
  if (shockFraction > 0) attacker.shock();
  else attacker.runCascade();
  const exact = cascade(analysisInput(graph), shockSet(graph, shockFraction));
  if (market.ledgerBurnFailures !== 0) throw new Error(`pooled cascade: ${market.ledgerBurnFailures} ledger burns failed`);
  return {
    worldLost: Number((attacker.shockLostStake + attacker.attackLostStake) / TOKEN),
    exactLost: exact.lostStake.toNumber(),
    worldDepth: attacker.lastCascadeDepth,
    exactDepth: exact.steps.length,
  };
}

/**
 * The shock the attacker documents: the largest validators that fit in ψ·σ(V), largest first,
 * ties in registration order. Written out here from that description, not taken from the agent.
 */
export function shockSet(graph: TokenGraph, fraction: number): string[] {
  const total = graph.validators.reduce((sum, v) => sum + v.stake, 0);
  const budget = fraction * total;
  const order = graph.validators.map((v, i) => ({ ...v, i })).sort((a, b) => b.stake - a.stake || a.i - b.i);
  const hit: string[] = [];
  let used = 0;
  for (const v of order) {
    if (used + v.stake > budget) continue;
    hit.push(v.id);
    used += v.stake;
  }
  return hit;
}

/** Random small graphs: 1-4 services, 2-6 validators, every validator on at least one service. */
export function randomTokenGraph(rng: RandomStream): TokenGraph {
  const serviceCount = 1 + Math.floor(rng.next() * 4);
  const validatorCount = 2 + Math.floor(rng.next() * 5);
  const services = Array.from({ length: serviceCount }, (_, s) => ({
    id: `s${s}`,
    profit: Math.floor(rng.next() * 31),
    // Quarters: exact as decimals, so the analysis and the market read the same threshold.
    threshold: (1 + Math.floor(rng.next() * 4)) / 4,
  }));
  const validators = Array.from({ length: validatorCount }, (_, v) => ({ id: `v${v}`, stake: 1 + Math.floor(rng.next() * 20) }));
  const edges: [string, string][] = [];
  for (const v of validators) {
    const mine = services.filter(() => rng.next() < 0.5);
    for (const s of mine.length > 0 ? mine : [services[Math.floor(rng.next() * serviceCount)]!]) edges.push([s.id, v.id]);
  }
  // Service order, then validator order, as the market lists its registrations.
  edges.sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1)) || Number(a[1].slice(1)) - Number(b[1].slice(1)));
  return { services, validators, edges };
}

function analysisInput(graph: TokenGraph): RestakingGraphInput {
  return {
    services: graph.services.map((s) => ({ id: s.id, profit: s.profit, threshold: s.threshold })),
    validators: graph.validators.map((v) => ({ id: v.id, stake: v.stake })),
    edges: graph.edges,
  };
}

function buildWorld(graph: TokenGraph, shockFraction: number): { market: SecurityMarket; attacker: AttackerAgent } {
  const kernel = createKernel('heap');
  const chain = new Chain(kernel, { gasTable: SECURITY_GAS, blockTime: BLOCK_TIME });
  const ctx: MarketContext = {
    kernel,
    chain,
    rng: streams('pooled-cascade'),
    tokens: { usd: new ERC20('USD Coin', 'USDC', 6, 'treasury'), native: new ERC20('Ether', 'ETH', 18, 'treasury') },
    treasury: 'treasury',
  };
  const market = new SecurityMarket(ctx, {
    contagion: 'pooled',
    deallocationDelayBlocks: 50,
    withdrawalDelayBlocks: 50,
    allocationConfigurationDelayBlocks: 60,
    restakingDegree: 1,
  });
  const blocks = (n: number): void => void kernel.run(kernel.now() + n * BLOCK_TIME);
  for (const s of graph.services) {
    market.registerService(
      { avs: s.id, slasher: `${s.id}:slasher`, rewardsPerDay: 0n, profitFromCorruption: BigInt(s.profit) * TOKEN, attackThreshold: s.threshold },
      mustSucceed(`service ${s.id}`),
    );
  }
  for (const v of graph.validators) market.registerOperator(v.id, 0, ALLOCATION_DELAY_BLOCKS, mustSucceed(`operator ${v.id}`));
  blocks(2);
  for (const [s, v] of graph.edges) market.registerForService(v, s, mustSucceed(`${v} on ${s}`));
  for (const v of graph.validators) {
    const staker = `staker-of-${v.id}`;
    const amount = BigInt(v.stake) * TOKEN;
    market.fund(staker, amount);
    market.approveDeposits(staker, amount, mustSucceed(`${staker} approval`));
    market.deposit(staker, amount, mustSucceed(`${staker} deposit`));
    market.delegate(staker, v.id, mustSucceed(`${staker} delegation`));
    // Pooled stake backs every service in full whatever the allocation; any slice registers the edge.
    const backed = graph.edges.filter(([, id]) => id === v.id).map(([s]) => [s, WAD / 8n] as const);
    market.allocate(v.id, new Map(backed), mustSucceed(`${v.id} allocation`));
  }
  blocks(ALLOCATION_DELAY_BLOCKS + 2);
  const attacker = new AttackerAgent(ctx, market, { checkInterval: 0, shock: { at: 0, stakeFraction: shockFraction }, method: 'exact' });
  return { market, attacker };
}

function mustSucceed(what: string): (r: Receipt<unknown>) => void {
  return (r) => {
    if (r.status !== 'success') throw new Error(`pooled cascade setup: ${what} failed: ${receiptOutcome(r)}`);
  };
}
