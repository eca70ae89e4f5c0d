// Hardware outages: alternating up and down periods with exponential lengths (MTBF, MTTR). The same
// process drives one provider's own failures and a whole failure group's (a datacentre), so a
// provider may be inside several outages at once and is up only when none is in progress.
import type { Kernel } from '../engine/kernel.js';
import type { RandomStream } from '../engine/random.js';

export interface Outageable {
  beginOutage(): void;
  endOutage(): void;
}

/**
 * Starts the alternating process for `targets`, up first: every outage begins on all targets at
 * once and ends on all of them. An infinite or zero MTBF means no outages.
 */
export function scheduleOutages(kernel: Kernel, rng: RandomStream, mtbf: number, mttr: number, targets: readonly Outageable[]): void {
  if (!(mtbf > 0 && Number.isFinite(mtbf)) || targets.length === 0) return;
  const fail = (): void => {
    for (const t of targets) t.beginOutage();
    kernel.schedule(rng.exponential(1 / mttr), repair);
  };
  const repair = (): void => {
    for (const t of targets) t.endOutage();
    kernel.schedule(rng.exponential(1 / mtbf), fail);
  };
  kernel.schedule(rng.exponential(1 / mtbf), fail);
}

/**
 * Overlapping outages of one machine: it goes down with the first and comes back with the last.
 * Whoever runs something on the machine (an operator's node) can watch it go down and come back.
 */
export class OutageCount {
  #inProgress = 0;
  readonly #watchers: ((up: boolean) => void)[] = [];

  get up(): boolean {
    return this.#inProgress === 0;
  }

  watch(watcher: (up: boolean) => void): void {
    this.#watchers.push(watcher);
  }

  /** Returns true when this outage takes the machine down. */
  begin(): boolean {
    const down = ++this.#inProgress === 1;
    if (down) for (const w of this.#watchers) w(false);
    return down;
  }

  /** Returns true when this was the last outage in progress. */
  end(): boolean {
    if (this.#inProgress === 0) throw new Error('an outage ended that never began');
    const up = --this.#inProgress === 0;
    if (up) for (const w of this.#watchers) w(true);
    return up;
  }
}

/** A machine others can run on: its availability can be watched. */
export interface Host extends Outageable {
  readonly availability: OutageCount;
}
