// A provider's asks, remembered: under the truthful and cost-plus policies a provider asks the same
// price per GPU-hour for every order, so the ask for an order of g GPUs (with its price per block,
// a float-to-LegacyDec conversion) is the same object every time g comes round again. Hearing an
// order that it would bid on built one each time: 200k of them in the baseline month.
//
// Keyed on everything the ask depends on: the price per GPU-hour (compared with Object.is, so that
// -0 and NaN are told apart as the conversion would) and the GPUs. The block time is the chain's,
// fixed for the run, and belongs to the builder. Under the equilibrium policy the price follows each
// order's maximum, so a new price replaces what was remembered.

export class AskMemo<T> {
  readonly #build: (perGpuHour: number, gpus: number) => T;
  #perGpuHour = Number.NaN;
  /** The asks built at #perGpuHour, by GPUs. */
  #byGpus: (T | undefined)[] = [];

  constructor(build: (perGpuHour: number, gpus: number) => T) {
    this.#build = build;
  }

  /** What `build(perGpuHour, gpus)` returns, built once per GPU count while the price stays the same. */
  get(perGpuHour: number, gpus: number): T {
    if (!Object.is(perGpuHour, this.#perGpuHour)) {
      this.#perGpuHour = perGpuHour;
      this.#byGpus = [];
    }
    if (!Number.isSafeInteger(gpus) || gpus < 0) return this.#build(perGpuHour, gpus);
    return (this.#byGpus[gpus] ??= this.#build(perGpuHour, gpus));
  }
}
