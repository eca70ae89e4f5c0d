import { describe, expect, it } from 'vitest';
import { executeRun } from '../../sim/runner/executeRun.js';
import { fakeRun, fakeSpecs } from './fakeRuns.js';

const [spec] = fakeSpecs(1, 1);

describe('executeRun', () => {
  it('passes a clean run through unchanged', () => {
    expect(executeRun(spec!, fakeRun)).toEqual(fakeRun(spec!));
  });

  it('turns a run that throws into a failed result with its seed and error', () => {
    const result = executeRun(spec!, () => {
      throw new RangeError('servers must be positive');
    });
    expect(result).toMatchObject({
      id: 'p0000-r0000',
      seed: 'seed-p0000-r0000',
      status: 'failed',
      error: { name: 'RangeError', message: 'servers must be positive' },
      summary: {},
    });
  });

  it('marks a run with invariant violations as failed and keeps its partial result', () => {
    const violation = { invariant: 'supplyConserved', block: 7, time: 84, values: { supply: '10', sum: '9' } };
    const result = executeRun(spec!, (s) => ({ ...fakeRun(s), invariants: { checks: 7, violations: [violation] } }));
    expect(result.status).toBe('failed');
    expect(result.error).toEqual({ name: 'InvariantViolation', message: '1 invariant violation(s), first: supplyConserved at block 7' });
    expect(result.summary).toEqual(fakeRun(spec!).summary);
  });
});
