// What travels through Redis must come back exactly as it left, and a --redis value is checked
// before anything connects.
import { describe, expect, it } from 'vitest';
import { decodePlainData, decodeResult, encodePlainData, encodeResult, runJobId, sweepOfJobId } from '../../sim/runner/distributed/jobs.js';
import { parseRedisUrl, RedisUrlError, retryStrategy } from '../../sim/runner/distributed/redisConnection.js';
import { fakeRun, fakeSpecs } from '../runner/fakeRuns.js';

describe('the job encoding', () => {
  it('keeps the numbers JSON loses: NaN, both infinities and -0', () => {
    const awkward = { nan: Number.NaN, up: Number.POSITIVE_INFINITY, down: Number.NEGATIVE_INFINITY, negativeZero: -0, zero: 0 };
    const back = decodePlainData<typeof awkward>(encodePlainData({ ...awkward, list: [Number.NaN, -0, 1.5] }));
    expect(back).toEqual({ ...awkward, list: [Number.NaN, -0, 1.5] });
    expect(Object.is(back.negativeZero, -0)).toBe(true);
    expect(Object.is(back.zero, 0)).toBe(true);
    // Plain JSON, by contrast, loses them: the encoding is doing real work.
    expect(JSON.parse(JSON.stringify(awkward))).toEqual({ nan: null, up: null, down: null, negativeZero: 0, zero: 0 });
  });

  it('gives back a run result equal to the original, series and summary included', () => {
    const [spec] = fakeSpecs(1, 1);
    const result = fakeRun(spec!);
    const odd = { ...result, summary: { ...result.summary, ratio: Number.NaN, floor: -0 } };
    expect(decodeResult(encodeResult(odd))).toEqual(odd);
  });

  it('leaves an object that merely has a $number key among others alone', () => {
    expect(decodePlainData(encodePlainData({ $number: 'NaN', other: 1 }))).toEqual({ $number: 'NaN', other: 1 });
  });
});

describe('job ids', () => {
  it('are the sweep id and run id, without the colon BullMQ forbids', () => {
    const [spec] = fakeSpecs(1, 1);
    expect(runJobId('0123456789ab', spec!)).toBe('0123456789ab-p0000-r0000');
    expect(runJobId('0123456789ab', { ...spec!, id: 'a:b' })).toBe('0123456789ab-a_b');
    expect(sweepOfJobId('0123456789ab-p0000-r0000', '0123456789ab')).toBe(true);
    expect(sweepOfJobId('0123456789abc-p0000-r0000', '0123456789ab')).toBe(false);
  });
});

describe('parseRedisUrl', () => {
  it('reads host, port (6379 by default) and keeps the URL for the client', () => {
    expect(parseRedisUrl('redis://10.0.0.5:6390')).toEqual({ url: 'redis://10.0.0.5:6390', shownUrl: 'redis://10.0.0.5:6390', host: '10.0.0.5', port: 6390 });
    expect(parseRedisUrl('redis://queue.lab')).toEqual({ url: 'redis://queue.lab', shownUrl: 'redis://queue.lab', host: 'queue.lab', port: 6379 });
    expect(parseRedisUrl('rediss://[::1]:7000/2')).toMatchObject({ host: '::1', port: 7000 });
  });

  it('masks a password in the URL it shows in messages, and only there', () => {
    expect(parseRedisUrl('redis://:s3cret@queue.lab:6390/1')).toEqual({
      url: 'redis://:s3cret@queue.lab:6390/1',
      shownUrl: 'redis://:***@queue.lab:6390/1',
      host: 'queue.lab',
      port: 6390,
    });
  });

  it('rejects what is not a redis URL, saying what it expected', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow(new RedisUrlError('"localhost:6379" is not a redis:// URL; expected redis://host:port'));
    expect(() => parseRedisUrl('not a url')).toThrow(new RedisUrlError('"not a url" is not a URL; expected redis://host:port'));
    expect(() => parseRedisUrl('redis://h:1/queue')).toThrow('the path must be a database number');
  });
});

describe('retryStrategy', () => {
  it('waits 200 ms more at each attempt (at most 2 s) and gives up once the waits pass the timeout', () => {
    // By hand: with 1 s, waits of 200 then 400 ms (600 ms in all); a third, 600 ms, would reach 1200.
    const oneSecond = retryStrategy(1_000);
    expect([1, 2, 3].map(oneSecond)).toEqual([200, 400, null]);
    // With 10 s, 200 + 400 + ... + 1800 = 9000 ms over nine attempts; the tenth would wait 2000 more.
    const tenSeconds = retryStrategy(10_000);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(tenSeconds)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, null]);
    // Past ten attempts each wait is capped at 2 s: 60 s allows 9000 + 2000 * 25 = 59 000 ms.
    const aMinute = retryStrategy(60_000);
    expect([34, 35].map(aMinute)).toEqual([2000, null]);
  });
});
