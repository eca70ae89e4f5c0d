// HiGHS, the mixed-integer solver compiled to WebAssembly (the `highs` package, pinned, MIT): the
// reference solver that checks the lab's exact attack search, in `npm run reproduce` (the contagion
// rows), in the search's tests and in its benchmark. The package's typings describe an ES default
// export that TypeScript reads through its CommonJS type, so the loader is taken from whichever
// shape the module has at run time.
import * as highsModule from 'highs';
import type { MipSolver } from '../analysis/attackMip.js';

type Loader = () => Promise<MipSolver>;

export async function loadHighs(): Promise<MipSolver> {
  const module = highsModule as unknown as { default: Loader | { default: Loader } };
  const loader = typeof module.default === 'function' ? module.default : module.default.default;
  return loader();
}
