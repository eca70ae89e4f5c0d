// The security market keeps its planned views (planned fractions and planned stake per service, which
// every staker's yield ranking reads) from block to block while the view stamp holds
// (sim/markets/security/viewStamp.ts). A stamp that leaves one input out would hand a ranking a
// stale view: each input is changed here alone and the stamp must stop holding, and a deallocation
// that matures with no write at all must move the yields at its effect block.
import { describe, expect, it } from 'vitest';
import { WAD } from '../../sim/contracts/math.js';
import { Journal, StateCell, StateMap } from '../../sim/contracts/restaking/Journal.js';
import { Snapshots } from '../../sim/contracts/restaking/Snapshots.js';
import type { AllocationRecord } from '../../sim/contracts/restaking/AllocationManager.js';
import { ERC20 } from '../../sim/contracts/token/ERC20.js';
import type { Address, TxContext } from '../../sim/contracts/types.js';
import { ElasticLedger } from '../../sim/markets/security/elastic.js';
import { STAKE_STRATEGY } from '../../sim/markets/security/stake.js';
import { ViewStamps } from '../../sim/markets/security/viewStamp.js';
import { fundAndDeposit, ok, securitySetup, TOKEN } from './securitySetup.js';

const ctx = (sender: Address): TxContext => ({ sender, block: 1, timestamp: 0 });

function record(effectBlock: number, pendingDiff: bigint): AllocationRecord {
  return { operator: 'op', operatorSet: { avs: 'avs', id: 0 }, strategy: 'strategy', allocation: { currentMagnitude: WAD / 2n, pendingDiff, effectBlock } };
}

function inputs() {
  const journal = new Journal();
  const shares = new StateMap<Address, bigint>(journal, 'shares');
  const token = new ERC20('Restaked token', 'STAKE', 18, 'treasury');
  token.mint(ctx('treasury'), 'strategy', 100n);
  const counts = { market: 0, model: 0 };
  const records: AllocationRecord[] = [record(5, -1n)];
  // A write to the allocations moves the clock, as the AllocationManager's does.
  const allocationManager = { writes: 0, allocations: () => records };
  const stamps = new ViewStamps({
    contractsVersion: () => journal.version,
    shareValue: () => token.balanceOf('strategy'),
    allocationManager,
    marketChanges: () => counts.market,
    modelVersion: () => counts.model,
  });
  return { journal, shares, token, counts, records, allocationManager, stamps };
}

describe('ViewStamps', () => {
  it('holds while nothing moves, from block to block', () => {
    const { stamps } = inputs();
    const stamp = stamps.take(10);
    expect([10, 11, 1_000_000].map((b) => stamps.holds(stamp, b))).toEqual([true, true, true]);
  });

  it.each([
    ['a journaled write', (w: ReturnType<typeof inputs>) => w.shares.set('alice', 1n)],
    ['a rollback', (w: ReturnType<typeof inputs>) => expect(() => w.journal.atomic(() => {
      throw new Error('revert');
    })).toThrow()],
    ["the strategy's token balance", (w: ReturnType<typeof inputs>) => w.token.mint(ctx('treasury'), 'strategy', 1n)],
    ["the market's bookkeeping", (w: ReturnType<typeof inputs>) => w.counts.market++],
    ["the model's own state", (w: ReturnType<typeof inputs>) => w.counts.model++],
  ])('stops holding after %s', (_name, change) => {
    const world = inputs();
    const stamp = world.stamps.take(10);
    change(world);
    expect(world.stamps.holds(stamp, 10)).toBe(false);
  });

  it('stops holding at the effect block of a pending allocation change (which no write announces)', () => {
    const { stamps, records } = inputs();
    records.push(record(40, -WAD / 4n), record(25, WAD / 4n), record(0, 0n));
    const stamp = stamps.take(10);
    // Block 5's change has matured before the stamp; 25 is the next one, then 40.
    expect([stamps.holds(stamp, 24), stamps.holds(stamp, 25), stamps.holds(stamp, 40)]).toEqual([true, false, false]);
    expect(stamps.holds(stamps.take(25), 39)).toBe(true);
    expect(stamps.holds(stamps.take(25), 40)).toBe(false);
  });

  // The next effect block is kept between takes while the AllocationManager's clock stands, for the
  // blocks from the one it was found at up to it: each part of that key is dropped here in turn.
  it('finds the next effect block again once an allocation is written, or for a block before the one it was found at', () => {
    const { stamps, records, allocationManager } = inputs();
    records.push(record(40, -WAD / 4n));
    expect(stamps.holds(stamps.take(10), 39)).toBe(true);
    records.push(record(20, WAD / 4n));
    allocationManager.writes++;
    expect(stamps.holds(stamps.take(11), 20)).toBe(false);
    expect(stamps.take(12).validBelowBlock).toBe(20);
    // Kept from block 12 on; at block 3 the change that takes effect at block 5 is still pending.
    expect(stamps.take(3).validBelowBlock).toBe(5);
  });
});

