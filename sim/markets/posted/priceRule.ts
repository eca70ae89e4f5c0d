// The posted price per GPU-hour and the rule that moves it: the EIP-1559 base-fee rule (linear) or
// the EIP-4844 excess accumulator (exponential), both through the ported go-ethereum functions, with
// GPU utilization in the place of gas. Prices are micro-USD per GPU-hour.
//
// Utilization u over an adjustment window against the target u* becomes a signed deviation
//   x = (u − u*) / (1 − u*)   when u ≥ u*,      x = (u − u*) / u*   when u < u*,
// so that x = 0 holds the price, x = +1 is full use and x = −1 is none, whatever the target.
//
// linear: calcBaseFee moves the fee by (gasUsed − T) / (T · D) of itself. A step s is not always
//   1/D for an integer D (0.3 is not), so D is fixed at 1 and the step goes into the gas instead:
//   gasUsed = T + ⌊s·x·T⌉ (truncated toward T), gasLimit = 2T. The price moves by s·x of itself,
//   floored as go-ethereum floors, at least one micro-USD up when x > 0. Since go-ethereum's two
//   nested floors equal one floor, s = 1/8 gives the same integer as D = 8 at a full or empty block.
//   gasUsed stays in [0, 2T] because s ≤ 1. The result is then held between the floor and the
//   ceiling price.
// exponential: calcExcessBlobGas adds gasUsed − target to the excess (never below 0) with
//   gasUsed = target + ⌊x·target⌉, and the price is fakeExponential(floor, excess, F). F is the
//   update fraction for which a full window multiplies the price by 1 + s (e^(target/F) = 1 + s), as
//   Cancun's 3,338,477 gives +12.5% per full block; an empty window divides it by 1 + s. The floor
//   is built in: at excess 0 the price is the floor. The ceiling is the excess's: it never rises
//   above the least excess at which the price reaches the ceiling (so that a run of full windows
//   does not leave an excess the price needs as many empty windows to come down from), and the
//   price at that excess is held to the ceiling.
// Not EIP-1559's nor EIP-4844's: the ceiling (maxPrice). Neither fee has one, since demand for
// block space falls as the fee rises; a GPU market's buyers may keep GPUs busy at any price (jobs
// that last longer than the run), and a price doubling every window overflows a double in about
// a thousand windows. The ceiling is a modelling decision, declared with the scenario's prices.
import { calcBaseFee } from '../../contracts/fees/eip1559.js';
import { BLOB_GAS_PER_BLOB, calcExcessBlobGas, fakeExponential, type BlobConfig } from '../../contracts/fees/eip4844.js';

export type PriceCurve = 'linear' | 'exponential';

export interface PriceRuleParams {
  readonly curve: PriceCurve;
  /** Micro-USD per GPU-hour at the start, the floor and the ceiling. */
  readonly initialPrice: bigint;
  readonly minPrice: bigint;
  readonly maxPrice: bigint;
  /** u*, strictly between 0 and 1. */
  readonly targetUtilization: number;
  /** s in (0, 1]: the relative price change of a full window. */
  readonly step: number;
}

/** Utilization over a window as exact GPU-seconds: busy of available. */
export interface Utilization {
  readonly busy: bigint;
  readonly available: bigint;
}

/** u* and s are carried as exact integers: parts per million and parts per billion. */
const PPM = 1_000_000n;
const PPB = 1_000_000_000n;
/** The linear rule's gas target: large, so that s·x·T keeps 18 digits; 2T fits uint64. */
const LINEAR_TARGET = 10n ** 18n;
const LINEAR_RULE = { elasticityMultiplier: 2n, baseFeeChangeDenominator: 1n };
/** The exponential rule's target in blobs; its gas target is this times 2^17 = 2^37. */
const EXPONENTIAL_TARGET_BLOBS = 1n << 20n;

export class PriceRule {
  readonly curve: PriceCurve;
  readonly minPrice: bigint;
  readonly maxPrice: bigint;
  readonly #targetPpm: bigint;
  readonly #stepPpb: bigint;
  readonly #blobs: BlobConfig;
  #price: bigint;
  /** The exponential curve's accumulated excess (0 for the linear curve). */
  #excess = 0n;
  /** The exponential curve's ceiling of the excess: the least at which the price reaches maxPrice. */
  readonly #maxExcess: bigint;

