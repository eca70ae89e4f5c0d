// The security layer of every market world: stakers restake with operators, operators run the
// services' nodes on the compute market's providers (so a provider outage is an operator's downtime),
// services pay rewards and slash, and an attacker may shock the stake and look for profitable
// corruption under the scenario's contagion model. Everything acts through the ported EigenLayer
// contracts (sim/markets/security/securityMarket.ts).
import { AttackerAgent } from '../agents/attacker.js';
import { OperatorAgent } from '../agents/operator.js';
import type { Host } from '../agents/outages.js';
import { ServiceAgent } from '../agents/service.js';
import { StakerAgent, StakerChanges } from '../agents/staker.js';
import { StakerLossMean } from '../agents/stakerLossMean.js';
import type { MarketContext } from '../markets/context.js';
import { LEDGER_KEEPER } from '../markets/security/ledgerSet.js';
import { SecurityMarket } from '../markets/security/securityMarket.js';
import { counter, FRACTION, nonNegative, series, signed, summary, type MetricDeclaration } from '../metrics/catalog.js';
import type { InvariantChecker } from '../metrics/invariants.js';
import type { Recorder } from '../metrics/recorder.js';
import { GAS_ALLOWANCE, type Funding } from './funding.js';
import { delayBlocks, restakingDelayBlocks } from './blocks.js';
import { stakeSettledAt, type WorldParams } from './params.js';
import { shockMeasures, type ShockMeasures } from './shockMeasures.js';
import { fractionToWad, STAKE_UNITS, stakeToTokens, tokensToStake } from '../units.js';

const DAY = 86_400;
/** The ledger keeper and slashers send many transactions: a larger gas float. */
const BUSY_GAS_ALLOWANCE = 100n * 10n ** 18n;

/** The address of service `index`. */
export function serviceAddress(index: number): string {
  return `service:${index}`;
}

const STAKE = nonNegative('STAKE');

/** The security layer's metrics: one allocation series per service, and the attacker's when it runs (under every contagion model). */
export function securityMetrics(params: WorldParams): MetricDeclaration[] {
  const services = Array.from({ length: params.services.count }, (_, i) => serviceAddress(i));
  return [
    series('stake_delegated', 'security', STAKE, ['mean', 'last'], 'stake delegated to operators'),
    ...services.map((avs) => series(`stake_allocated:${avs}`, 'security', STAKE, ['mean', 'min'], `stake allocated to ${avs}`)),
    series('slashed_stake', 'security', STAKE, ['last'], 'stake slashes took from stakers so far (never more than they held, each slash at its receipt; SecurityMarket.sendSlash)'),
    series('queued_withdrawals', 'security', nonNegative('withdrawals'), ['max', 'last'], 'withdrawals queued and not yet completed'),
    series('staker_loss_mean', 'security', FRACTION, ['max', 'last'], "mean share of a staker's deposit lost"),
    summary('slashes', 'security', nonNegative('slashes'), 'slashings executed'),
    summary('rewards_paid_stake', 'security', STAKE, 'rewards services paid'),
    summary('stakers_exited', 'security', nonNegative('stakers'), 'stakers who left (loss, panic or yield)'),
    summary('exit_wait_blocks_max', 'security', nonNegative('blocks'), 'longest wait of a staker from leaving to withdrawing'),
    ...(params.attacker.enabled
      ? [
          series('cascade_depth', 'security', nonNegative('attacks'), ['max'], 'attacks in the latest cascade'),
          summary('attacks', 'security', nonNegative('attacks'), 'profitable attacks the attacker carried out'),
          summary('services_corrupted', 'security', nonNegative('services'), 'services the attacker corrupted'),
          // The shock's measures: their definitions are in sim/world/shockMeasures.ts (shares of the exposed stake S: what the
          // strategy held for stakers at shock time, delegated or not, plus deposits after it).
          summary('shock_lost_fraction', 'security', FRACTION, 'share of the exposed stake S the shock took'),
          summary('cascade_lost_fraction', 'security', FRACTION, 'share of the exposed stake S the shock and the cascade right after it took'),
          summary('lost_stake_fraction', 'security', FRACTION, 'share of the exposed stake S the shock and every later attack took'),
          summary('gamma_at_shock', 'security', signed('ratio'), 'slack γ certified for the graph at shock time (≤ 0: no slack)'),
          summary('bound_at_shock', 'security', FRACTION, "Theorem 1's bound (1 + 1/γ)ψ for the graph at shock time, capped at 1"),
          counter('attacker_looks', 'security', nonNegative('looks'), 'times the attacker looked for a valid attack'),
          counter('attacker_searches', 'security', nonNegative('searches'), 'looks that ran a search (a graph already searched in vain runs none)'),
        ]
      : []),
  ];
}

