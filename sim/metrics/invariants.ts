// Economic invariants checked while a run goes (conservation of tokens, solvency, shares backed by
// assets, ...). A violation is recorded with the block, the time, the invariant's name and the
// values that broke it, and a run with any violation reports failure. Only the first violations
// are stored, with a count of all of them, so a run broken early cannot fill memory.
import type { Chain } from '../chain/chain.js';
import type { InvariantReport, InvariantViolation } from './outputs.js';

/** Returns null when the invariant holds, otherwise the values that show it broken (bigints become decimal strings). */
export type InvariantCheck = () => null | Readonly<Record<string, string | number | bigint>>;

export interface InvariantCheckerOptions {
  /** Check after every n-th block; for long sweeps where every block is too costly. Default 1. */
  readonly interval?: number;
  /** 'check' (the CI command) always checks every block, whatever the interval. */
  readonly mode?: 'run' | 'check';
  /** Violations kept in the report; later ones are only counted. Default 100. */
  readonly maxStoredViolations?: number;
}

export interface CheckerReport extends InvariantReport {
  /** Every violation found, including those beyond the stored ones. */
  readonly violationCount: number;
}

export class InvariantChecker {
  readonly interval: number;
  readonly maxStoredViolations: number;
  readonly #invariants: [string, InvariantCheck][] = [];
  readonly #stored: InvariantViolation[] = [];
  #checks = 0;
  #violationCount = 0;

  constructor(options: InvariantCheckerOptions = {}) {
    this.interval = options.mode === 'check' ? 1 : (options.interval ?? 1);
    this.maxStoredViolations = options.maxStoredViolations ?? 100;
    assertWhole('interval', this.interval, 1);
    assertWhole('maxStoredViolations', this.maxStoredViolations, 0);
  }

  register(name: string, check: InvariantCheck): void {
    if (this.#invariants.some(([n]) => n === name)) throw new Error(`invariant '${name}' is already registered`);
    this.#invariants.push([name, check]);
  }

  /** Checks after every `interval`-th block of `chain` (blocks interval, 2·interval, ... from now). */
  watch(chain: Chain): void {
    let blocks = 0;
    chain.onBlock((block) => {
      blocks += 1;
      if (blocks % this.interval === 0) this.checkAll(block.number, block.time);
    });
  }

  /** Evaluates every invariant now, in registration order; returns how many were violated. */
  checkAll(block: number, time: number): number {
    this.#checks += 1;
    let violated = 0;
    for (const [name, check] of this.#invariants) {
      const values = check();
      if (values === null) continue;
      violated += 1;
      this.#violationCount += 1;
      if (this.#stored.length < this.maxStoredViolations) {
        this.#stored.push({ invariant: name, block, time, values: plainValues(values) });
      }
    }
    return violated;
  }

  get violationCount(): number {
    return this.#violationCount;
  }

  /** True once any invariant has been violated: the run must be reported as failed. */
  get failed(): boolean {
    return this.#violationCount > 0;
  }

  report(): CheckerReport {
    return { checks: this.#checks, violations: [...this.#stored], violationCount: this.#violationCount };
  }
}

function plainValues(values: Readonly<Record<string, string | number | bigint>>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
  );
}

function assertWhole(what: string, n: number, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new RangeError(`invariant checker: ${what} must be a whole number >= ${min}, got ${n}`);
  }
}
