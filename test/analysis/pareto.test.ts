// The Pareto front on hand-made sets.
import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from '../../sim/analysis/optimize.js';

describe('the Pareto front', () => {
  const values = [[1, 5], [2, 2], [5, 1], [3, 3], [2, 2], [1, 6], [6, 6]];

  it('keeps the non-dominated points of a set minimised on both objectives, equal points both', () => {
    // (3, 3) is beaten by (2, 2), (1, 6) by (1, 5), (6, 6) by every other point.
    expect(paretoFront(values, ['minimize', 'minimize'])).toEqual([0, 1, 2, 4]);
  });

  it('follows each objective\'s direction', () => {
    // Minimise the first, maximise the second: (1, 6) beats (1, 5) and (2, 2); (6, 6) is beaten by (1, 6).
    expect(paretoFront(values, ['minimize', 'maximize'])).toEqual([5]);
    expect(paretoFront(values, ['maximize', 'maximize'])).toEqual([6]);
  });

  it('needs strictly better on one objective and no worse on any to dominate', () => {
    expect(dominates([1, 1], [1, 1], ['minimize', 'minimize'])).toBe(false);
    expect(dominates([1, 1], [1, 2], ['minimize', 'minimize'])).toBe(true);
    expect(dominates([0, 3], [1, 2], ['minimize', 'minimize'])).toBe(false);
    expect(paretoFront([[4]], ['maximize'])).toEqual([0]);
    expect(paretoFront([], ['maximize'])).toEqual([]);
  });
});
