// EIP-1559 base fee and gas-limit rules, after ethereum/go-ethereum @ 02b73d4e
// consensus/misc/eip1559/eip1559.go and consensus/misc/gaslimit.go. The lab's chain is always past
// London, so the pre-London branches (InitialBaseFee, doubled parent limit) are not ported.
import { Revert } from '../errors.js';
import { UINT64_MAX } from '../math.js';

/** params/protocol_params.go */
export const DEFAULT_BASE_FEE_CHANGE_DENOMINATOR = 8n;
export const DEFAULT_ELASTICITY_MULTIPLIER = 2n;
export const INITIAL_BASE_FEE = 1_000_000_000n;
export const GAS_LIMIT_BOUND_DIVISOR = 1024n;
export const MIN_GAS_LIMIT = 5000n;

export interface ParentHeader {
  readonly baseFee: bigint;
  readonly gasLimit: bigint;
  readonly gasUsed: bigint;
}

export interface BaseFeeParams {
  readonly elasticityMultiplier?: bigint;
  readonly baseFeeChangeDenominator?: bigint;
}

// Port of go-ethereum consensus/misc/eip1559/eip1559.go CalcBaseFee (post-London)
export function calcBaseFee(parent: ParentHeader, params: BaseFeeParams = {}): bigint {
  const elasticity = params.elasticityMultiplier ?? DEFAULT_ELASTICITY_MULTIPLIER;
  const denominator = params.baseFeeChangeDenominator ?? DEFAULT_BASE_FEE_CHANGE_DENOMINATOR;
  assertUint64('gasLimit', parent.gasLimit);
  assertUint64('gasUsed', parent.gasUsed);
  if (parent.baseFee < 0n) throw new RangeError(`baseFee must not be negative, got ${parent.baseFee}`);
  if (elasticity <= 0n || denominator <= 0n) throw new RangeError('elasticityMultiplier and baseFeeChangeDenominator must be positive');

  const target = parent.gasLimit / elasticity;
  if (parent.gasUsed === target) return parent.baseFee;
  // go-ethereum's big.Int division would panic here; a header like this never passes validation.
  if (target === 0n) throw new RangeError(`gas target is 0 (gasLimit ${parent.gasLimit} < elasticity ${elasticity})`);
  if (parent.gasUsed > target) {
    const delta = ((parent.gasUsed - target) * parent.baseFee) / target / denominator;
    // A block over target always raises the fee, by at least 1 wei.
    return parent.baseFee + (delta < 1n ? 1n : delta);
  }
  const delta = ((target - parent.gasUsed) * parent.baseFee) / target / denominator;
  const next = parent.baseFee - delta;
  return next < 0n ? 0n : next;
}

// Port of go-ethereum consensus/misc/gaslimit.go VerifyGaslimit: throws ErrInvalidGasLimit
export function verifyGasLimit(parentGasLimit: bigint, headerGasLimit: bigint): void {
  assertUint64('parentGasLimit', parentGasLimit);
  assertUint64('headerGasLimit', headerGasLimit);
  const diff = parentGasLimit > headerGasLimit ? parentGasLimit - headerGasLimit : headerGasLimit - parentGasLimit;
  const limit = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
  if (diff >= limit) throw new Revert('ErrInvalidGasLimit', headerGasLimit, parentGasLimit, limit - 1n);
  if (headerGasLimit < MIN_GAS_LIMIT) throw new Revert('ErrInvalidGasLimit', headerGasLimit, MIN_GAS_LIMIT);
}

function assertUint64(name: string, v: bigint): void {
  if (v < 0n || v > UINT64_MAX) throw new RangeError(`${name} must fit uint64, got ${v}`);
}
