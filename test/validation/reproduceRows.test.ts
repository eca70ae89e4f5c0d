// The reproduction table's rows and formatting, on hand-made numbers.
import { describe, expect, it } from 'vitest';
import { boundRow, exactRow, formatNumber, replicatedBoundRow, replicatedRow } from '../../sim/validation/rows.js';
import { formatTable, summaryLine } from '../../sim/validation/reproduce.js';

const head = { section: '§0 test', name: 'a result', source: 'a paper' };

describe('replicatedRow', () => {
  // Observations 1, 2, 3: mean 2, s = 1; at 95% the half-width is t(0.975, 2)·1/√3 with
  // t(0.975, 2) = 4.303 (NIST table 1.3.6.7.2), so the interval is 2 ± 2.4843.
  const observations = [1, 2, 3];

  it('passes when the published value lies in the t-interval and fails just outside it', () => {
    const inside = replicatedRow(head, 4.48, observations, 0.95, '1 run');
    expect(inside.lab).toBe(2);
    expect(inside.tolerance).toBeCloseTo(4.303 / Math.sqrt(3), 3);
    expect(inside.pass).toBe(true);
    expect(replicatedRow(head, 4.49, observations, 0.95, '1 run').pass).toBe(false);
    expect(replicatedRow(head, -0.49, observations, 0.95, '1 run').pass).toBe(false);
  });

  it('states the level, the replications and the t quantile in its basis', () => {
    const row = replicatedRow(head, 2, observations, 0.95, '10 auctions');
    expect(row.basis).toBe('95% t-interval over 3 replications of 10 auctions: t(0.975, 2) = 4.303 × s/√3');
    expect(row.claim).toBe('2');
  });
});

describe('replicatedBoundRow', () => {
  it('passes only when the whole t-interval lies on the stated side of the bound', () => {
    const claim = { ...head, claim: '< 0' };
    // −1, −2, −3: −2 ± 2.484 reaches above 0. −2.9, −3, −3.1: s = 0.1, −3 ± 0.248 stays below.
    expect(replicatedBoundRow(claim, 'below', 0, [-1, -2, -3], 0.95, '1 run').pass).toBe(false);
    const tight = replicatedBoundRow(claim, 'below', 0, [-2.9, -3, -3.1], 0.95, '1 run');
    expect(tight.pass).toBe(true);
    expect(tight.tolerance).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 3);
    expect(replicatedBoundRow(claim, 'above', -4, [-2.9, -3, -3.1], 0.95, '1 run').pass).toBe(true);
    expect(formatTable([tight]).split('\n')[2]).toContain('| ± 0.248414, all < 0 |');
  });
});

describe('exactRow and boundRow', () => {
  it('compare within the tolerance, or strictly against the bound', () => {
    expect(exactRow(head, 7, 7, 0, 'integer').pass).toBe(true);
    expect(exactRow(head, 7, 8, 0, 'integer').pass).toBe(false);
    expect(exactRow(head, 1, 1.5, 0.5, 'rounding').pass).toBe(true);
    const claim = { ...head, claim: '< 1' };
    expect(boundRow(claim, 'below', 1, 0.99, 'exact').pass).toBe(true);
    expect(boundRow(claim, 'below', 1, 1, 'exact').pass).toBe(false);
    expect(boundRow(claim, 'above', 1, 1, 'exact').pass).toBe(false);
    expect(boundRow(claim, 'above', 1, 2, 'exact').pass).toBe(true);
  });
});

describe('formatTable', () => {
  it('prints one Markdown row per result, escapes pipes, and marks failures', () => {
    const rows = [
      exactRow({ ...head, name: 'max |u − 1|' }, 0, 0, 1e-8, 'band'),
      boundRow({ ...head, claim: '< 1.1%' }, 'below', 0.011, 0.012, 'exact'),
    ];
    const lines = formatTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('| # | section | result | source | published | lab | tolerance | how the tolerance was derived | pass |');
    expect(lines[2]).toBe('| 1 | §0 test | max \\|u − 1\\| | a paper | 0 | 0 | ± 1.000e-8 | band | pass |');
    expect(lines[3]).toBe('| 2 | §0 test | a result | a paper | < 1.1% | 0.012 | < 0.011 | exact | **FAIL** |');
    expect(summaryLine(rows)).toBe('1 of 2 results NOT reproduced: a result');
    expect(summaryLine(rows.slice(0, 1))).toBe('All 1 published results reproduced.');
  });

  it('formats numbers to six significant digits, integers in full, tiny ones in exponent form', () => {
    expect(formatNumber(4 / 9)).toBe('0.444444');
    expect(formatNumber(216001)).toBe('216001');
    expect(formatNumber(1e-18)).toBe('1.000e-18');
    expect(formatNumber(0)).toBe('0');
  });
});
