// EIP-4844 blob pricing, after ethereum/go-ethereum @ 02b73d4e consensus/misc/eip4844/eip4844.go and
// the Cancun blob schedule in params/config.go: a price that compounds while demand stays above target.

/** params/protocol_params.go BlobTxBlobGasPerBlob and BlobTxMinBlobGasprice. */
export const BLOB_GAS_PER_BLOB = 131_072n;
export const MIN_BLOB_BASE_FEE = 1n;

export interface BlobConfig {
  readonly target: bigint;
  readonly max: bigint;
  readonly updateFraction: bigint;
}

/** params/config.go DefaultCancunBlobConfig. */
export const CANCUN_BLOB_CONFIG: BlobConfig = { target: 3n, max: 6n, updateFraction: 3_338_477n };

// Port of go-ethereum consensus/misc/eip4844/eip4844.go fakeExponential: factor·e^(numerator/denominator) by Taylor series
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  if (factor < 0n || numerator < 0n || denominator <= 0n) {
    throw new RangeError(`fakeExponential needs factor, numerator >= 0 and denominator > 0, got (${factor}, ${numerator}, ${denominator})`);
  }
  let output = 0n;
  let accum = factor * denominator;
  for (let i = 1n; accum > 0n; i++) {
    output += accum;
    accum = (accum * numerator) / denominator / i;
  }
  return output / denominator;
}

// Port of go-ethereum consensus/misc/eip4844/eip4844.go BlobConfig.blobBaseFee
export function blobBaseFee(excessBlobGas: bigint, config: BlobConfig = CANCUN_BLOB_CONFIG): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, config.updateFraction);
}

// Port of go-ethereum consensus/misc/eip4844/eip4844.go calcExcessBlobGas (the pre-Osaka formula)
export function calcExcessBlobGas(parentExcessBlobGas: bigint, parentBlobGasUsed: bigint, config: BlobConfig = CANCUN_BLOB_CONFIG): bigint {
  const excess = parentExcessBlobGas + parentBlobGasUsed;
  const targetGas = config.target * BLOB_GAS_PER_BLOB;
  return excess < targetGas ? 0n : excess - targetGas;
}
