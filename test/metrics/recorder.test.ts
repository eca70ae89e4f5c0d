// The recorder samples at fixed intervals, converts bigints with their declared scale, and
// summarises; every expected value is counted out by hand from the sampling rule.
import { describe, expect, it } from 'vitest';
import { Chain } from '../../sim/chain/chain.js';
import { Recorder, SampleColumn, scaled } from '../../sim/metrics/recorder.js';
import { ListKernel } from '../chain/testKernel.js';
import { MetricCatalog, nonNegative, series, summary } from '../../sim/metrics/catalog.js';

/** The head before the first block (the chain's default first block is 20,000,000). */
const HEAD_AT_START = 19_999_999;

const COUNT = nonNegative('things');
/** The metrics these tests record, as a model would declare them. */
const CATALOG = new MetricCatalog([
  series('block', 'chain', COUNT, ['min', 'max', 'mean', 'last'], 'block height since the start'),
  series('supply', 'chain', COUNT, [], 'tokens minted'),
  series('x', 'chain', COUNT, ['mean'], 'a series'),
  series('y', 'chain', COUNT, [], 'another series'),
  series('a', 'chain', COUNT, [], 'a series'),
  series('b', 'chain', COUNT, [], 'a series'),
  summary('burnedEth', 'chain', COUNT, 'ether burned'),
  summary('answer', 'chain', COUNT, 'the answer'),
  series('price', 'chain', COUNT, ['mean', 'last'], 'a price with no value before its first trade'),
  summary('fill_rate', 'chain', COUNT, 'a share of no jobs'),
  summary('ratio', 'chain', COUNT, 'a ratio'),
]);

