// Users who buy their job as an intent, with solvers filling: the RFQ path, the plain Dutch path,
// an unserved intent, a job cut short by an outage, and a small busy world checked for token
// conservation at every block. Chain of the harness: block k at kernel 12k, timestamp GENESIS + 12k.
import { describe, expect, it } from 'vitest';
import { IntentUserAgent } from '../../sim/agents/intentUser.js';
import { SolverAgent } from '../../sim/agents/solver.js';
import type { Job, JobReport } from '../../sim/agents/job.js';
import type { Address } from '../../sim/contracts/types.js';
import { USD, blockAt, listProvider, makeWorld, type World } from './intentAuctionHarness.js';

const JOB: Job = { id: 1, gpuModel: 'H100', gpus: 1, duration: 3600, wtpPerGpuHour: 100, patience: 1800 };

function solver(world: World, address: Address, costPerGpuHour: number): SolverAgent {
  world.mintUsd(address, 1_000n * USD);
  const agent = new SolverAgent(world.ctx, world.market, { index: 0, address, costPerGpuHour, margin: 0.1, latency: 2 });
  agent.start();
  return agent;
}

function user(world: World, job: Job, usd: bigint, reports: JobReport[]): IntentUserAgent {
  const agent = new IntentUserAgent(world.ctx, world.market, `user:${job.id}`, job, (r) => reports.push(r));
  world.mintUsd(agent.address, usd);
  agent.start();
  return agent;
}

describe('an intent user', () => {
  it('with an RFQ names the lowest quote as exclusive filler, at that price, and is filled at once', () => {
    const world = makeWorld({ exclusiveShare: 1 });
    listProvider(world, 'p', 'H100', 8, 70);
    solver(world, 'dear', 5);
    const cheap = solver(world, 'cheap', 2);
    const reports: JobReport[] = [];
    const u = user(world, JOB, 100n * USD, reports);
    expect(u.budget()).toBe(100n * USD);
    world.runTo(5000);
    // Quotes for 3600 GPU-seconds at 70/h: dear ⌈75e6 · 1.1⌉ = 82.5e6, cheap ⌈72e6 · 1.1⌉ = 79.2e6.
    // Posted when its approval lands (block 1, kernel 12); cheap fills in block 2 at its quote,
    // the user redeems in block 3 (kernel 36) and the GPU-hour runs to kernel 3636.
    expect(cheap.fills).toBe(1);
    expect(world.usd.balanceOf('user:1')).toBe(100n * USD - 79_200_000n);
    expect(reports).toEqual([{ job: JOB, outcome: 'completed', wait: 36, interruptions: 0, prices: [79.2] }]);
  });

  it('without an RFQ pays the Dutch price at the first block a solver accepts', () => {
    const world = makeWorld({ exclusiveShare: 0 });
    listProvider(world, 'p', 'H100', 8, 70);
    solver(world, 's', 5);
    const reports: JobReport[] = [];
    user(world, JOB, 100n * USD, reports);
    world.runTo(3971);
    expect(reports).toEqual([]);
    world.runTo(3972);
    // Input 60e6 → 100e6 over [GENESIS + 12, GENESIS + 612]; need 82.5e6 ⇒ t − t0 ≥ 337.5 ⇒ t ≥ GENESIS + 350:
    // block 30 (GENESIS + 360) pays 60e6 + ⌊40e6 · 348/600⌋ = 83.2e6. Redeemed in block 31 (kernel 372).
    expect(reports).toEqual([{ job: JOB, outcome: 'completed', wait: 372, interruptions: 0, prices: [83.2] }]);
  });

  it('is unserved when no solver takes the intent by its deadline, cut to the latency SLA', () => {
    const world = makeWorld({ exclusiveShare: 0 });
    listProvider(world, 'p', 'H100', 8, 70);
    solver(world, 's', 5);
    const reports: JobReport[] = [];
    // End price 80 < 82.5 needed. SLA 600 s from arrival: GENESIS + 600 is before the decay end
    // GENESIS + 612, so the deadline is the decay end; block 51 (GENESIS + 612) could still fill,
    // block 52 (kernel 624) is past it.
    user(world, { ...JOB, wtpPerGpuHour: 80, patience: 600 }, 100n * USD, reports);
    world.runTo(623);
    expect(reports).toEqual([]);
    world.runTo(624);
    expect(reports).toMatchObject([{ outcome: 'unserved', interruptions: 0, prices: [] }]);
    expect(Number.isNaN(reports[0]?.wait)).toBe(true);
    expect(world.market.expired).toBe(1);
  });

  it('cut short by an outage, posts the rest of the job as a new intent', () => {
    const world = makeWorld({ exclusiveShare: 0 });
    listProvider(world, 'p1', 'H100', 8, 70);
    listProvider(world, 'p2', 'H100', 8, 80);
    solver(world, 's', 5);
    const reports: JobReport[] = [];
    user(world, JOB, 300n * USD, reports);
    world.ctx.kernel.schedule(1000, () => world.market.setAvailability('p1', false, () => {}));
    world.runTo(4487);
    expect(reports).toEqual([]);
    world.runTo(4488);
    // First fill as above (block 30, 83.2 USD), started at kernel 372, cut at the outage's block 84
    // (kernel 1008): 636 s ran, 2964 s left. The new intent (posted at GENESIS + 1008) asks 2964
    // GPU-seconds for 49,400,000 → 82,333,333; at p2 (80/h) the solver needs
    // ⌈(⌈80e6 · 2964/3600⌉ + ⌈5e6 · 2964/3600⌉) · 1.1⌉ = ⌈(65,866,667 + 4,116,667) · 1.1⌉ = 76,981,668,
    // reached at t − t0 ≥ ⌈27,581,668 · 600/32,933,333⌉ = 503: block 126 (kernel 1512) pays
    // 49,400,000 + ⌊32,933,333 · 504/600⌋ = 77,063,999. Redeemed in block 127 (kernel 1524), it runs 2964 s.
    expect(reports).toEqual([{ job: JOB, outcome: 'completed', wait: 372, interruptions: 1, prices: [83.2, 77.063999 / (2964 / 3600)] }]);
    expect(world.usd.balanceOf('p2')).toBe(65_866_667n);
  });
});

