// One source for every gas figure: the chain's table prices the ported contracts' methods, each
// market prices its own methods beside itself, and the world lays the running market's table (and
// the security market's) over the chain's, with the scenario's chain.gas entries over all.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAS_TABLE, gasOf, type GasTable } from '../../sim/chain/gasTable.js';
import { INTENT_AUCTION_GAS } from '../../sim/markets/intents/intentAuction.js';
import { POSTED_PRICE_GAS } from '../../sim/markets/posted/postedPrice.js';
import { SECURITY_GAS } from '../../sim/markets/security/securityMarket.js';
import { createWorldContext } from '../../sim/world/worldContext.js';
import type { WorldParams } from '../../sim/world/params.js';
import { smallMarketParams } from './smallMarket.js';

/** The contracts ported under sim/contracts (ERC-20, EigenLayer, Akash, UniswapX), as gas keys name them. */
const PORTED = ['ERC20', 'AllocationManager', 'DelegationManager', 'StrategyManager', 'Provider', 'Deployment', 'Market', 'Escrow', 'Reactor'];
const contractOf = (method: string): string => method.split('.')[0]!;

const MARKETS: Record<string, GasTable> = { INTENT_AUCTION_GAS, POSTED_PRICE_GAS, SECURITY_GAS };

describe('gas tables', () => {
  it("has the chain price only the ported contracts' methods", () => {
    expect(Object.keys(DEFAULT_GAS_TABLE).filter((method) => !PORTED.includes(contractOf(method)))).toEqual([]);
  });

  it("prices each of the lab's own methods once, in its market's table, and repeats no chain figure differently", () => {
    for (const [name, table] of Object.entries(MARKETS)) {
      for (const [method, gas] of Object.entries(table)) {
        if (method in DEFAULT_GAS_TABLE) expect(gas, `${name} ${method}`).toBe(DEFAULT_GAS_TABLE[method]);
      }
    }
    // The methods a market adds are nowhere else.
    expect(Object.keys(INTENT_AUCTION_GAS).filter((m) => m in DEFAULT_GAS_TABLE)).toEqual([]);
    expect(Object.keys(POSTED_PRICE_GAS).filter((m) => m in DEFAULT_GAS_TABLE)).toEqual([]);
    expect(Object.keys(SECURITY_GAS).filter((m) => m in DEFAULT_GAS_TABLE)).toEqual([]);
  });

  const chainOf = (params: WorldParams) => createWorldContext(params, 'gas', 'heap').chain;
  const withMarket = (kind: WorldParams['market']['kind'], gas: Record<string, number> = {}): WorldParams => {
    const params = smallMarketParams();
    return { ...params, market: { ...params.market, kind }, chain: { ...params.chain, gas } };
  };

  it("lays the running market's table and the security market's over the chain's, and the scenario's entries over all", () => {
    const posted = chainOf(withMarket('posted-price', { 'PostedPrice.buy': 123_456, 'ERC20.transfer': 70_000 }));
    expect(gasOf(posted.gasTable, 'PostedPrice.buy')).toBe(123_456);
    expect(gasOf(posted.gasTable, 'PostedPrice.poke')).toBe(POSTED_PRICE_GAS['PostedPrice.poke']);
    expect(gasOf(posted.gasTable, 'ERC20.transfer')).toBe(70_000);
    expect(gasOf(posted.gasTable, 'ContagionLedger.slash')).toBe(SECURITY_GAS['ContagionLedger.slash']);
    expect(() => gasOf(posted.gasTable, 'CapacityDesk.list')).toThrow(/no gas cost for method 'CapacityDesk.list'/);

    const intents = chainOf(withMarket('intent-auction'));
    expect(gasOf(intents.gasTable, 'Reactor.executeWithCallback')).toBe(INTENT_AUCTION_GAS['Reactor.executeWithCallback']);
    expect(gasOf(intents.gasTable, 'Reactor.execute')).toBe(DEFAULT_GAS_TABLE['Reactor.execute']);

    const lease = chainOf(withMarket('lease-auction'));
    expect(gasOf(lease.gasTable, 'Market.createLease')).toBe(DEFAULT_GAS_TABLE['Market.createLease']);
    expect(() => gasOf(lease.gasTable, 'PostedPrice.buy')).toThrow(RangeError);
  });
});
