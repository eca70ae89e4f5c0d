// The ported ExclusiveDutchOrderReactor with its order resolution opened to the market's filler
// step, which must know the decayed input and the output (override included) before it sources the
// compute, exactly as UniswapX's executeWithCallback hands the resolved order to the filler.
import { ExclusiveDutchOrderReactor, type ExclusiveDutchOrder } from '../../contracts/intents/ExclusiveDutchOrderReactor.js';
import type { ResolvedOrder } from '../../contracts/intents/ReactorStructs.js';
import type { TxContext } from '../../contracts/types.js';

export class IntentReactor extends ExclusiveDutchOrderReactor {
  /** What `execute` would move for this filler now; reverts as `execute` would, changes nothing. */
  resolveFor(ctx: TxContext, order: ExclusiveDutchOrder): ResolvedOrder {
    return this.resolve(ctx, order);
  }
}