/** 60 jobs over five hours on 6 providers and 3 solvers, gas paid, with conservation checked at every block. */
function runBusyWorld(seed: string) {
    const world = makeWorld({ exclusiveShare: 0.5 }, { payGas: true, seed });
    const { market, usd, native, ctx } = world;
    const providers: Address[] = [];
    for (let i = 0; i < 6; i++) {
      const address = `p${i}`;
      providers.push(address);
      world.mintGas(address);
      listProvider(world, address, i % 2 === 0 ? 'H100' : 'A100', 4, i % 2 === 0 ? 60 + i : 20 + i);
    }
    const solvers = [2, 5, 8].map((cost, i) => {
      world.mintGas(`solver${i}`);
      return solver(world, `solver${i}`, cost);
    });
    const jobs = ctx.rng.get('test/jobs');
    const reports: JobReport[] = [];
    let usersMinted = 0n;
    const users: Address[] = [];
    // 60 jobs over five hours; outages of providers 0 and 3 in the middle.
    for (let id = 0; id < 60; id++) {
      const job: Job = {
        id,
        gpuModel: jobs.bernoulli(0.5) ? 'H100' : 'A100',
        gpus: 1 + Math.floor(jobs.next() * 3),
        duration: 600 + jobs.next() * 3000,
        wtpPerGpuHour: 40 + jobs.next() * 80,
        patience: 1800,
      };
      ctx.kernel.schedule(id * 300 + jobs.next() * 300, () => {
        const u = new IntentUserAgent(ctx, market, `user:${id}`, job, (r) => reports.push(r));
        const funds = u.budget() * 2n;
        world.mintUsd(u.address, funds);
        world.mintGas(u.address);
        usersMinted += funds;
        users.push(u.address);
        u.start();
      });
    }
    for (const [p, down, up] of [['p0', 4000, 9000], ['p3', 6000, 6500]] as const) {
      ctx.kernel.schedule(down, () => market.setAvailability(p, false, () => {}));
      ctx.kernel.schedule(up, () => market.setAvailability(p, true, () => {}));
    }

    const problems: string[] = [];
    let blocks = 0;
    ctx.chain.onBlock((b) => {
      blocks++;
      const check = (ok: boolean, what: string): void => void (ok || problems.push(`block ${b.number}: ${what}`));
      const sum = (m: ReadonlyMap<string, bigint>): bigint => [...m.values()].reduce((a, v) => a + v, 0n);
      check(sum(usd.holders()) === usd.totalSupply, 'USD balances sum to supply');
      check(usd.totalSupply === 3_000n * USD + usersMinted, 'USD supply is what was minted');
      check(sum(native.holders()) + ctx.chain.burned === 10n ** 18n * BigInt(6 + 3 + users.length), 'gas: held + burned = minted');
      for (const model of market.params.gpuModels) {
        const voucher = market.voucher(model);
        let unredeemed = 0n;
        for (const r of market.desk.reservations()) if (r.gpuModel === model && r.startedAt === undefined) unredeemed += r.gpuSeconds;
        check(sum(voucher.holders()) === voucher.totalSupply && voucher.totalSupply === unredeemed, `${model} vouchers = unredeemed purchases`);
        check(market.desk.outstandingVouchers(model) === unredeemed, `${model} desk's outstanding count = unredeemed purchases`);
      }
      check(providers.reduce((a, p) => a + usd.balanceOf(p), 0n) === market.capacityPaid, 'providers hold what solvers paid them');
      check(users.reduce((a, u) => a + usd.balanceOf(u), 0n) === usersMinted - market.inputPaid, 'users hold what they did not pay');
      for (const [i, s] of solvers.entries()) {
        check(usd.balanceOf(`solver${i}`) === 1_000n * USD + s.revenue - s.capacitySpent, `solver${i} ledger = capital + revenue − capacity`);
      }
      for (const p of providers) {
        const free = market.desk.freeGpus(p, b.timestamp);
        check(free >= 0 && free <= 4, `${p} free GPUs within [0, 4]`);
      }
    });
    world.runTo(12 * 3600);
    return { world, problems, blocks, reports, solvers };
}

