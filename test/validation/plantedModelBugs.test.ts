// Each family of reproduction rows (queueing, auctions, fees, conservation) must go red when the
// model it validates is wrong. A plausible bug is planted in one module (swapped for the rows'
// import only, as in plantedSensitivityBugs.test.ts), the rows are built again on top of it, and
// the rows meant to catch it must fail while the honest rows pass. The sizes are the table's own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Kernel } from '../../sim/engine/kernel.js';
import { expandRuns, loadScenario } from '../../sim/scenario/index.js';
import { LEVEL } from '../../sim/validation/reproduce.js';
import type { ReproductionRow } from '../../sim/validation/rows.js';
import type { ConservationMonth } from '../../sim/validation/conservationRows.js';
import type { WorldParams } from '../../sim/world/params.js';

async function rowsWith<T>(module: string, plant: (real: Record<string, unknown>) => Record<string, unknown>, rows: string): Promise<T> {
  vi.resetModules();
  vi.doMock(module, async (importOriginal) => plant(await importOriginal<Record<string, unknown>>()));
  return (await import(rows)) as T;
}

const failed = (rows: readonly ReproductionRow[]): string[] => rows.filter((r) => !r.pass).map((r) => r.name);
const names = (rows: readonly ReproductionRow[]): string[] => rows.map((r) => r.name);

const MOCKED = ['../../sim/queueing/mmc.js', '../../sim/engine/index.js', '../../sim/agents/provider.js', '../../sim/contracts/fees/index.js', '../../sim/contracts/leasing/take.js'];
afterEach(() => {
  for (const m of MOCKED) vi.doUnmock(m);
  vi.resetModules();
});

type QueueingRows = typeof import('../../sim/validation/queueingRows.js');

describe('queueing rows', () => {
  it('an off-by-one in the number of servers (c + 1 serve) turns every simulated row red, and leaves the formula rows green', async () => {
    const { callCentreRows, textbookRows } = await rowsWith<QueueingRows>(
      '../../sim/queueing/mmc.js',
      (real) => ({ ...real, runMmc: (p: { servers: number }, seed: string) => (real['runMmc'] as (p: unknown, s: string) => unknown)({ ...p, servers: p.servers + 1 }, seed) }),
      '../../sim/validation/queueingRows.js',
    );
    const callCentre = callCentreRows(LEVEL);
    expect(failed(callCentre)).toEqual(names(callCentre).filter((n) => n.includes('simulated')));
    const textbook = textbookRows(LEVEL);
    // Little's law still holds in the wrong queue: that row checks the measurement, not the model.
    expect(failed(textbook)).toEqual(names(textbook).filter((n) => !n.startsWith("Little's law")));
  });

  it('a simjs kernel that ends every service 0.05 time units late turns the simjs row red and no other', async () => {
    const { textbookRows } = await rowsWith<QueueingRows>(
      '../../sim/engine/index.js',
      (real) => ({
        ...real,
        createKernel: (kind: string): Kernel => {
          const kernel = (real['createKernel'] as (k: string) => Kernel)(kind);
          if (kind !== 'simjs') return kernel;
          // Departures are scheduled at priority 0 (sim/queueing/mmc.ts).
          const schedule = kernel.schedule.bind(kernel);
          kernel.schedule = (delay, fn, priority) => schedule(priority === 0 ? delay + 0.05 : delay, fn, priority);
          return kernel;
        },
      }),
      '../../sim/validation/queueingRows.js',
    );
    const rows = textbookRows(LEVEL);
    expect(failed(rows)).toEqual(rows.filter((r) => r.basis.includes('simjs kernel')).map((r) => r.name));
    expect(failed(rows)).toHaveLength(1);
  });
});

describe('auction rows', () => {
  it('a provider that bids its cost turns every revenue-equivalence row red', async () => {
    type AuctionRows = typeof import('../../sim/validation/auctionRows.js');
    const { revenueEquivalenceRows } = await rowsWith<AuctionRows>(
      '../../sim/agents/provider.js',
      (real) => {
        const Real = real['ProviderAgent'] as new (...args: unknown[]) => object;
        class TruthfulProvider extends Real {
          constructor(ctx: unknown, market: unknown, config: Record<string, unknown>) {
            super(ctx, market, { ...config, bidding: { kind: 'truthful' } });
          }
        }
        return { ...real, ProviderAgent: TruthfulProvider };
      },
      '../../sim/validation/auctionRows.js',
    );
    const rows = revenueEquivalenceRows(LEVEL);
    expect(rows).toHaveLength(4);
    expect(failed(rows)).toEqual(names(rows));
  });
});

