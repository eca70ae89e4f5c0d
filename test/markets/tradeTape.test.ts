// The market's record of trades: window means per GPU bought, and the overall mean.
import { describe, expect, it } from 'vitest';
import { meanPrice, TradeTape } from '../../sim/markets/tradeTape.js';

describe('the trade tape', () => {
  it('averages a model\'s prices per GPU bought from a time on', () => {
    const tape = new TradeTape();
    tape.record({ time: 10, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 1, gpus: 1 });
    tape.record({ time: 20, gpuModel: 'H100', seller: 'p', usdPerGpuHour: 5, gpus: 2 });
    tape.record({ time: 30, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 2, gpus: 3 });
    tape.record({ time: 30, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 4, gpus: 1 });
    // From 0: (1·1 + 2·3 + 4·1)/5 = 11/5. From 11 (or 30): (6 + 4)/4 = 2.5. From 31: none.
    expect(tape.meanSince('A100', 0)).toBeCloseTo(2.2, 12);
    expect(tape.meanSince('A100', 11)).toBe(2.5);
    expect(tape.meanSince('A100', 30)).toBe(2.5);
    expect(tape.meanSince('A100', 31)).toBeUndefined();
    expect(tape.meanSince('RTX4090', 0)).toBeUndefined();
    expect(tape.count).toBe(4);
    // Over every trade: (1 + 10 + 6 + 4)/7 = 3.
    expect(meanPrice(tape.trades())).toBe(3);
    expect(meanPrice(tape.trades(1))).toBeCloseTo((10 + 6 + 4) / 6, 12);
    expect(meanPrice([])).toBeUndefined();
  });

  it('refuses trades out of time order and prices that are not finite and >= 0', () => {
    const tape = new TradeTape();
    tape.record({ time: 10, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 1, gpus: 1 });
    expect(() => tape.record({ time: 9, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 1, gpus: 1 })).toThrow(/time order/);
    expect(() => tape.record({ time: 11, gpuModel: 'A100', seller: 'p', usdPerGpuHour: Number.NaN, gpus: 1 })).toThrow(RangeError);
    expect(() => tape.record({ time: 11, gpuModel: 'A100', seller: 'p', usdPerGpuHour: 1, gpus: 0 })).toThrow(RangeError);
  });
});