describe('a busy little world', () => {
  it('conserves USD, vouchers and gas at every block, and accounts every job once', () => {
    const { world, problems, blocks, reports, solvers } = runBusyWorld('busy');
    const { market } = world;

    expect(problems.slice(0, 5)).toEqual([]);
    expect(blocks).toBe(3600);
    // Every job reported exactly once; every intent left the book filled or expired.
    expect(reports.map((r) => r.job.id).sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
    expect(market.openCount).toBe(0);
    expect(market.filled + market.expired).toBe(market.posted);
    // The run exercised the mechanisms it claims to check.
    const outcomes = new Set(reports.map((r) => r.outcome));
    expect(outcomes.has('completed')).toBe(true);
    expect(market.filled).toBeGreaterThan(20);
    // The cheapest solver wins every race it enters (same latency, registered first); the others
    // lose, with InvalidNonce, the races where the price already covers them all from the first
    // block or once capacity frees up, and pay gas for it.
    expect(solvers[0]?.fills).toBeGreaterThan(20);
    expect(market.fillReverts).toBeGreaterThan(0);
    expect(market.interruptions).toBeGreaterThan(0);
    expect(market.expired).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same jobs, prices and balances; another seed does not', () => {
    const digest = (seed: string): string => {
      const { world, reports } = runBusyWorld(seed);
      const balances = [...world.usd.holders()].map(([a, v]) => `${a}=${v}`);
      return JSON.stringify({ reports, balances, chain: world.ctx.chain.counters() });
    };
    const first = digest('busy');
    expect(digest('busy')).toBe(first);
    expect(digest('other')).not.toBe(first);
  });
});
