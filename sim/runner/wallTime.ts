// A run's wall-clock budget, enforced by whoever runs it: the smaller of the scenario's
// limits.maxWallTime and the sweep's --run-timeout. Nothing under sim/ reads a clock: on this
// thread the command line injects one (InlineExecutor); a worker thread is told from outside, through
// memory it shares with the pool, that its time is up (SharedRunState), and terminated if it does
// not stop within a grace period (PiscinaExecutor).
import type { RunControl } from '../engine/budget.js';
import type { RunSpec } from '../scenario/runSpec.js';

export interface WallTimeBudget {
  readonly ms: number;
  /** The budget in words, for the failure's reason. */
  readonly label: string;
}

/** `runTimeout`: the sweep's --run-timeout, in seconds. */
export function wallTimeBudget(spec: RunSpec, runTimeout?: number): WallTimeBudget {
  const limits = spec.params['limits'] as { maxWallTime?: number } | undefined;
  const scenario = limits?.maxWallTime ?? Number.POSITIVE_INFINITY;
  if (runTimeout !== undefined && runTimeout <= scenario) return { ms: runTimeout * 1000, label: `--run-timeout ${runTimeout}s` };
  return { ms: scenario * 1000, label: `limits.maxWallTime = ${scenario}s` };
}

/** The control of a run on this thread, against a clock in milliseconds. */
export function clockControl(budget: WallTimeBudget, clock: () => number): RunControl {
  const started = clock();
  return { overWallTime: () => clock() - started > budget.ms, wallTimeLimit: budget.label };
}

/**
 * Memory a worker thread shares with its pool: a flag the pool raises when the run's time is up, and
 * where the run stands (simulated seconds, events), which the pool reads if it must terminate it.
 */
export class SharedRunState {
  readonly buffer: SharedArrayBuffer;
  readonly #flag: Int32Array;
  readonly #where: Float64Array;

  constructor(buffer = new SharedArrayBuffer(24)) {
    this.buffer = buffer;
    this.#flag = new Int32Array(buffer, 0, 1);
    this.#where = new Float64Array(buffer, 8, 2);
  }

  requestStop(): void {
    Atomics.store(this.#flag, 0, 1);
  }

  get stopRequested(): boolean {
    return Atomics.load(this.#flag, 0) === 1;
  }

  /** Simulated seconds and events at the last report. */
  get where(): { readonly simTime: number; readonly events: number } {
    return { simTime: this.#where[0]!, events: this.#where[1]! };
  }

  /** The control the run inside the worker uses. */
  control(wallTimeLimit: string): RunControl {
    return {
      overWallTime: () => this.stopRequested,
      wallTimeLimit,
      progress: (simTime, events) => {
        this.#where[0] = simTime;
        this.#where[1] = events;
      },
    };
  }
}
