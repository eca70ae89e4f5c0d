// Durations and rates in SI base units. Expected values are hand arithmetic:
// 1 d = 86_400 s, 1 w = 604_800 s, 1 h = 3_600 s.
import { describe, expect, it } from 'vitest';
import { parseDuration, parseRate } from '../../sim/scenario/units.js';

describe('parseDuration', () => {
  it.each([
    ['30d', 2_592_000],
    ['12s', 12],
    ['1h30m', 5_400],
    ['1h 30min', 5_400],
    ['1.5h', 5_400],
    ['250ms', 0.25],
    ['2w', 1_209_600],
    ['17.5d', 1_512_000],
    ['0s', 0],
    [45, 45],
    [0.5, 0.5],
  ] as const)('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: seconds });
  });

  it.each(['', 'd', '30', '5x', '1h 30', '-5s', 'h1', '30d!'])('rejects %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it.each([-1, Infinity, Number.NaN])('rejects the number %d', (n) => {
    expect(parseDuration(n).ok).toBe(false);
  });

  it('suggests the short unit for a spelled-out one', () => {
    expect(parseDuration('30 days')).toEqual({ ok: false, suggestion: '30d' });
    expect(parseDuration('2hours')).toEqual({ ok: false, suggestion: '2h' });
    expect(parseDuration('30 fortnights')).toEqual({ ok: false });
  });
});

describe('parseRate', () => {
  it.each([
    ['50/h', 50 / 3_600],
    ['3/2h', 3 / 7_200],
    ['0.5/s', 0.5],
    ['10/m', 10 / 60],
    ['1/d', 1 / 86_400],
    ['7 / w', 7 / 604_800],
    [2, 2],
  ] as const)('%s is %d per second', (text, perSecond) => {
    const parsed = parseRate(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toBeCloseTo(perSecond, 15);
  });

  it.each(['50', '/h', '50/', '50/0s', '50/x', 'h/50', '-1/s'])('rejects %j', (text) => {
    expect(parseRate(text).ok).toBe(false);
  });

  it('suggests the short unit for a spelled-out one', () => {
    expect(parseRate('50/hour')).toEqual({ ok: false, suggestion: '50/h' });
    expect(parseRate('3 / days')).toEqual({ ok: false, suggestion: '3/d' });
  });
});