export class SecurityWorld {
  readonly market: SecurityMarket;
  readonly stakers: StakerAgent[] = [];
  readonly operators: OperatorAgent[] = [];
  readonly services: ServiceAgent[] = [];
  attacker: AttackerAgent | null = null;
  readonly #ctx: MarketContext;
  readonly #params: WorldParams;
  readonly #funding: Funding;
  /** Every staker's changes to its standing, for the loss mean's kept sum. */
  readonly #stakerChanges = new StakerChanges();

  constructor(ctx: MarketContext, params: WorldParams, funding: Funding) {
    this.#ctx = ctx;
    this.#params = params;
    this.#funding = funding;
    const delays = restakingDelayBlocks(params);
    this.market = new SecurityMarket(ctx, {
      contagion: params.security.contagion,
      deallocationDelayBlocks: delays.deallocation,
      withdrawalDelayBlocks: delays.withdrawal,
      allocationConfigurationDelayBlocks: delays.allocationConfiguration,
      restakingDegree: params.security.restakingDegree,
    });
  }

  /**
   * Starts services, operators, stakers and the attacker. Operator i runs its nodes on providers
   * i·k, i·k + 1, …, i·k + k − 1 (mod the number of providers), k = providersEach: it is down only
   * while all of them are.
   */
  start(hosts: readonly Host[]): void {
    const { services, operators, stakers, attacker, chain } = this.#params;

    this.#funding.fund(LEDGER_KEEPER, { native: BUSY_GAS_ALLOWANCE });
    for (let index = 0; index < services.count; index++) {
      const address = serviceAddress(index);
      const service = new ServiceAgent(this.#ctx, this.market, {
        index,
        address,
        slasher: `${address}:slasher`,
        rewardsPerDay: tokensToStake(services.rewardsPerDay),
        profitFromCorruption: tokensToStake(services.profitFromCorruption),
        attackThreshold: services.attackThreshold,
        slashing: {
          slaBreach: fractionToWad(services.slashing.slaBreach),
          downtime: fractionToWad(services.slashing.downtime),
          downtimeGrace: services.slashing.downtimeGrace,
          equivocation: fractionToWad(services.slashing.equivocation),
        },
        slaAvailability: services.slaAvailability,
        window: DAY,
      });
      this.#funding.fund(address, { native: GAS_ALLOWANCE });
      this.#funding.fund(`${address}:slasher`, { native: BUSY_GAS_ALLOWANCE });
      this.services.push(service);
      service.start();
    }

