// The posted-price buyer by hand: it buys when the price is within its willingness to pay, leaves or
// waits (queueWhenFull) when it is not, gives up after its patience, and after an outage buys the
// rest of its job, if its budget still covers it (nothing is refunded). Chain of the harness: block
// k runs at kernel time 12k; the approval sent at 0 lands in block 1, a purchase sent on its receipt
// lands in block 2 (kernel 24).
import { describe, expect, it } from 'vitest';
import { PostedBuyerAgent } from '../../sim/agents/postedBuyer.js';
import type { Job, JobReport } from '../../sim/agents/job.js';
import type { PostedPriceParams } from '../../sim/markets/posted/postedPrice.js';
import { HOUR, USD, listProvider, makeWorld, startKeeper, type World } from './postedPriceHarness.js';

const JOB: Job = { id: 1, gpuModel: 'H100', gpus: 2, duration: 1800, wtpPerGpuHour: 3, patience: 600 };

interface Run {
  world: World;
  buyer: PostedBuyerAgent;
  reports: (JobReport & { at: number })[];
}

function run(job: Partial<Job>, params: Partial<PostedPriceParams> = {}, budgetCover = 1, setup: (w: World) => void = () => {}): Run {
  const world = makeWorld(params);
  listProvider(world, 'P', 8, 1);
  const reports: Run['reports'] = [];
  const buyer = new PostedBuyerAgent(world.ctx, world.market, 'buyer', { ...JOB, ...job }, { budgetCover }, (r) => reports.push({ ...r, at: world.ctx.kernel.now() }));
  world.mintUsd('buyer', buyer.budget());
  buyer.start();
  setup(world);
  return { world, buyer, reports };
}

describe('a posted-price buyer', () => {
  it('buys at once when the price is within its willingness to pay, and completes', () => {
    const { world, buyer, reports } = run({});
    // The whole job at 3 USD/h: 2 GPUs × 0.5 h × 3 = 3 USD.
    expect(buyer.budget()).toBe(3n * USD);
    world.runTo(2 * HOUR);
    expect(reports).toEqual([{ job: { ...JOB }, outcome: 'completed', wait: 24, interruptions: 0, prices: [2], at: 24 + 1800 }]);
    expect(world.usd.balanceOf('P')).toBe(2n * USD);
  });

  it('leaves at once when the price is above its willingness to pay and the market does not queue', () => {
    const { world, reports } = run({ wtpPerGpuHour: 1.5 }, { queueWhenFull: false });
    world.runTo(HOUR);
    expect(reports.map((r) => [r.outcome, r.at])).toEqual([['unserved', 12]]);
    expect(reports[0]?.wait).toBeNaN();
  });

  it('waits for the price to come down to its limit, then buys', () => {
    // Nothing runs, so the first poke (GENESIS + 3600) cuts 2 USD by 12.5% to 1.75, under the 1.8 limit.
    const { world, reports } = run({ wtpPerGpuHour: 1.8, patience: 2 * HOUR }, {}, 1, (w) => startKeeper(w, 'keeper'));
    world.runTo(3 * HOUR);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ outcome: 'completed', wait: HOUR + 12, prices: [1.75], at: HOUR + 12 + 1800 });
  });

  it('gives up when its patience runs out first', () => {
    const { world, reports } = run({ wtpPerGpuHour: 1.8, patience: 1800 }, {}, 1, (w) => startKeeper(w, 'keeper'));
    world.runTo(3 * HOUR);
    expect(reports.map((r) => [r.outcome, r.at])).toEqual([['unserved', 1800]]);
    expect(world.market.waitingCount).toBe(0);
  });

  describe('cut short by an outage', () => {
    // 8 GPUs for an hour from block 2 (GENESIS + 24); the provider reports down at 1800 and up at 2400,
    // within the buyer's 1200 s of patience from the interruption.
    const outage = (w: World): void => {
      w.at(1800, () => w.market.setAvailability('P', false, () => {}));
      w.at(2400, () => w.market.setAvailability('P', true, () => {}));
    };

    it('buys the rest once the provider is back, when its budget covers it', () => {
      const { world, reports } = run({ gpus: 8, duration: HOUR, wtpPerGpuHour: 2, patience: 1200 }, {}, 2, outage);
      world.runTo(3 * HOUR);
      // Ran 1800 − 24 = 1776 s; the remaining 1824 s are bought in the block at 2412 and end at 4236.
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ outcome: 'completed', wait: 24, interruptions: 1, prices: [2, 2], at: 2412 + 1824 });
      // 16 USD for the first hour, then ⌈2,000,000 · 8 · 1824 / 3600⌉ = 8,106,667 for the rest.
      expect(world.usd.balanceOf('P')).toBe(16n * USD + 8_106_667n);
    });

    it('fails when the interrupted hour, not refunded, leaves too little for the rest', () => {
      const { world, reports } = run({ gpus: 8, duration: HOUR, wtpPerGpuHour: 2, patience: 1200 }, {}, 1, outage);
      world.runTo(3 * HOUR);
      expect(reports.map((r) => [r.outcome, r.interruptions, r.at])).toEqual([['failed', 1, 2400]]);
    });
  });

  it('refuses a job it cannot run, with a readable message', () => {
    const world = makeWorld();
    expect(() => new PostedBuyerAgent(world.ctx, world.market, 'b', { ...JOB, gpus: 0 }, { budgetCover: 1 }, () => {})).toThrow(/whole number of GPUs/);
  });
});
