// The field an InvalidRestakingGraphError names, for tests of the restaking analyses' input checks.
import { expect } from 'vitest';
import { InvalidRestakingGraphError } from '../../sim/analysis/restakingGraph.js';

export function invalidField(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRestakingGraphError);
    return (error as InvalidRestakingGraphError).field;
  }
  throw new Error('expected an InvalidRestakingGraphError');
}
