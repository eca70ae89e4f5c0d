// Seeded random sequences of deposits, delegations, allocations, deallocations, registrations,
// slashes, queued and completed withdrawals, undelegations and clearances. After every step:
//   - operator shares >= the sum of their stakers' withdrawable shares (per strategy);
//   - encumbered magnitude <= max magnitude;
//   - no negative share, magnitude or balance;
//   - tokens conserved: deposited = held by strategies + withdrawn + burned or redistributed;
//   - a call that threw left every contract and token balance exactly as it was.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { isContractError } from '../../../sim/contracts/errors.js';
import { WAD } from '../../../sim/contracts/math.js';
import { type OperatorSet } from '../../../sim/contracts/restaking/index.js';
import { createWorld, MINTER, STRATEGY_A, STRATEGY_B, type World } from './fixture.js';

// Testnet-sized delays (contracts spec §1.1) so that a few hundred steps cross them many times.
const DELAYS = { DEALLOCATION_DELAY: 50, ALLOCATION_CONFIGURATION_DELAY: 75, MIN_WITHDRAWAL_DELAY_BLOCKS: 50 };
const SEQUENCES = 12;
const STEPS = 250;

const OPERATORS = ['op0', 'op1', 'op2'];
const STAKERS = ['s0', 's1', 's2', 's3', 's4', 's5'];
const STRATEGIES = [STRATEGY_A, STRATEGY_B];
const TREASURY = 'treasury';

interface Ledger {
  deposited: Map<string, bigint>;
  withdrawn: Map<string, bigint>;
  burned: Map<string, bigint>;
}

function setUp(w: World): OperatorSet[] {
  for (const op of OPERATORS) w.registerOperator(op, 10);
  const sets = [w.createSet('avs0', 1, [STRATEGY_A, STRATEGY_B]), w.createSet('avs0', 2, [STRATEGY_A]), w.createSet('avs1', 1, [STRATEGY_B])];
  w.am.createRedistributingOperatorSets(w.ctx('avs1'), 'avs1', [{ operatorSetId: 2, strategies: [STRATEGY_A, STRATEGY_B] }], [TREASURY]);
  // Every operator starts registered to the first set with half of strategy A allocated to it.
  for (const op of OPERATORS) {
    w.registerFor(op, sets[0]!);
    w.allocate(op, sets[0]!, WAD / 2n);
  }
  return [...sets, { avs: 'avs1', id: 2 }];
}

function snapshot(w: World) {
  return {
    state: w.d.dumpState(),
    a: new Map(w.tokenA.holders()),
    b: new Map(w.tokenB.holders()),
  };
}

interface Stats {
  succeeded: number;
  reverted: number;
}

/** Runs one call; if it reverts, asserts nothing changed. Returns whether it succeeded. */
function attempt(w: World, stats: Stats, action: () => void): boolean {
  const before = snapshot(w);
  try {
    action();
    stats.succeeded++;
    return true;
  } catch (e) {
    if (!isContractError(e)) throw e;
    expect(snapshot(w)).toEqual(before);
    stats.reverted++;
    return false;
  }
}

function checkInvariants(w: World, ledger: Ledger): void {
  const stakers = [...OPERATORS, ...STAKERS];
  for (const strategy of STRATEGIES) {
    for (const op of OPERATORS) {
      const delegated = stakers.filter((s) => w.dm.delegatedTo(s) === op);
      const withdrawable = delegated.reduce((sum, s) => sum + w.dm.getWithdrawableShares(s, [strategy]).withdrawableShares[0]!, 0n);
      expect(w.dm.operatorShares(op, strategy)).toBeGreaterThanOrEqual(withdrawable);
      const max = w.am.getMaxMagnitude(op, strategy);
      expect(max).toBeGreaterThanOrEqual(0n);
      expect(w.am.getEncumberedMagnitude(op, strategy, w.block)).toBeLessThanOrEqual(max);
      expect(w.am.encumberedMagnitudeStored(op, strategy)).toBeGreaterThanOrEqual(0n);
    }
    for (const s of stakers) expect(w.sm.stakerDepositShares(s, strategy)).toBeGreaterThanOrEqual(0n);
    const token = w.tokenOf(strategy);
    const held = token.balanceOf(strategy);
    expect(held).toBeGreaterThanOrEqual(0n);
    expect(w.sm.strategy(strategy).totalShares).toBeGreaterThanOrEqual(0n);
    expect(ledger.deposited.get(strategy)).toBe(held + ledger.withdrawn.get(strategy)! + ledger.burned.get(strategy)!);
  }
  for (const a of w.am.allocations()) expect(a.allocation.currentMagnitude).toBeGreaterThanOrEqual(0n);
}

