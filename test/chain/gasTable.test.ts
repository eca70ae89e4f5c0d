import { describe, expect, it } from 'vitest';
import { DEFAULT_GAS_TABLE, gasOf, gasTableWith } from '../../sim/chain/gasTable.js';

describe('gas table', () => {
  it('lays scenario entries over the defaults', () => {
    const table = gasTableWith({ 'AllocationManager.slashOperator': 250_000, 'Vault.deposit': 90_000 });
    expect(gasOf(table, 'AllocationManager.slashOperator')).toBe(250_000);
    expect(gasOf(table, 'Vault.deposit')).toBe(90_000);
    expect(gasOf(table, 'ERC20.transfer')).toBe(DEFAULT_GAS_TABLE['ERC20.transfer']);
  });

  it('scales Akash (Cosmos) gas by 5/8, the ratio of a bank send (80k) to an ERC-20 transfer (50k)', () => {
    // Create lease, about 240,000 Cosmos gas: 240,000 x 5/8 = 150,000.
    expect(gasOf(DEFAULT_GAS_TABLE, 'Market.createLease')).toBe(150_000);
  });

  it('names the missing method, and is not fooled by inherited object keys', () => {
    expect(() => gasOf(DEFAULT_GAS_TABLE, 'Vault.deposit')).toThrow(/no gas cost for method 'Vault.deposit'/);
    expect(() => gasOf(DEFAULT_GAS_TABLE, 'constructor')).toThrow(/no gas cost for method 'constructor'/);
  });

  it('rejects a cost that is not a positive whole number', () => {
    expect(() => gasTableWith({ 'A.b': 0 })).toThrow(/'A.b' must cost a positive whole number of gas, got 0/);
    expect(() => gasTableWith({ 'A.b': 1.5 })).toThrow(/got 1.5/);
  });
});