    for (let index = 0; index < operators.count; index++) {
      const operator = new OperatorAgent(this.#ctx, this.market, {
        index,
        address: `operator:${index}`,
        commissionBps: operators.commissionBps,
        allocationDelayBlocks: delayBlocks(operators.allocationDelay, chain.blockTime),
        allocation: operators.allocation,
        providersEach: operators.providersEach,
        equivocationsPerYear: operators.equivocationsPerYear,
      });
      this.#funding.fund(operator.config.address, { native: GAS_ALLOWANCE });
      for (let slot = 0; slot < operators.providersEach && hosts.length > 0; slot++) {
        const host = hosts[(index * operators.providersEach + slot) % hosts.length]!;
        host.availability.watch((up) => operator.setProviderUp(slot, up));
      }
      this.operators.push(operator);
      operator.start();
    }

    const setup = this.#ctx.rng.get('stakers/setup');
    for (let index = 0; index < stakers.count; index++) {
      const staker = new StakerAgent(this.#ctx, this.market, {
        index,
        address: `staker:${index}`,
        deposit: tokensToStake(setup.lognormalWithMean(stakers.deposit.mean, stakers.deposit.cv)) || 1n,
        startAt: setup.next() * stakers.joinWindow,
        delegation: stakers.delegation,
        yieldChasing: stakers.yieldChasing,
        lossThreshold: stakers.lossThreshold,
        panic: stakers.panic,
      }, this.#stakerChanges);
      this.#funding.fund(staker.config.address, { native: GAS_ALLOWANCE });
      this.stakers.push(staker);
      staker.start();
    }

    if (attacker.enabled) {
      // With a shock planned the attacker's first look is the shock's own: the shock's measures are
      // taken on the graph the stakers and operators made, not on one an earlier strike looted (a
      // graph that is insecure before the shock shows as gamma_at_shock ≤ 0). Without one it looks
      // once the stake has settled.
      const lookFrom = attacker.shock.stakeFraction > 0 ? attacker.shock.at : stakeSettledAt(this.#params);
      const firstLookAt = lookFrom + attacker.checkInterval;
      this.attacker = new AttackerAgent(this.#ctx, this.market, { checkInterval: attacker.checkInterval, firstLookAt, shock: attacker.shock });
      this.attacker.start();
    }
  }

  /** How much work the attacker did: its looks, and the searches they ran (a look at a graph it already searched in vain runs none). */
  counters(): Record<string, number> {
    return this.attacker === null ? {} : { attacker_looks: this.attacker.looks, attacker_searches: this.attacker.searches };
  }

  register(recorder: Recorder, checker: InvariantChecker): void {
    const { market } = this;
    const scale = STAKE_UNITS;
    recorder.series('stake_delegated', () => market.totalDelegated(), { scale });
    for (const service of this.services) {
      const avs = service.config.address;
      recorder.series(`stake_allocated:${avs}`, () => market.serviceStake(avs), { scale });
    }
    recorder.series('slashed_stake', () => market.slashedTokens, { scale });
    recorder.series('queued_withdrawals', () => market.queuedWithdrawals);
    const lossMean = new StakerLossMean(this.stakers, market, this.#stakerChanges);
    recorder.series('staker_loss_mean', () => lossMean.read());
    recorder.summary('slashes', () => market.slashes);
    recorder.summary('rewards_paid_stake', () => stakeToTokens(market.rewardsPaid));
    recorder.summary('stakers_exited', () => this.stakers.filter((s) => s.exitReason !== null).length);
    recorder.summary('exit_wait_blocks_max', () => this.stakers.reduce((m, s) => (Number.isFinite(s.exitWaitBlocks) ? Math.max(m, s.exitWaitBlocks) : m), 0));
    if (this.attacker !== null) {
      const attacker = this.attacker;
      recorder.series('cascade_depth', () => attacker.lastCascadeDepth);
      recorder.summary('attacks', () => attacker.attacks);
      recorder.summary('services_corrupted', () => market.corruptedCount);
      // A run without a shock (or before it) has no shock measures: null, as every value without meaning.
      const measure = (name: keyof ShockMeasures) => () => shockMeasures(attacker.shockRecord, market)?.[name] ?? null;
      for (const name of ['shock_lost_fraction', 'cascade_lost_fraction', 'lost_stake_fraction', 'gamma_at_shock', 'bound_at_shock'] as const) {
        recorder.summary(name, measure(name));
      }
    }

    checker.register('stake_conservation', () => {
      const gap = market.stakeConservationGap();
      return gap === 0n ? null : { gap, minted: market.minted };
    });
    checker.register('encumbered_within_max_magnitude', () => {
      const n = market.overEncumberedOperators();
      return n === 0 ? null : { operators: n };
    });
    checker.register('strategy_share_price_one', () => {
      const gap = market.strategyPriceGap();
      return gap === 0n ? null : { gap, shares: market.strategy.totalShares };
    });
    checker.register('operator_shares_cover_withdrawable', () => {
      const n = market.undercollateralizedOperators();
      return n === 0 ? null : { operators: n };
    });
  }
}
