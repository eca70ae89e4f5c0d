import { describe, expect, it } from 'vitest';
import { compareAddresses, decodeOperatorSetKey, deployRestaking, MAINNET_DELAYS, operatorSetKey } from '../../../sim/contracts/restaking/index.js';

describe('address ordering for StrategiesMustBeInAscendingOrder', () => {
  it('compares hex addresses as 160-bit numbers, whatever their case or padding', () => {
    expect(compareAddresses('0x0000000000000000000000000000000000000009', '0x000000000000000000000000000000000000000A')).toBeLessThan(0);
    expect(compareAddresses('0xab', '0x00000000000000000000000000000000000000AB')).toBe(0);
    expect(compareAddresses('0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0', '0x00000000000000000000000000000000000E16E4')).toBeGreaterThan(0);
  });

  it('compares world-assigned ids (and a hex address against one) as strings', () => {
    expect(compareAddresses('strategy-10', 'strategy-9')).toBeLessThan(0);
    expect(compareAddresses('0xff', 'a')).toBeLessThan(0);
    expect(compareAddresses('b', 'b')).toBe(0);
  });
});

describe('deployRestaking', () => {
  it('defaults to the mainnet delays and accepts smaller ones', () => {
    expect(deployRestaking().params).toMatchObject(MAINNET_DELAYS);
    const d = deployRestaking({ DEALLOCATION_DELAY: 50, MIN_WITHDRAWAL_DELAY_BLOCKS: 50 });
    expect(d.allocationManager.DEALLOCATION_DELAY).toBe(50);
    expect(d.delegationManager.minWithdrawalDelayBlocks()).toBe(50);
    expect(d.allocationManager.ALLOCATION_CONFIGURATION_DELAY).toBe(126_000);
  });

  it('rejects delays that are not uint32', () => {
    expect(() => deployRestaking({ DEALLOCATION_DELAY: -1 })).toThrow(RangeError);
    expect(() => deployRestaking({ MIN_WITHDRAWAL_DELAY_BLOCKS: 2 ** 32 })).toThrow(RangeError);
  });

  it('keys operator sets reversibly', () => {
    expect(decodeOperatorSetKey(operatorSetKey({ avs: 'avs:with:colons', id: 7 }))).toEqual({ avs: 'avs:with:colons', id: 7 });
  });
});