describe('order reach row', () => {
  it('an order that reaches every able provider, not a draw of `reach`, turns the reach row red', async () => {
    type AuctionRows = typeof import('../../sim/validation/auctionRows.js');
    const { reachRows } = await rowsWith<AuctionRows>(
      '../../sim/markets/lease/orderReach.js',
      (real) => {
        const Real = real['OrderReach'] as new () => { draw(model: string, need: number, reach: number, stream: unknown): unknown[] };
        class ReachesEveryone extends Real {
          override draw(model: string, need: number, _reach: number, stream: unknown): unknown[] {
            return super.draw(model, need, Number.MAX_SAFE_INTEGER, stream);
          }
        }
        return { ...real, OrderReach: ReachesEveryone };
      },
      '../../sim/validation/auctionRows.js',
    );
    const rows = reachRows(LEVEL);
    expect(rows).toHaveLength(1);
    expect(failed(rows)).toEqual(names(rows));
  });
});

describe('fee rows', () => {
  it('a base-fee rule that divides the excess by the gas limit instead of the target turns the per-block rows red', async () => {
    type FeeRows = typeof import('../../sim/validation/feeRows.js');
    type Header = { baseFee: bigint; gasLimit: bigint; gasUsed: bigint };
    const { feeRows } = await rowsWith<FeeRows>(
      '../../sim/contracts/fees/index.js',
      (real) => ({
        ...real,
        calcBaseFee: (parent: Header, params: { elasticityMultiplier?: bigint; baseFeeChangeDenominator?: bigint } = {}) => {
          const target = parent.gasLimit / (params.elasticityMultiplier ?? 2n);
          const denominator = params.baseFeeChangeDenominator ?? 8n;
          const excess = parent.gasUsed - target;
          const delta = ((excess < 0n ? -excess : excess) * parent.baseFee) / parent.gasLimit / denominator;
          return excess > 0n ? parent.baseFee + (delta < 1n ? 1n : delta) : parent.baseFee - delta;
        },
      }),
      '../../sim/validation/feeRows.js',
    );
    const rows = feeRows(LEVEL);
    // Full blocks now add 1/16 a block and empty ones take 1/16: both ratio rows and the 7-wei floor go red.
    expect(failed(rows)).toEqual(expect.arrayContaining([rows[0]!.name, rows[1]!.name, rows[2]!.name]));
  });
});

describe('conservation rows', () => {
  function shortMonths(days: number): ConservationMonth[] {
    return ['scenarios/validation/conservation-leases.yaml', 'scenarios/validation/conservation-intents.yaml'].map((file) => {
      const loaded = loadScenario(file);
      if (!loaded.ok) throw new Error(file);
      const run = expandRuns(loaded.scenario, { replicates: 1 })[0]!;
      const params = run.params as unknown as WorldParams;
      return { scenario: file, params: { ...params, duration: days * 86_400 }, seed: run.seed };
    });
  }

  it('an escrow that keeps one base unit of every payout turns the lease rows red and leaves the intent rows green', async () => {
    type ConservationRows = typeof import('../../sim/validation/conservationRows.js');
    const { conservationRows } = await rowsWith<ConservationRows>(
      '../../sim/contracts/leasing/take.js',
      (real) => ({
        ...real,
        // The provider is paid one micro-USD short; the fee is right; the unit stays in the module.
        subtractFees: (params: unknown, denom: string, amount: bigint) => {
          const honest = (real['subtractFees'] as (p: unknown, d: string, a: bigint) => { earnings: bigint; fee: bigint })(params, denom, amount);
          return { earnings: honest.earnings > 0n ? honest.earnings - 1n : 0n, fee: honest.fee };
        },
      }),
      '../../sim/validation/conservationRows.js',
    );
    const rows = conservationRows(shortMonths(1));
    const lease = rows.filter((r) => r.name.startsWith('lease-auction'));
    expect(failed(lease)).toEqual([lease[0]!.name, ...lease.filter((r) => r.name.includes('escrow paid out')).map((r) => r.name)]);
    expect(failed(rows.filter((r) => r.name.startsWith('intent-auction')))).toEqual([]);
  });
});
