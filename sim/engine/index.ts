// The engine's public face: kernels and seeded random streams.
import { HeapKernel } from './heapKernel.js';
import type { Kernel } from './kernel.js';
import { SimjsKernel } from './simjsKernel.js';

export type { EventHandle, Kernel, RunEnd } from './kernel.js';
export { RandomStream, type Uniform01 } from './random.js';
export { streams, type Streams } from './streams.js';

export type KernelKind = 'simjs' | 'heap';

/** simjs is the chosen kernel; the heap is the reference and the speed limit. */
export function createKernel(kind: KernelKind): Kernel {
  switch (kind) {
    case 'simjs':
      return new SimjsKernel();
    case 'heap':
      return new HeapKernel();
    default:
      throw new RangeError(`unknown kernel "${String(kind)}": expected "simjs" or "heap"`);
  }
}