describe('WriteClock', () => {
  it("counts one contract's writes (maps, cells, snapshots) and every rollback, not other stores' writes", () => {
    const journal = new Journal();
    const clock = journal.clock();
    const mine = new StateMap<string, bigint>(journal, 'Mine.map', clock);
    const cell = new StateCell(journal, 'Mine.cell', 0n, clock);
    const history = Snapshots.defaultWadHistory(journal, clock);
    const theirs = new StateMap<string, bigint>(journal, 'Theirs.map');
    const counts: number[] = [clock.writes];
    theirs.set('a', 1n);
    counts.push(clock.writes);
    mine.set('a', 1n);
    counts.push(clock.writes);
    cell.set(2n);
    counts.push(clock.writes);
    history.push(7, WAD / 2n);
    counts.push(clock.writes);
    expect(() => journal.atomic(() => {
      theirs.set('b', 2n);
      throw new Error('revert');
    })).toThrow('revert');
    counts.push(clock.writes);
    expect(counts).toEqual([0, 0, 1, 2, 3, 4]);
  });
});

describe('ElasticLedger.version', () => {
  it('moves with an allocation and with the stretch a slash commits', () => {
    const ledger = new ElasticLedger();
    const v0 = ledger.version;
    ledger.allocate('op', new Map([['s1', WAD / 2n], ['s2', WAD / 2n]]));
    const v1 = ledger.version;
    const slash = ledger.slash('op', 's1', WAD, 100n);
    expect(ledger.version).toBe(v1); // planned, not yet written
    slash.commit();
    expect([v1 > v0, ledger.version > v1]).toEqual([true, true]);
  });
});

