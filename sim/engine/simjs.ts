// Loads simjs 2.0.3. Its bundle only publishes `Sim` by assigning `window.Sim`, so a plain
// `require` or `import` yields nothing on Node. The bundle is evaluated here in the same realm,
// inside a wrapper that hands it a plain object as `window`: a separate vm context would break the
// bundle's `instanceof Function` argument checks on every callback we pass in.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

/** The slice of simjs's request object the adapter uses. */
export interface SimjsRequest {
  readonly deliverAt: number;
  /** What `setData` attached. */
  readonly data: unknown;
  setData(data: unknown): SimjsRequest;
  done(callback: (this: unknown, argument: unknown) => void, context: undefined, argument: unknown): SimjsRequest;
  cancel(): void;
}

/** The slice of a simjs entity the adapter uses. */
export interface SimjsEntity {
  setTimer(duration: number): SimjsRequest;
}

/** The slice of simjs's `Sim` the adapter uses, named as simjs names it. */
export interface SimjsSim {
  /** simjs's clock; written by the adapter only to park it at a run's horizon. */
  simTime: number;
  /** simjs's future event list: a binary heap whose root is `data[0]`. */
  readonly queue: { readonly data: readonly SimjsRequest[] };
  time(): number;
  addEntity<E extends SimjsEntity>(entityClass: new (sim: SimjsSim, name?: string) => E, name?: string): E;
  simulate(endTime: number, maxEvents?: number): boolean;
}

export interface Simjs {
  Sim: new () => SimjsSim;
  /** Base class of simjs entities; `addEntity` wants a subclass that defines `start()`. */
  Entity: new (sim: SimjsSim, name?: string) => SimjsEntity;
}

let loaded: Simjs | undefined;

/** simjs's classes, evaluated once per process. */
export function loadSimjs(): Simjs {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const code = readFileSync(require.resolve('simjs'), 'utf8');
  const runBundle = vm.runInThisContext('(function (window) {' + code + '\n})') as (window: object) => void;
  const fakeWindow: { Sim?: Partial<Simjs> } = {};
  runBundle(fakeWindow);
  const { Sim, Entity } = fakeWindow.Sim ?? {};
  if (typeof Sim !== 'function' || typeof Entity !== 'function') {
    throw new Error('the simjs bundle did not publish window.Sim.Sim and window.Sim.Entity');
  }
  loaded = { Sim, Entity };
  return loaded;
}
