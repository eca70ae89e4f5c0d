// HiGHS (the `highs` package: the solver compiled to WebAssembly, a dev dependency) as the reference
// mixed-integer solver of the attack-search tests and benchmark. Its typings describe an ES default
// export that TypeScript reads through the package's CommonJS type, so the loader is taken from
// whichever shape the module has at run time.
import * as highsModule from 'highs';
import type { MipSolver } from '../../sim/analysis/attackMip.js';

type Loader = () => Promise<MipSolver>;

export async function loadHighs(): Promise<MipSolver> {
  const module = highsModule as unknown as { default: Loader | { default: Loader } };
  const loader = typeof module.default === 'function' ? module.default : module.default.default;
  return loader();
}
