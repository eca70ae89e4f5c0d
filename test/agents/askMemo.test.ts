// A provider's remembered asks (sim/agents/askMemo.ts): the same answer as building the ask each
// time, for every price and GPU count, and one build per GPU count while the price stays.
import { describe, expect, it } from 'vitest';
import { AskMemo } from '../../sim/agents/askMemo.js';

/** A builder whose answer names both inputs (-0 told from 0), counting its calls. */
function namingBuilder(): { build: (p: number, g: number) => string; calls: () => number } {
  let calls = 0;
  return {
    build: (p, g) => {
      calls++;
      return `${Object.is(p, -0) ? '-0' : String(p)} x ${g}`;
    },
    calls: () => calls,
  };
}

describe('AskMemo', () => {
  it('answers what the builder would, whichever input changes', () => {
    const { build } = namingBuilder();
    const memo = new AskMemo(build);
    // Each step changes one input of the key and then the other, and comes back to earlier keys.
    const keys: [number, number][] = [
      [1.5, 2], [1.5, 4], [1.5, 2], [2.25, 2], [2.25, 4], [1.5, 4], [0, 8], [-0, 8], [0, 8],
      [Number.NaN, 1], [Number.NaN, 2], [3, 0],
    ];
    for (const [p, g] of keys) expect(memo.get(p, g), `${p} x ${g}`).toBe(build(p, g));
  });

  it('builds once per GPU count while the price stays, and again after the price moved', () => {
    const builder = namingBuilder();
    const memo = new AskMemo(builder.build);
    for (let round = 0; round < 3; round++) for (const g of [1, 2, 8]) memo.get(1.2, g);
    expect(builder.calls()).toBe(3);
    const first = memo.get(1.2, 2);
    memo.get(1.3, 2);
    expect(builder.calls()).toBe(4);
    // The price came back: built again (one price is remembered), an equal answer.
    expect(memo.get(1.2, 2)).toBe(first);
    expect(builder.calls()).toBe(5);
  });

  it('builds every time for a GPU count that is not a whole number of GPUs', () => {
    const builder = namingBuilder();
    const memo = new AskMemo(builder.build);
    expect(memo.get(1, 1.5)).toBe('1 x 1.5');
    expect(memo.get(1, 1.5)).toBe('1 x 1.5');
    expect(builder.calls()).toBe(2);
  });
});
