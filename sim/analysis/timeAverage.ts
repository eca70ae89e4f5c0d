// The time average of a quantity that changes in steps (the number in a queue, a posted price): the
// integral of the step function over time, divided by the elapsed time. Record every change; read
// the average at any later time.

export class TimeAverage {
  readonly #start: number;
  #lastChange: number;
  #value: number;
  #area = 0;

  /** Starts measuring at `start`, with the quantity at `value`. */
  constructor(start: number, value: number) {
    this.#start = start;
    this.#lastChange = start;
    this.#value = value;
  }

  get value(): number {
    return this.#value;
  }

  /** The quantity takes `value` from `time` on (time never goes back). */
  set(time: number, value: number): void {
    if (time < this.#lastChange) throw new RangeError(`time average: a change at ${time} comes before the last one at ${this.#lastChange}`);
    this.#area += this.#value * (time - this.#lastChange);
    this.#lastChange = time;
    this.#value = value;
  }

  /** ∫ quantity dt from the start to `time`. */
  integral(time: number): number {
    if (time < this.#lastChange) throw new RangeError(`time average: read at ${time}, before the last change at ${this.#lastChange}`);
    return this.#area + this.#value * (time - this.#lastChange);
  }

  /** The average from the start to `time`; the current value when no time has passed. */
  mean(time: number): number {
    const elapsed = time - this.#start;
    return elapsed > 0 ? this.integral(time) / elapsed : this.#value;
  }
}
