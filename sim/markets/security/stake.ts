// The restaked token: STAKE, 18 decimals, deposited into one strategy (its conversions to and from
// floats are in sim/units.ts).
import type { Address } from '../../contracts/types.js';

export const STAKE_STRATEGY: Address = 'eigenlayer.strategy.STAKE';
