// The security layer of a scenario, run on its own up to just after the attacker's shock: stakers,
// operators, services and the attacker on the ported contracts, without the compute market beside
// it (its providers' outages only add downtime slashes, which the contagion rows do not measure).
// What the rows need from such a run: the graph the market held when the shock came, the attacker's
// first search after the shock (the graph it searched and what it found), and the shock's measures.
import type { Search } from '../agents/attacker.js';
import { Funding } from '../world/funding.js';
import type { WorldParams } from '../world/params.js';
import { SecurityWorld } from '../world/securityWorld.js';
import { shockMeasures, type ShockMeasures } from '../world/shockMeasures.js';
import { createWorldContext } from '../world/worldContext.js';

export interface ShockRun {
  readonly world: SecurityWorld;
  /** The attacker's first search once the shock had landed. */
  readonly searchAfterShock: Search | undefined;
  readonly measures: ShockMeasures | undefined;
  /** Σ over operators of what the model could slash from each, and the exposed stake S (stakeHeldForStakers), just before the shock (base units). */
  readonly atRiskBeforeShock: bigint;
  readonly stakeBeforeShock: bigint;
  readonly queuedAtShock: number;
}

/**
 * Seconds the run goes on after the shock: two blocks, in which the shock's slashes land and the
 * attacker makes its first search (the rows need no more of the cascade).
 */
const AFTER_SHOCK = 24;

export function runToShock(params: WorldParams, seed: string): ShockRun {
  if (!params.attacker.enabled || !(params.attacker.shock.stakeFraction > 0)) throw new RangeError('runToShock needs an enabled attacker with a shock');
  const ctx = createWorldContext(params, seed, 'heap');
  const world = new SecurityWorld(ctx, params, new Funding(ctx));
  world.start([]);
  const attacker = world.attacker!;
  let searchAfterShock: Search | undefined;
  attacker.onSearch((search) => {
    if (search.afterShock && search.step === 0 && searchAfterShock === undefined) searchAfterShock = search;
  });
  const { market } = world;
  const shockAt = params.attacker.shock.at;
  // Just before the shock (same instant, scheduled earlier): the state it hits.
  let atRiskBeforeShock = 0n;
  let stakeBeforeShock = 0n;
  let queuedAtShock = 0;
  ctx.kernel.run(shockAt - 1);
  for (const op of market.operators()) atRiskBeforeShock += market.model.atRisk(op);
  // The exposed stake S that shock_lost_fraction divides by (sim/world/shockMeasures.ts).
  stakeBeforeShock = market.stakeHeldForStakers();
  queuedAtShock = market.queuedWithdrawals;
  ctx.kernel.run(shockAt + AFTER_SHOCK);
  return { world, searchAfterShock, measures: shockMeasures(attacker.shockRecord, market), atRiskBeforeShock, stakeBeforeShock, queuedAtShock };
}

/** `params` with the contagion model and the attacker's shock set (the attacker on). */
export function withShock(params: WorldParams, contagion: WorldParams['security']['contagion'], shock: WorldParams['attacker']['shock']): WorldParams {
  return {
    ...params,
    duration: Math.max(params.duration, shock.at + AFTER_SHOCK),
    security: { ...params.security, contagion },
    attacker: { ...params.attacker, enabled: true, shock },
  };
}