describe('yields across a maturing deallocation', () => {
  const S1 = 'avs-1';
  const S2 = 'avs-2';

  /**
   * OP1 (300 STAKE from A) allocates 0.5 to S1 and 0.3 to S2; OP2 (100 STAKE from B) 0.5 to S1. Each
   * service pays 10 STAKE a day; commission 10%.
   */
  function twoOperators() {
    const setup = securitySetup();
    const { market, blocks } = setup;
    for (const avs of [S1, S2]) {
      market.registerService({ avs, slasher: `${avs}:slasher`, rewardsPerDay: 10n * TOKEN, profitFromCorruption: 0n, attackThreshold: 0.5 }, ok);
    }
    market.registerOperator('OP1', 1000, 5, ok);
    market.registerOperator('OP2', 1000, 5, ok);
    blocks(2);
    market.registerForService('OP1', S1, ok);
    market.registerForService('OP1', S2, ok);
    market.registerForService('OP2', S1, ok);
    fundAndDeposit(setup, [['A', 300n * TOKEN], ['B', 100n * TOKEN]]);
    market.allocate('OP1', new Map([[S1, WAD / 2n], [S2, (3n * WAD) / 10n]]), ok);
    market.allocate('OP2', new Map([[S1, WAD / 2n]]), ok);
    blocks(1);
    market.delegate('A', 'OP1', ok);
    market.delegate('B', 'OP2', ok);
    blocks(6); // the allocation delay of 5 blocks passes
    return setup;
  }

  it('moves at the effect block, read every block before it', () => {
    const { market, blocks, chain } = twoOperators();
    // S1's planned stake 0.5·300 + 0.5·100 = 200. OP1 earns 150/200 of S1 and all of S2:
    // 17.5 · 0.9 · 365 / 300 = 19.1625; OP2 earns 50/200 of S1: 2.5 · 0.9 · 365 / 100 = 8.2125.
    expect(market.expectedYield('OP1')).toBeCloseTo(19.1625, 9);
    expect(market.expectedYield('OP2')).toBeCloseTo(8.2125, 9);
    // OP1 lowers S1 to 0.1: a deallocation, planned at the old 0.5 until it takes effect.
    market.allocate('OP1', new Map([[S1, WAD / 10n]]), ok);
    blocks(1);
    const effectBlock = market.restaking.allocationManager.getAllocation('OP1', { avs: S1, id: 0 }, STAKE_STRATEGY, chain.blockNumber).effectBlock;
    expect(effectBlock).toBeGreaterThan(chain.blockNumber + 10);
    while (chain.blockNumber < effectBlock) {
      expect(market.expectedYield('OP1')).toBeCloseTo(19.1625, 9);
      expect(market.expectedYield('OP2')).toBeCloseTo(8.2125, 9);
      blocks(1);
    }
    // Planned stake 0.1·300 + 0.5·100 = 80: OP1 earns 30/80 of S1 and all of S2,
    // 13.75 · 0.9 · 365 / 300 = 15.05625; OP2 50/80 of S1, 6.25 · 0.9 · 365 / 100 = 20.53125.
    expect(market.expectedYield('OP1')).toBeCloseTo(15.05625, 9);
    expect(market.expectedYield('OP2')).toBeCloseTo(20.53125, 9);
  });

  it("moves the stake securing a service at an allocation increase's effect block, read every block before it", () => {
    const { market, blocks, chain } = twoOperators();
    expect(market.serviceStake(S1)).toBe(200n * TOKEN); // 0.5·300 + 0.5·100
    market.allocate('OP2', new Map([[S1, (8n * WAD) / 10n]]), ok);
    blocks(1);
    const effectBlock = market.restaking.allocationManager.getAllocation('OP2', { avs: S1, id: 0 }, STAKE_STRATEGY, chain.blockNumber).effectBlock;
    expect(effectBlock).toBeGreaterThan(chain.blockNumber);
    while (chain.blockNumber < effectBlock) {
      expect(market.serviceStake(S1)).toBe(200n * TOKEN);
      blocks(1);
    }
    expect(market.serviceStake(S1)).toBe(230n * TOKEN); // 0.5·300 + 0.8·100
  });

  it("keeps the AllocationManager's write count through deposits and delegations, and moves it with an allocation", () => {
    const setup = twoOperators();
    const { market, blocks } = setup;
    const am = market.restaking.allocationManager;
    const before = am.writes;
    fundAndDeposit(setup, [['C', 50n * TOKEN]]);
    market.delegate('C', 'OP2', ok);
    blocks(1);
    expect(am.writes).toBe(before);
    market.allocate('OP2', new Map([[S1, (8n * WAD) / 10n]]), ok);
    blocks(1);
    expect(am.writes).toBeGreaterThan(before);
  });

  it('moves at once with an allocation increase (planned as soon as it is sent), read the block before', () => {
    const { market, blocks } = twoOperators();
    expect(market.expectedYield('OP1')).toBeCloseTo(19.1625, 9);
    market.allocate('OP2', new Map([[S1, (8n * WAD) / 10n]]), ok);
    blocks(1);
    // S1's planned stake 0.5·300 + 0.8·100 = 230, while the increase is still pending.
    expect(market.expectedYield('OP1')).toBeCloseTo(((10 * 150) / 230 + 10) * 0.9 * 365 / 300, 9);
    expect(market.expectedYield('OP2')).toBeCloseTo(((10 * 80) / 230) * 0.9 * 365 / 100, 9);
  });

  it('drops a service the moment it is corrupted, in the same instant as a read that kept it', () => {
    const { market } = twoOperators();
    expect(market.expectedYield('OP1')).toBeCloseTo(19.1625, 9);
    market.strike([S2], [], () => {});
    // S2 pays no more: OP1 earns 150/200 of S1 alone, 7.5 · 0.9 · 365 / 300 = 8.2125.
    expect(market.expectedYield('OP1')).toBeCloseTo(8.2125, 9);
  });
});
