// The market's record of trades: window means per GPU bought, what it keeps, and its listeners.
import { describe, expect, it } from 'vitest';
import { TradeTape, type Trade } from '../../sim/markets/tradeTape.js';

const trade = (time: number, gpuModel: string, usdPerGpuHour: number, gpus: number): Trade => ({ time, gpuModel, seller: 'p', usdPerGpuHour, gpus });

describe('the trade tape', () => {
  it('averages a model\'s prices per GPU bought from a time on', () => {
    const tape = new TradeTape();
    tape.keepWindow(100);
    tape.record(trade(10, 'A100', 1, 1));
    tape.record(trade(20, 'H100', 5, 2));
    tape.record(trade(30, 'A100', 2, 3));
    tape.record(trade(30, 'A100', 4, 1));
    // From 0: (1·1 + 2·3 + 4·1)/5 = 11/5. From 11 (or 30): (6 + 4)/4 = 2.5. From 31: none.
    expect(tape.meanSince('A100', 0)).toBeCloseTo(2.2, 12);
    expect(tape.meanSince('A100', 11)).toBe(2.5);
    expect(tape.meanSince('A100', 30)).toBe(2.5);
    expect(tape.meanSince('A100', 31)).toBeUndefined();
    expect(tape.meanSince('RTX4090', 0)).toBeUndefined();
    expect(tape.count).toBe(4);
  });

  it('tells every trade to its listeners, in order, and refuses a listener that would miss some', () => {
    const tape = new TradeTape();
    const heard: number[] = [];
    tape.onTrade((t) => heard.push(t.time));
    tape.record(trade(10, 'A100', 1, 1));
    tape.record(trade(20, 'H100', 5, 2));
    expect(heard).toEqual([10, 20]);
    expect(() => tape.onTrade(() => {})).toThrow(/would miss/);
  });

  it('keeps only the longest declared window, answers within it exactly, and refuses beyond it', () => {
    const window = 50;
    const kept = new TradeTape();
    const all = new TradeTape();
    kept.keepWindow(window);
    all.keepWindow(1e9);
    // 5,000 trades of one model a second apart: far more than the 1,024 dropped entries that trigger a splice.
    for (let t = 0; t < 5000; t++) {
      for (const tape of [kept, all]) tape.record(trade(t, 'A100', 1 + (t % 7) / 3, 1 + (t % 3)));
      const now = t + 0.5;
      // The window mean and the mean over every trade are bit-identical to the tape that kept all.
      expect(kept.meanSince('A100', now - window)).toBe(all.meanSince('A100', now - window));
      expect(kept.meanSince('A100', 0)).toBe(all.meanSince('A100', 0));
    }
    // Trades at 4,000 s were dropped (older than 4,999 - 50): a window reaching them is refused, not answered short.
    expect(() => kept.meanSince('A100', 4000)).toThrow(/dropped/);
    expect(all.meanSince('A100', 4000)).toBeDefined();
    expect(() => kept.keepWindow(2 * window)).toThrow(/after trades were recorded/);
  });

  it('refuses trades out of time order and prices that are not finite and >= 0', () => {
    const tape = new TradeTape();
    tape.record(trade(10, 'A100', 1, 1));
    expect(() => tape.record(trade(9, 'A100', 1, 1))).toThrow(/time order/);
    expect(() => tape.record(trade(11, 'A100', Number.NaN, 1))).toThrow(RangeError);
    expect(() => tape.record(trade(11, 'A100', 1, 0))).toThrow(RangeError);
  });
});