  constructor(params: PriceRuleParams) {
    checkParams(params);
    this.curve = params.curve;
    this.minPrice = params.minPrice;
    this.maxPrice = params.maxPrice;
    this.#targetPpm = BigInt(Math.round(params.targetUtilization * 1e6));
    this.#stepPpb = BigInt(Math.round(params.step * 1e9));
    const target = EXPONENTIAL_TARGET_BLOBS * BLOB_GAS_PER_BLOB;
    // Math.log once per run, from fdlibm in V8: the same double on every machine.
    const updateFraction = BigInt(Math.round(Number(target) / Math.log1p(params.step)));
    this.#blobs = { target: EXPONENTIAL_TARGET_BLOBS, max: 2n * EXPONENTIAL_TARGET_BLOBS, updateFraction };
    this.#maxExcess = params.curve === 'exponential' ? this.#excessFor(params.maxPrice) : 0n;
    if (params.curve === 'exponential') this.#excess = this.#excessFor(params.initialPrice);
    this.#price = params.curve === 'exponential' ? this.#exponentialPrice() : params.initialPrice;
  }

  get price(): bigint {
    return this.#price;
  }

  /** The exponential curve's excess, in its blob-gas units. */
  get excess(): bigint {
    return this.#excess;
  }

  /** The deviation x as the fraction num/den (den > 0), see the header. Empty windows hold the price. */
  deviation(u: Utilization): { num: bigint; den: bigint } {
    if (u.busy < 0n || u.available < 0n || u.busy > u.available) throw new RangeError(`utilization needs 0 <= busy <= available, got ${u.busy} of ${u.available}`);
    if (u.available === 0n) return { num: 0n, den: 1n };
    const num = u.busy * PPM - this.#targetPpm * u.available;
    const den = (num >= 0n ? PPM - this.#targetPpm : this.#targetPpm) * u.available;
    return { num, den };
  }

  /** Applies one adjustment for the window's utilization and returns the new price. */
  adjust(u: Utilization): bigint {
    const { num, den } = this.deviation(u);
    if (this.curve === 'linear') {
      const gasUsed = LINEAR_TARGET + (LINEAR_TARGET * this.#stepPpb * num) / (PPB * den);
      const next = calcBaseFee({ baseFee: this.#price, gasLimit: 2n * LINEAR_TARGET, gasUsed }, LINEAR_RULE);
      this.#price = next < this.minPrice ? this.minPrice : next > this.maxPrice ? this.maxPrice : next;
    } else {
      const target = this.#blobs.target * BLOB_GAS_PER_BLOB;
      const excess = calcExcessBlobGas(this.#excess, target + (target * num) / den, this.#blobs);
      this.#excess = excess > this.#maxExcess ? this.#maxExcess : excess;
      this.#price = this.#exponentialPrice();
    }
    return this.#price;
  }

  #exponentialPrice(): bigint {
    const price = fakeExponential(this.minPrice, this.#excess, this.#blobs.updateFraction);
    return price > this.maxPrice ? this.maxPrice : price;
  }

  /** The least excess at which the exponential price reaches `price` (fakeExponential is monotone in it). */
  #excessFor(price: bigint): bigint {
    const f = this.#blobs.updateFraction;
    let lo = 0n;
    // e^(ln(p/min) + 1) > p/min, so the bound is above the answer.
    let hi = BigInt(Math.ceil(Number(f) * (Math.log(Number(price) / Number(this.minPrice)) + 1)));
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (fakeExponential(this.minPrice, mid, f) >= price) hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  }
}

function checkParams(p: PriceRuleParams): void {
  if (p.curve !== 'linear' && p.curve !== 'exponential') throw new RangeError(`posted price: curve must be linear or exponential, got ${String(p.curve)}`);
  if (!(p.targetUtilization > 0 && p.targetUtilization < 1)) {
    throw new RangeError(`posted price: targetUtilization must be strictly between 0 and 1 (the price could never fall, or never rise), got ${p.targetUtilization}`);
  }
  if (!(p.step > 0 && p.step <= 1)) throw new RangeError(`posted price: step must be in (0, 1], got ${p.step}`);
  // The exponential price is the floor times a growth factor: a zero floor would pin it at zero.
  const least = p.curve === 'exponential' ? 1n : 0n;
  if (typeof p.minPrice !== 'bigint' || p.minPrice < least) throw new RangeError(`posted price: minPrice must be at least ${least} micro-USD with the ${p.curve} curve, got ${p.minPrice}`);
  if (typeof p.initialPrice !== 'bigint' || p.initialPrice < p.minPrice) {
    throw new RangeError(`posted price: initialPrice (${p.initialPrice}) must be at least minPrice (${p.minPrice}) micro-USD`);
  }
  if (typeof p.maxPrice !== 'bigint' || p.maxPrice < p.initialPrice) {
    throw new RangeError(`posted price: maxPrice (${p.maxPrice}) must be at least initialPrice (${p.initialPrice}) micro-USD`);
  }
}