function runSequence(seed: string): Stats & { slashes: number } {
  const rng = seedrandom(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  // Uneven numbers, so that every floor and ceil in the formulas actually rounds.
  const uneven = (digits: number) => BigInt(Math.floor(rng() * 2 ** 52)) * 10n ** BigInt(Math.max(0, digits - 15)) + BigInt(int(1_000_003));
  const amount = () => uneven(1 + int(24));
  const fraction = () => BigInt(Math.floor(rng() * 2 ** 52)) * 222n + BigInt(int(1_000_003)); // in (0, ~1.0000003e18]
  const w = createWorld(DELAYS);
  const sets = setUp(w);
  const ledger: Ledger = {
    deposited: new Map(STRATEGIES.map((s) => [s, 0n])),
    withdrawn: new Map(STRATEGIES.map((s) => [s, 0n])),
    burned: new Map(STRATEGIES.map((s) => [s, 0n])),
  };
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, m.get(k)! + v);
  const stats: Stats = { succeeded: 0, reverted: 0 };
  let slashes = 0;

  const actions: Array<() => void> = [
    () => {
      const staker = pick([...STAKERS, ...OPERATORS]);
      const strategy = pick(STRATEGIES);
      const value = rng() < 0.05 ? 0n : amount();
      const token = w.tokenOf(strategy);
      w.fund(staker, value, strategy);
      if (attempt(w, stats, () => w.depositFunded(staker, value, strategy))) add(ledger.deposited, strategy, value);
      else token.burn(w.ctx(MINTER), staker, value); // keep minted = deposited
    },
    () => {
      const staker = pick(STAKERS);
      attempt(w, stats, () => w.dm.delegateTo(w.ctx(staker), pick(OPERATORS)));
    },
    () => {
      const staker = pick(STAKERS);
      attempt(w, stats, () => w.dm.undelegate(w.ctx(rng() < 0.8 ? staker : w.dm.delegatedTo(staker)), staker));
    },
    () => {
      const staker = pick([...STAKERS, ...OPERATORS]);
      const strategy = pick(STRATEGIES);
      const held = w.sm.stakerDepositShares(staker, strategy);
      const shares = rng() < 0.1 ? held + 1n : (held * BigInt(int(101))) / 100n;
      attempt(w, stats, () => w.dm.queueWithdrawals(w.ctx(staker), [{ strategies: [strategy], depositShares: [shares] }]));
    },
    () => {
      const queued = w.dm.queuedWithdrawals();
      if (queued.length === 0) return;
      const withdrawal = pick(queued);
      const asTokens = rng() < 0.6;
      const tokens = withdrawal.strategies.map((s) => w.tokenOf(s));
      const before = withdrawal.strategies.map((s) => w.tokenOf(s).balanceOf(withdrawal.staker));
      if (attempt(w, stats, () => w.dm.completeQueuedWithdrawal(w.ctx(withdrawal.staker), withdrawal, tokens, asTokens))) {
        withdrawal.strategies.forEach((s, i) => add(ledger.withdrawn, s, w.tokenOf(s).balanceOf(withdrawal.staker) - before[i]!));
      }
    },
    () => {
      const op = pick(OPERATORS);
      const set = pick(sets);
      const magnitude = rng() < 0.2 ? 0n : fraction();
      attempt(w, stats, () => w.am.modifyAllocations(w.ctx(op), op, [{ operatorSet: set, strategies: [pick(STRATEGIES)], newMagnitudes: [magnitude] }]));
    },
    () => {
      const op = pick(OPERATORS);
      const set = pick(sets);
      if (rng() < 0.6) attempt(w, stats, () => w.registerFor(op, set));
      else attempt(w, stats, () => w.am.deregisterFromOperatorSets(w.ctx(op), { operator: op, avs: set.avs, operatorSetIds: [set.id] }));
    },
    () => {
      const set = pick(sets);
      const strategies = rng() < 0.5 ? [pick(STRATEGIES)] : [STRATEGY_A, STRATEGY_B];
      const wads = strategies.map(() => (rng() < 0.05 ? 0n : rng() < 0.1 ? WAD : fraction()));
      const ok = attempt(w, stats, () =>
        w.am.slashOperator(w.ctx(set.avs), set.avs, { operator: pick(OPERATORS), operatorSetId: set.id, strategies, wadsToSlash: wads, description: '' }),
      );
      if (ok) slashes++;
    },
    () => {
      const pending = w.sm.pendingSlashes();
      if (pending.length === 0) return;
      const slash = pick(pending);
      const recipient = w.am.getRedistributionRecipient(slash.operatorSet);
      const before = STRATEGIES.map((s) => w.tokenOf(s).balanceOf(recipient));
      attempt(w, stats, () => w.sm.clearBurnOrRedistributableShares(w.ctx('anyone'), slash.operatorSet, slash.slashId));
      STRATEGIES.forEach((s, i) => add(ledger.burned, s, w.tokenOf(s).balanceOf(recipient) - before[i]!));
    },
    () => w.advance(rng() < 0.7 ? int(10) : int(80)),
  ];

  for (let step = 0; step < STEPS; step++) {
    pick(actions)();
    checkInvariants(w, ledger);
  }
  return { ...stats, slashes };
}

describe('restaking invariants over seeded random sequences', () => {
  for (let i = 0; i < SEQUENCES; i++) {
    it(`sequence ${i}`, () => {
      const { succeeded, reverted, slashes } = runSequence(`restaking-properties-${i}`);
      // A sequence that never changed state, never reverted or never slashed would prove little.
      expect(succeeded).toBeGreaterThan(STEPS / 5);
      expect(reverted).toBeGreaterThan(0);
      expect(slashes).toBeGreaterThan(0);
    });
  }
});
