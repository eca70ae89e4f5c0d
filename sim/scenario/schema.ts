// The scenario schema: a `model` discriminator picks the DePIN market world (the default) or the
// M/M/c validation queue. Sections live in ./sections, one file per part of the world.
import { z } from 'zod';
import type { WorldParams } from '../world/params.js';
import { chainSection } from './sections/chain.js';
import { duration, type ExpectedParams } from './sections/fields.js';
import { marketSection } from './sections/market.js';
import { mmcFields } from './sections/mmc.js';
import { checksSection, compareSection, invariantsSection, metricsSection } from './sections/observe.js';
import { providersSection } from './sections/providers.js';
import { reportSection } from './sections/report.js';
import { securitySection } from './sections/security.js';
import { attackerSection, checkAttacker, solversSection } from './sections/solvers.js';
import { optimizeSection } from './sections/optimize.js';
import { sensitivitySection } from './sections/sensitivity.js';
import { operatorsSection, servicesSection, stakersSection } from './sections/staking.js';
import { sweepSection } from './sections/sweep.js';
import { usersSection } from './sections/users.js';

/** Names become results directories, so they are restricted to safe characters. */
const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'a name of letters, digits, - and _ (starting with a letter or digit)' })
  .describe('Scenario name; results go to results/<name>/. Defaults to the file name.');

const seed = z
  .union([z.string().min(1), z.number().int()])
  .transform(String)
  .prefault('1')
  .describe('Master seed; each run seed derives from it and the run key.');

/** Fields every model shares. */
const common = {
  extends: z.string().optional().describe('Scenario file this one builds on, relative to this file.'),
  name,
  seed,
  sweep: sweepSection,
  checks: checksSection,
  compare: compareSection,
};

/** Studies over the model's parameters, last in the listing of a scenario's keys. */
const studies = {
  sensitivity: sensitivitySection,
  optimize: optimizeSection,
};

const marketScenario = z.strictObject({
  model: z.literal('market').prefault('market').describe('market: the DePIN world (default).'),
  ...common,
  duration: duration('Simulated time span of a run.', '30d'),
  chain: chainSection,
  market: marketSection,
  providers: providersSection,
  users: usersSection,
  stakers: stakersSection,
  operators: operatorsSection,
  services: servicesSection,
  solvers: solversSection,
  attacker: attackerSection,
  security: securitySection,
  metrics: metricsSection,
  invariants: invariantsSection,
  report: reportSection,
  ...studies,
}).superRefine(checkAttacker);

const mmcScenario = z
  .strictObject({
    model: z.literal('mmc').describe('mmc: the M/M/c validation queue.'),
    ...common,
    ...mmcFields,
    report: reportSection,
    ...studies,
  })
  .refine((s) => s.lambda < s.servers * s.mu, {
    path: ['lambda'],
    params: { expected: 'lambda < servers * mu (a stable queue)' } satisfies ExpectedParams,
  });

export const scenarioSchema = z.discriminatedUnion('model', [marketScenario, mmcScenario]);

export type Scenario = z.output<typeof scenarioSchema>;
export type MarketScenario = Extract<Scenario, { model: 'market' }>;
export type MmcScenario = Extract<Scenario, { model: 'mmc' }>;

// The world declares the parameters it reads (sim/world/params.ts); this line fails to compile the
// moment the schema stops producing them.
export const asWorldParams = (scenario: MarketScenario): WorldParams => scenario;
