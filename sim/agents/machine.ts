// A provider's hardware and nothing else: its own outages (MTBF, MTTR) and its failure group's, and
// word of them for whoever runs on it. Markets whose providers take no decisions of their own (the
// posted-price market sells their GPUs at the posted price) need only this.
import type { RandomStream } from '../engine/random.js';
import type { Kernel } from '../engine/kernel.js';
import { OutageCount, scheduleOutages, type Host } from './outages.js';

export class Machine implements Host {
  readonly availability = new OutageCount();
  outageCount = 0;

  /** Starts its own outage process: exponential up and down times with the given means. */
  start(kernel: Kernel, rng: RandomStream, mtbf: number, mttr: number): void {
    scheduleOutages(kernel, rng, mtbf, mttr, [this]);
  }

  beginOutage(): void {
    if (this.availability.begin()) this.outageCount++;
  }

  endOutage(): void {
    this.availability.end();
  }
}
