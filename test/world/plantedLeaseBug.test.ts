// A planted bug in the market keeper: it stops marking leases closed (onLeaseClosed does nothing),
// so when a tenant closes its deployment escrow closes the lease's payment while the lease stays
// active on chain. no_active_lease_without_payment must name the lease's closed payment, and be
// the only invariant that fires; the same world without the bug has no violation.
import { describe, expect, it } from 'vitest';
import { HOUR_JOB, makeLeaseWorld } from './leaseHarness.js';

describe('a planted lease bookkeeping bug', () => {
  it('is caught by no_active_lease_without_payment, which names the closed payment under an active lease', () => {
    const w = makeLeaseWorld();
    const keeper = w.market.akash.market;
    keeper.onLeaseClosed = () => undefined;
    w.addTenant(HOUR_JOB);
    w.runTo(2 * 3600);

    const report = w.checker.report();
    const violations = report.violations.filter((v) => v.invariant === 'no_active_lease_without_payment');
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]!.values).toMatchObject({ payment: 'closed' });
    // Every violation is this one: the lease's books, not the escrow's coins.
    expect(report.violations.every((v) => v.invariant === 'no_active_lease_without_payment')).toBe(true);
  });

  it('is absent from the same world without the bug', () => {
    const w = makeLeaseWorld();
    w.addTenant(HOUR_JOB);
    w.runTo(2 * 3600);
    expect(w.checker.report().violationCount).toBe(0);
  });
});
