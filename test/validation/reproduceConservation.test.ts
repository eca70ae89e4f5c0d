// Token conservation over a few days of each market (validation spec §5), on the parameters of
// scenarios/validation/conservation-*.yaml: no invariant violation at any block and no gap in any
// ledger identity, on runs that exercise refunds, overdrafts, fills and failed fills.
import { describe, expect, it } from 'vitest';
import { expandRuns, formatProblem, loadScenario } from '../../sim/scenario/index.js';
import { runConservationMonth } from '../../sim/validation/conservation.js';
import type { WorldParams } from '../../sim/world/params.js';

function params(file: string): { params: WorldParams; seed: string } {
  const loaded = loadScenario(file);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  const run = expandRuns(loaded.scenario, { replicates: 1 })[0]!;
  return { params: run.params as unknown as WorldParams, seed: run.seed };
}

const DAYS = 3;

describe('conservation', () => {
  it('a lease market conserves USD and gas at every block, and tenants\' deposits equal receipts, fees and escrow to the base unit', () => {
    const { params: p, seed } = params('scenarios/validation/conservation-leases.yaml');
    const r = runConservationMonth({ ...p, duration: DAYS * 86_400 }, seed, 3600);
    expect(r.market).toBe('lease-auction');
    expect(r.firstViolation).toBeUndefined();
    expect(r.invariantViolations).toBe(0);
    // One check per block (12 s) plus the final one.
    expect(r.invariantChecks).toBe((DAYS * 86_400) / 12 + 1);
    expect(r.ledgerChecks).toBe(DAYS * 24 + 1);
    expect(r.gaps).toEqual({ 'tenants paid = escrow deployment records': 0n, 'escrow paid out = received + fees': 0n });
    expect(r.activity['leases']).toBeGreaterThan(50);
    expect(r.activity['reverts']).toBeGreaterThan(0);
  });

  it('an intent market conserves USD, gas and vouchers, and every payment is on both books', () => {
    const { params: p, seed } = params('scenarios/validation/conservation-intents.yaml');
    const r = runConservationMonth({ ...p, duration: DAYS * 86_400 }, seed, 3600);
    expect(r.market).toBe('intent-auction');
    expect(r.invariantViolations).toBe(0);
    expect(Object.values(r.gaps)).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(r.activity['filled']).toBeGreaterThan(50);
    expect(r.activity['fillReverts']).toBeGreaterThan(0);
  });

  it('is reproducible by seed', () => {
    const { params: p, seed } = params('scenarios/validation/conservation-intents.yaml');
    const short = { ...p, duration: 86_400 };
    expect(runConservationMonth(short, seed, 3600)).toEqual(runConservationMonth(short, seed, 3600));
  });

  it('refuses a posted-price world and a ledger interval that is not positive', () => {
    const { params: p, seed } = params('scenarios/validation/conservation-leases.yaml');
    expect(() => runConservationMonth({ ...p, market: { ...p.market, kind: 'posted-price' } }, seed, 3600)).toThrow(RangeError);
    expect(() => runConservationMonth(p, seed, 0)).toThrow(/ledger interval/);
  });
});
