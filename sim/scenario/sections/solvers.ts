// Solvers fill intents; the attacker looks for profitable corruption in the pooled model.
import { amount, duration, flag, fraction, MAX_CV, MAX_FACTOR, MAX_PRICE, MAX_USD, positiveCount, section } from './fields.js';

export const solversSection = section('Solvers who fill compute intents by leasing from providers.', {
  count: positiveCount('Number of solvers.', 5, 1000),
  capital: amount('Working capital per solver, in USD.', 250_000, MAX_USD),
  costPerGpuHour: amount("Solver's cost of sourcing a GPU-hour beyond the provider price, in USD.", 0.05, MAX_PRICE),
  margin: amount('Margin a solver requires over its cost before filling (0.1 = 10%).', 0.1, MAX_FACTOR),
  latency: duration('Mean time a solver needs to see an intent and land its fill; each solver draws its own (exponential), so races between solvers have a winner.', '2s'),
  costCv: amount("Spread of solvers' own costs around costPerGpuHour (coefficient of variation of a mean-one lognormal).", 0.3, MAX_CV),
});

export const attackerSection = section('An attacker who searches the restaking graph for valid attacks and cascades.', {
  enabled: flag('Whether the attacker acts. It searches the pooled restaking graph, so it acts only under security.contagion: pooled (the shock too).', false),
  checkInterval: duration('How often the attacker searches for a valid attack (0: never; else at least one block).', '1d'),
  shock: section('An exogenous loss of stake (psi in Durvasula-Roughgarden) that may start a cascade.', {
    at: duration('Simulated time of the shock.', '15d'),
    stakeFraction: fraction('Share of all stake that disappears in the shock (0: no shock).', 0),
  }),
});
