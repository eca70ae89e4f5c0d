// Attacker settings that cannot apply are bad input, each named in one problem line (validate
// exits 2 with it), never dropped: a shock with the attacker off, after the run, or before the
// stake it is measured against has settled (stakers.joinWindow + operators.allocationDelay).
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../sim/scenario/index.js';
import { loadText } from './helpers.js';

const problems = (yaml: string): string[] => {
  const result = loadText(yaml);
  return result.ok ? [] : result.problems.map(formatProblem).map((line) => line.replace(/^[^:]+: /, ''));
};

describe('attacker rules', () => {
  it('accept a shock after the stake settled, under every model and mode', () => {
    for (const model of ['unique-stake', 'pooled', 'elastic']) {
      for (const mode of ['validators', 'pro-rata']) {
        expect(problems(`security: { contagion: ${model} }\nattacker: { enabled: true, shock: { at: 10d, stakeFraction: 0.05, mode: ${mode} } }\n`)).toEqual([]);
      }
    }
  });

  it('refuse a shock with the attacker off', () => {
    expect(problems('attacker: { shock: { at: 10d, stakeFraction: 0.05 } }\n')).toEqual([
      "attacker.enabled: expected true when attacker.shock.stakeFraction is above 0 (0.05): the shock is the attacker's, and would not happen, found false",
    ]);
  });

  it('refuse a shock after the run ends, or before the stake has settled', () => {
    expect(problems('duration: 5d\nattacker: { enabled: true, shock: { at: 6d, stakeFraction: 0.05 } }\n')).toEqual([
      'attacker.shock.at: expected a time before the run ends (duration 5d), found 6d',
    ]);
    // Defaults: stakers join over 1d, allocations become slashable 1d after they are made.
    expect(problems('attacker: { enabled: true, shock: { at: 36h, stakeFraction: 0.05 } }\n')).toEqual([
      'attacker.shock.at: expected a time from stakers.joinWindow + operators.allocationDelay (2d) on: before it, stake is still joining or not yet slashable, found 1.5d',
    ]);
  });

  it('refuse an unknown shock mode, naming the two', () => {
    expect(problems('attacker: { shock: { mode: random } }\n')[0]).toMatch(/^attacker\.shock\.mode: .*validators.*pro-rata/);
  });

  it('leave a run without a shock alone', () => {
    expect(problems('attacker: { shock: { at: 0, stakeFraction: 0 } }\n')).toEqual([]);
  });
});
