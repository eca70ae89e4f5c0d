// Congestion pricing from Ethereum's fee markets: the EIP-1559 base fee for block space and the
// EIP-4844 blob fee, ported from go-ethereum.
export {
  DEFAULT_BASE_FEE_CHANGE_DENOMINATOR,
  DEFAULT_ELASTICITY_MULTIPLIER,
  GAS_LIMIT_BOUND_DIVISOR,
  INITIAL_BASE_FEE,
  MIN_GAS_LIMIT,
  calcBaseFee,
  verifyGasLimit,
  type BaseFeeParams,
  type ParentHeader,
} from './eip1559.js';
export {
  BLOB_GAS_PER_BLOB,
  CANCUN_BLOB_CONFIG,
  MIN_BLOB_BASE_FEE,
  blobBaseFee,
  calcExcessBlobGas,
  fakeExponential,
  type BlobConfig,
} from './eip4844.js';
