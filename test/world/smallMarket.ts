// The small market scenario of fixtures/small-market.yaml, loaded and expanded as the runner does.
import { expandRuns, loadScenario } from '../../sim/scenario/index.js';
import type { RunSpec } from '../../sim/scenario/runSpec.js';
import type { WorldParams } from '../../sim/world/params.js';

export const SMALL_MARKET = 'test/world/fixtures/small-market.yaml';

export function smallMarketSpec(): RunSpec {
  const loaded = loadScenario(SMALL_MARKET);
  if (!loaded.ok) throw new Error(`${SMALL_MARKET} does not load: ${JSON.stringify(loaded.problems)}`);
  return expandRuns(loaded.scenario)[0]!;
}

export function smallMarketParams(): WorldParams {
  return smallMarketSpec().params as unknown as WorldParams;
}