describe('recorder', () => {
  it('samples after every n-th block, with the block time as the time column', () => {
    const kernel = new ListKernel();
    const chain = new Chain(kernel);
    const recorder = new Recorder(CATALOG);
    recorder.series('block', () => chain.blockNumber - HEAD_AT_START);
    // 1.5 tokens more per block, in wei: read back as tokens through the 1e18 scale.
    recorder.series('supply', () => BigInt(chain.blockNumber - HEAD_AT_START) * 1_500_000_000_000_000_000n, { scale: 10n ** 18n });
    recorder.sampleEveryBlocks(chain, 3);
    kernel.run(10 * 12);
    // Blocks 1..10 at 12 s each; samples at blocks 3, 6, 9.
    expect(recorder.table()).toEqual({
      time: [36, 72, 108],
      columns: { block: [3, 6, 9], supply: [4.5, 9, 13.5] },
    });
    expect(recorder.summaryRecord()).toEqual({ 'block.min': 3, 'block.max': 9, 'block.mean': 6, 'block.last': 9 });
  });

  it('samples every dt seconds of simulated time after the block of the same instant', () => {
    const kernel = new ListKernel();
    const chain = new Chain(kernel);
    const recorder = new Recorder(CATALOG);
    recorder.series('block', () => chain.blockNumber - HEAD_AT_START);
    recorder.sampleEverySeconds(kernel, 24);
    kernel.run(100);
    // Samples at 24, 48, 72, 96: each sees the block produced at that same instant (2, 4, 6, 8).
    expect(recorder.table()).toEqual({ time: [24, 48, 72, 96], columns: { block: [2, 4, 6, 8] } });
    expect(recorder.samples).toBe(4);
  });

  it('computes registered summaries when asked, bigints through their scale', () => {
    const recorder = new Recorder(CATALOG);
    let burned = 0n;
    recorder.summary('burnedEth', () => burned, { scale: 10n ** 18n });
    recorder.summary('answer', () => 42);
    burned = 2_250_000_000_000_000_000n;
    expect(recorder.summaryRecord()).toEqual({ burnedEth: 2.25, answer: 42 });
  });

  it('gives null, never NaN, for a value without meaning: statistics of no finite sample, a summary that says so', () => {
    const recorder = new Recorder(CATALOG);
    recorder.series('x', () => 1);
    let price = Number.NaN;
    recorder.series('price', () => price);
    recorder.summary('fill_rate', () => null);
    expect(recorder.summaryRecord()).toEqual({ fill_rate: null, 'x.mean': null, 'price.mean': null, 'price.last': null });
    recorder.sample(1);
    price = 3;
    recorder.sample(2);
    expect(recorder.summaryRecord()).toEqual({ fill_rate: null, 'x.mean': 1, 'price.mean': 3, 'price.last': 3 });
  });

  it('fails on a summary that computes NaN or an infinity: a bug, never a value', () => {
    const recorder = new Recorder(CATALOG);
    recorder.summary('ratio', () => 0 / 0);
    expect(() => recorder.summaryRecord()).toThrow("recorder: summary 'ratio' is NaN; a value without meaning must be null");
  });

  it('takes a final sample at the end of a run unless one was just taken then', () => {
    const recorder = new Recorder(CATALOG);
    let x = 0;
    recorder.series('x', () => x);
    recorder.sample(3600);
    x = 5;
    recorder.sampleFinal(3600);
    expect(recorder.table().time).toEqual([3600]);
    recorder.sampleFinal(5000);
    expect(recorder.table()).toEqual({ time: [3600, 5000], columns: { x: [0, 5] } });
  });

  it('refuses duplicate names, late series, and bigints without a scale', () => {
    const recorder = new Recorder(CATALOG);
    recorder.series('x', () => 1);
    expect(() => recorder.series('x', () => 2)).toThrow(/'x' is already registered/);
    const unscaled = (() => 5n) as unknown as () => number;
    recorder.series('y', unscaled);
    expect(() => recorder.sample(0)).toThrow(/'y' read a bigint but declared no scale/);
    expect(recorder.table()).toEqual({ time: [], columns: { x: [], y: [] } });
    const late = new Recorder(CATALOG);
    late.series('a', () => 1);
    late.sample(0);
    expect(() => late.series('b', () => 2)).toThrow(/registered after sampling began/);
    expect(() => late.sampleEverySeconds(new ListKernel(), 0)).toThrow(/positive number of seconds/);
  });

  it('refuses a metric its catalog does not declare, or declares as another kind', () => {
    const recorder = new Recorder(CATALOG);
    expect(() => recorder.series('utilisation', () => 1)).toThrow(/metric 'utilisation' is not declared/);
    expect(() => recorder.summary('undeclared', () => 1)).toThrow(/metric 'undeclared' is not declared/);
    expect(() => recorder.summary('block', () => 1)).toThrow(/'block' is declared as a series, recorded as a summary/);
    expect(() => recorder.series('answer', () => 1)).toThrow(/'answer' is declared as a summary, recorded as a series/);
    expect(recorder.summaryRecord()).toEqual({});
  });

  it('converts a bigint beyond 2^53 keeping its fraction', () => {
    // 123,456,789.012345678901234567 tokens: the nearest double is 123456789.01234567.
    expect(scaled(123_456_789_012_345_678_901_234_567n, 10n ** 18n)).toBe(123456789.01234567);
    expect(scaled(-1_500_000_000_000_000_000n, 10n ** 18n)).toBe(-1.5);
    expect(scaled(7n, 1n)).toBe(7);
  });

  it('keeps samples in a growable column that hands back exactly what it was given, NaN and -0 too', () => {
    const column = new SampleColumn();
    // 1,000 samples: past several doublings of the initial 64.
    const given = Array.from({ length: 1000 }, (_, i) => (i % 97 === 0 ? Number.NaN : i % 89 === 0 ? -0 : i / 7));
    for (const v of given) column.push(v);
    expect(column.length).toBe(1000);
    expect(column.toArray()).toEqual(given);
    expect(Object.is(column.toArray()[89], -0)).toBe(true);
    expect(Array.isArray(column.toArray())).toBe(true);
  });
});
