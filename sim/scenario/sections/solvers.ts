// Solvers fill intents; the attacker looks for profitable corruption under the contagion model.
import type { z } from 'zod';
import { stakeSettledAt } from '../../world/params.js';
import { amount, choice, duration, flag, fraction, positiveCount, section, type ExpectedParams } from './fields.js';

export const solversSection = section('Solvers who fill compute intents by leasing from providers.', {
  count: positiveCount('Number of solvers.', 5),
  capital: amount('Working capital per solver, in USD.', 250_000),
  costPerGpuHour: amount("Solver's cost of sourcing a GPU-hour beyond the provider price, in USD.", 0.05),
  margin: amount('Margin a solver requires over its cost before filling (0.1 = 10%).', 0.1),
  latency: duration('Mean time a solver needs to see an intent and land its fill; each solver draws its own (exponential), so races between solvers have a winner.', '2s'),
  costCv: amount("Spread of solvers' own costs around costPerGpuHour (coefficient of variation of a mean-one lognormal).", 0.3),
});

export const SHOCK_MODES = ['validators', 'pro-rata'] as const;

export const attackerSection = section(
  'An attacker who searches the restaking graph for valid attacks (priced by the contagion model) and strikes, cascade after cascade.',
  {
    enabled: flag('Whether the attacker (and its shock) acts.', false),
    checkInterval: duration('How often the attacker searches for a valid attack, from the shock on if there is one, else from stakers.joinWindow + operators.allocationDelay (0: only after the shock).', '1d'),
    shock: section('An exogenous loss of stake (psi in Durvasula-Roughgarden) that may start a cascade; the same under every contagion model.', {
      at: duration('Simulated time of the shock; from stakers.joinWindow + operators.allocationDelay on, once the stake it is measured against is there.', '15d'),
      stakeFraction: fraction('Share of the stake in restaking that the shock takes (0: no shock).', 0),
      mode: choice(
        SHOCK_MODES,
        'validators: whole validators, largest first, while they fit in the share; pro-rata: every operator loses that share of what can be slashed from it.',
        'validators',
      ),
    }),
  },
);

interface AttackerScenario {
  readonly duration: number;
  readonly attacker: { readonly enabled: boolean; readonly shock: { readonly at: number; readonly stakeFraction: number } };
  readonly stakers: { readonly joinWindow: number };
  readonly operators: { readonly allocationDelay: number };
}

/**
 * Combinations of the attacker with the rest of a scenario that cannot apply, each rejected with its
 * reason rather than silently dropped: a shock with the attacker off, a shock after the run ends, and
 * a shock before the stake has settled (stakers still joining, allocations not yet slashable: the
 * stake it is measured against would not be there yet).
 */
export function checkAttacker(s: AttackerScenario, ctx: z.core.$RefinementCtx<AttackerScenario>): void {
  const { shock, enabled } = s.attacker;
  if (!(shock.stakeFraction > 0)) return;
  const problem = (path: string[], params: ExpectedParams): void => ctx.addIssue({ code: 'custom', path, message: params.expected, params });
  if (!enabled) {
    problem(['attacker', 'enabled'], { expected: `true when attacker.shock.stakeFraction is above 0 (${shock.stakeFraction}): the shock is the attacker's, and would not happen`, found: 'false' });
  }
  if (shock.at >= s.duration) {
    problem(['attacker', 'shock', 'at'], { expected: `a time before the run ends (duration ${days(s.duration)})`, found: days(shock.at) });
  } else if (shock.at < stakeSettledAt(s)) {
    problem(['attacker', 'shock', 'at'], {
      expected: `a time from stakers.joinWindow + operators.allocationDelay (${days(stakeSettledAt(s))}) on: before it, stake is still joining or not yet slashable`,
      found: days(shock.at),
    });
  }
}

function days(seconds: number): string {
  return `${Number((seconds / 86_400).toFixed(4))}d`;
}
