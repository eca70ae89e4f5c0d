// The measures of a shock and of what followed it: one definition each, in one place. All are per
// run, and all are taken against the state of restaking the shock hit (the attacker's ShockRecord).
//
// - exposed stake S (STAKE): the STAKE the strategy held for stakers just before the shock
//   (delegated, queued withdrawals, which stay slashable, and deposits not yet or no longer
//   delegated, which a delegation after the shock exposes: campaign 2029 run 9724 slashed such a
//   deposit, delegated one block after the shock, and its fraction reached 1.09 while S counted
//   delegated and queued stake only), plus any deposited after it.
// - STAKE taken by a slash: the drop it makes, in its own transaction, in that same stake the
//   strategy holds for stakers (SecurityMarket.sendSlash), not the shares it marks to burn. In dust
//   a slash can mark more than there is: a queued withdrawal whose withdrawable shares round down to
//   0 is marked both with its operator and in the queue (campaign 2029 run 6419, stakes of one base
//   unit: 29 units marked of the 20 deposited, read as 1.53, and as 1.45 once S counted undelegated
//   deposits). Since only deposits raise the stake held for stakers, what slashes take from the
//   shock on never passes S, so the fractions below cannot pass 1; and each slash counts at its own
//   receipt, not when its clear lands (the validation rows (d) read shock_lost_fraction two blocks
//   after the shock).
// - shock_lost_fraction (share of S): STAKE the shock's slashes took, over S.
// - cascade_lost_fraction (share of S): STAKE the shock and the cascade of attacks right after it
//   took (the attacker's looks from the shock until one finds no attack; to the run's end if none
//   has), over S: what Durvasula and Roughgarden's Theorem 1 bounds. In [shock_lost_fraction,
//   lost_stake_fraction].
// - lost_stake_fraction (share of S): STAKE the shock and every attack after it took, to the end of
//   the run, over S: the cascade, and attacks that became valid later as stakers left, slashes
//   landed or stake moved. It lies in [cascade_lost_fraction, 1]. Ordinary slashes (downtime, SLA
//   breaches, equivocation) are not counted: they are not the contagion.
// - gamma_at_shock (dimensionless): the slack γ* the model certifies for the graph reached at shock
//   time (ContagionModel.certifiedSlack): every attack on it costs at least (1 + γ*)·π(A). Omitted
//   when no service is worth corrupting (γ* unbounded).
// - bound_at_shock (share of S): Durvasula and Roughgarden's Theorem 1 for that graph,
//   (1 + 1/γ*)·shock_lost_fraction, capped at 1: with slack γ*, the attacks after a shock that took
//   σ(D) cost less than σ(D)/γ*. It bounds cascade_lost_fraction, not what later attacks take. Equal to shock_lost_fraction when nothing is worth corrupting;
//   omitted when γ* ≤ 0 (no slack, no bound).
// No shock (or no stake when it came): every one of them is omitted, never NaN.
import { Rational } from '../analysis/rational.js';
import type { ShockRecord } from '../agents/attacker.js';

export interface ShockMeasures {
  readonly shock_lost_fraction: number;
  readonly cascade_lost_fraction: number;
  readonly lost_stake_fraction: number;
  readonly gamma_at_shock?: number;
  readonly bound_at_shock?: number;
}

export interface SlashTotals {
  /** STAKE deposited into restaking, ever (base units). */
  readonly deposited: bigint;
  /** STAKE slashes took from stakers so far, by reason (base units; SecurityMarket.sendSlash). */
  readonly slashedByReason: ReadonlyMap<string, bigint>;
}

export function shockMeasures(record: ShockRecord | undefined, totals: SlashTotals): ShockMeasures | undefined {
  if (record === undefined) return undefined;
  const exposed = record.stake + (totals.deposited - record.depositedBefore);
  if (exposed <= 0n) return undefined;
  const shock = totals.slashedByReason.get('shock') ?? 0n;
  const attackTokens = totals.slashedByReason.get('attack') ?? 0n;
  const attacks = attackTokens - record.attackTokensBefore;
  const cascade = (record.attackTokensAfterCascade ?? attackTokens) - record.attackTokensBefore;
  const shockShare = Rational.of(shock, exposed);
  const measures: ShockMeasures = {
    shock_lost_fraction: shockShare.toNumber(),
    cascade_lost_fraction: Rational.of(shock + cascade, exposed).toNumber(),
    lost_stake_fraction: Rational.of(shock + attacks, exposed).toNumber(),
  };
  const { gamma } = record;
  if (gamma === null) return { ...measures, bound_at_shock: measures.shock_lost_fraction };
  const withGamma = { ...measures, gamma_at_shock: gamma.toNumber() };
  if (gamma.sign() <= 0) return withGamma;
  const bound = Rational.ONE.add(Rational.ONE.div(gamma)).mul(shockShare);
  return { ...withGamma, bound_at_shock: Rational.min(Rational.ONE, bound).toNumber() };
}
