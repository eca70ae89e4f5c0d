// Reactor fill rules (contracts spec §3.1-§3.4): first valid fill wins and is the only one, the
// exclusive filler's window, the 5 bps protocol-fee cap, and token conservation through real ERC-20
// ledgers. Every failing fill must leave balances and the order's nonce exactly as they were.
import { beforeEach, describe, expect, it } from 'vitest';
import { errorNameOf, type Revert } from '../../../sim/contracts/errors.js';
import { UINT256_MAX } from '../../../sim/contracts/math.js';
import { ExclusiveDutchOrderReactor, type ExclusiveDutchOrder } from '../../../sim/contracts/intents/ExclusiveDutchOrderReactor.js';
import { packUint16Array } from '../../../sim/contracts/intents/NonlinearDutchDecayLib.js';
import { Permit2 } from '../../../sim/contracts/intents/Permit2.js';
import type { OutputToken } from '../../../sim/contracts/intents/ReactorStructs.js';
import { V3DutchOrderReactor, type V3DutchOrder } from '../../../sim/contracts/intents/V3DutchOrderReactor.js';
import { ERC20 } from '../../../sim/contracts/token/ERC20.js';
import { ZERO_ADDRESS, type TxContext } from '../../../sim/contracts/types.js';

const MINTER = '0xminter';
const SWAPPER = '0xswapper';
const RFQ_WINNER = '0xrfq';
const RIVAL = '0xrival';
const FEE_OWNER = '0xfeeowner';
const FEE_RECIPIENT = '0xfees';
const INPUT = '0xinputtoken';
const OUTPUT = '0xoutputtoken';

const at = (sender: string, timestamp: number, block = 1): TxContext => ({ sender, timestamp, block });

let tokens: Map<string, ERC20>;
let permit2: Permit2;
let reactor: ExclusiveDutchOrderReactor;

function fund(token: string, account: string, amount: bigint): void {
  (tokens.get(token) as ERC20).mint(at(MINTER, 0), account, amount);
}

function balances(): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [symbol, token] of tokens) {
    for (const account of [SWAPPER, RFQ_WINNER, RIVAL, FEE_RECIPIENT]) out[`${symbol}:${account}`] = token.balanceOf(account);
  }
  return out;
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return errorNameOf(e);
  }
  return 'no revert';
}

/** Sells 1000 input for an output that decays from 2000 to 1000 over [100, 200]. */
function order(overrides: Partial<ExclusiveDutchOrder> = {}): ExclusiveDutchOrder {
  return {
    info: { reactor: '0xreactor', swapper: SWAPPER, nonce: 7n, deadline: 300n },
    decayStartTime: 100n,
    decayEndTime: 200n,
    exclusiveFiller: RFQ_WINNER,
    exclusivityOverrideBps: 0n,
    input: { token: INPUT, startAmount: 1000n, endAmount: 1000n },
    outputs: [{ token: OUTPUT, startAmount: 2000n, endAmount: 1000n, recipient: SWAPPER }],
    ...overrides,
  };
}

beforeEach(() => {
  tokens = new Map([INPUT, OUTPUT].map((t) => [t, new ERC20(t, t, 18, MINTER)]));
  permit2 = new Permit2('0xpermit2');
  reactor = new ExclusiveDutchOrderReactor('0xreactor', permit2, tokens, FEE_OWNER);
  fund(INPUT, SWAPPER, 10_000n);
  fund(OUTPUT, RFQ_WINNER, 10_000n);
  fund(OUTPUT, RIVAL, 10_000n);
  // The swapper approves Permit2 once; fillers approve the reactor that pulls their outputs.
  (tokens.get(INPUT) as ERC20).approve(at(SWAPPER, 0), permit2.address, UINT256_MAX);
  for (const filler of [RFQ_WINNER, RIVAL]) (tokens.get(OUTPUT) as ERC20).approve(at(filler, 0), reactor.address, UINT256_MAX);
});

describe('a fill', () => {
  it('moves the decayed amounts: input swapper -> filler, output filler -> recipient', () => {
    const before = balances();
    // At t = 150 the output has decayed halfway, to 1500; the window is over, so anyone may fill.
    const resolved = reactor.execute(at(RIVAL, 150), order());
    expect(resolved.outputs).toEqual([{ token: OUTPUT, amount: 1500n, recipient: SWAPPER }]);
    const after = balances();
    expect(after[`${INPUT}:${SWAPPER}`]).toBe((before[`${INPUT}:${SWAPPER}`] as bigint) - 1000n);
    expect(after[`${INPUT}:${RIVAL}`]).toBe(1000n);
    expect(after[`${OUTPUT}:${RIVAL}`]).toBe(10_000n - 1500n);
    expect(after[`${OUTPUT}:${SWAPPER}`]).toBe(1500n);
  });

  it('happens exactly once: a second fill of the nonce reverts with InvalidNonce and moves nothing', () => {
    reactor.execute(at(RIVAL, 150), order());
    const afterFirst = balances();
    expect(failure(() => reactor.execute(at(RFQ_WINNER, 160), order()))).toBe('InvalidNonce');
    expect(balances()).toEqual(afterFirst);
    // A different nonce of the same swapper is a different order.
    reactor.execute(at(RFQ_WINNER, 160), order({ info: { ...order().info, nonce: 8n } }));
  });

  it('cannot happen once the swapper cancels the nonce', () => {
    permit2.invalidateUnorderedNonces(at(SWAPPER, 10), 0n, 1n << 7n);
    expect(failure(() => reactor.execute(at(RIVAL, 150), order()))).toBe('InvalidNonce');
  });

  it('that fails part-way changes no balance and leaves the nonce usable', () => {
    // The rival cannot pay a second output of 20,000, so the input must not move either.
    const extra = { token: OUTPUT, startAmount: 20_000n, endAmount: 20_000n, recipient: SWAPPER };
    const greedy = order({ outputs: [...order().outputs, extra] });
    const before = balances();
    try {
      reactor.execute(at(RIVAL, 250), greedy);
      expect.unreachable();
    } catch (e) {
      // solmate SafeTransferLib turns the ledger's failure into require("TRANSFER_FROM_FAILED").
      expect(errorNameOf(e)).toBe('Error');
      expect((e as Revert).args).toEqual(['TRANSFER_FROM_FAILED']);
    }
    expect(balances()).toEqual(before);
    expect(permit2.isNonceUsed(SWAPPER, 7n)).toBe(false);
    reactor.execute(at(RIVAL, 250), order());
  });

  it('conserves every token: supplies unchanged and balances sum to them', () => {
    reactor.execute(at(RFQ_WINNER, 50), order());
    reactor.execute(at(RIVAL, 199), order({ info: { ...order().info, nonce: 9n } }));
    for (const token of tokens.values()) {
      const sum = [...token.holders().values()].reduce((a, b) => a + b, 0n);
      expect(sum).toBe(token.totalSupply);
    }
    expect((tokens.get(INPUT) as ERC20).totalSupply).toBe(10_000n);
    expect((tokens.get(OUTPUT) as ERC20).totalSupply).toBe(20_000n);
  });
});

describe('validation', () => {
  it('checks the deadline against the decay end and the clock', () => {
    expect(failure(() => reactor.execute(at(RIVAL, 150), order({ info: { ...order().info, deadline: 199n } })))).toBe('DeadlineBeforeEndTime');
    expect(failure(() => reactor.execute(at(RIVAL, 301), order()))).toBe('SignatureExpired');
    reactor.execute(at(RIVAL, 300), order());
  });

  it('lets only one side decay, and only in the swapper-safe direction', () => {
    const both = order({ input: { token: INPUT, startAmount: 900n, endAmount: 1000n } });
    expect(failure(() => reactor.execute(at(RIVAL, 150), both))).toBe('InputAndOutputDecay');
    const risingOutput = order({ outputs: [{ token: OUTPUT, startAmount: 1000n, endAmount: 2000n, recipient: SWAPPER }] });
    expect(failure(() => reactor.execute(at(RIVAL, 150), risingOutput))).toBe('IncorrectAmounts');
  });

  it('refuses an order addressed to another reactor', () => {
    expect(failure(() => reactor.execute(at(RIVAL, 150), order({ info: { ...order().info, reactor: '0xother' } })))).toBe('InvalidReactor');
  });
});

describe('the exclusivity window (ends at decayStartTime = 100)', () => {
  it('belongs to the RFQ winner at the start price, through t = 100 inclusive', () => {
    expect(reactor.execute(at(RFQ_WINNER, 100), order()).outputs[0]?.amount).toBe(2000n);
  });

  it('is closed to others under strict exclusivity until it ends', () => {
    const before = balances();
    expect(failure(() => reactor.execute(at(RIVAL, 100), order()))).toBe('NoExclusiveOverride');
    expect(balances()).toEqual(before);
    // One second later the Dutch auction is open to all.
    expect(reactor.execute(at(RIVAL, 101), order()).outputs[0]?.amount).toBe(1990n);
  });

  it('is open to others who pay the override, rounded up', () => {
    // 2000 * 1.3 = 2600 exactly; 1999 * 1.3 = 2598.7 -> 2599.
    expect(reactor.execute(at(RIVAL, 60), order({ exclusivityOverrideBps: 3000n })).outputs[0]?.amount).toBe(2600n);
    const odd = order({ exclusivityOverrideBps: 3000n, info: { ...order().info, nonce: 11n }, outputs: [{ token: OUTPUT, startAmount: 1999n, endAmount: 1999n, recipient: SWAPPER }] });
    expect(reactor.execute(at(RIVAL, 60), odd).outputs[0]?.amount).toBe(2599n);
  });
});

describe('protocol fees (MAX_FEE_BPS = 5)', () => {
  const feeOf = (amount: bigint): OutputToken[] => [{ token: OUTPUT, amount, recipient: FEE_RECIPIENT }];

  it('only the fee owner sets the controller', () => {
    expect(failure(() => reactor.setProtocolFeeController(at(RIVAL, 0), () => []))).toBe('Error');
  });

  it('pays a fee of exactly 5 bps of the output', () => {
    // Output 1500 at t = 150: floor(1500 * 5 / 10000) = 0, so use a larger order: 2,000,000 -> 1000.
    reactor.setProtocolFeeController(at(FEE_OWNER, 0), () => feeOf(1000n));
    fund(OUTPUT, RIVAL, 2_000_000n);
    const big = order({ outputs: [{ token: OUTPUT, startAmount: 2_000_000n, endAmount: 2_000_000n, recipient: SWAPPER }] });
    const resolved = reactor.execute(at(RIVAL, 150), big);
    expect(resolved.outputs).toHaveLength(2);
    expect((tokens.get(OUTPUT) as ERC20).balanceOf(FEE_RECIPIENT)).toBe(1000n);
  });

  it('rejects a fee one wei above the cap, a duplicate fee token and a fee in a token the order does not move', () => {
    fund(OUTPUT, RIVAL, 2_000_000n);
    const big = order({ outputs: [{ token: OUTPUT, startAmount: 2_000_000n, endAmount: 2_000_000n, recipient: SWAPPER }] });
    const before = balances();
    reactor.setProtocolFeeController(at(FEE_OWNER, 0), () => feeOf(1001n));
    expect(failure(() => reactor.execute(at(RIVAL, 150), big))).toBe('FeeTooLarge');
    reactor.setProtocolFeeController(at(FEE_OWNER, 0), () => [...feeOf(1n), ...feeOf(1n)]);
    expect(failure(() => reactor.execute(at(RIVAL, 150), big))).toBe('DuplicateFeeOutput');
    reactor.setProtocolFeeController(at(FEE_OWNER, 0), () => [{ token: '0xunrelated', amount: 1n, recipient: FEE_RECIPIENT }]);
    expect(failure(() => reactor.execute(at(RIVAL, 150), big))).toBe('InvalidFeeToken');
    expect(balances()).toEqual(before);
  });
});

describe('V3 reactor (block-based decay, cosigner, gas adjustment)', () => {
  let v3: V3DutchOrderReactor;
  beforeEach(() => {
    v3 = new V3DutchOrderReactor('0xv3', permit2, tokens, FEE_OWNER);
    (tokens.get(OUTPUT) as ERC20).approve(at(RIVAL, 0), v3.address, UINT256_MAX);
  });

  const curve = { relativeBlocks: packUint16Array([100]), relativeAmounts: [1000n] };
  const v3Order = (overrides: Partial<V3DutchOrder> = {}): V3DutchOrder => ({
    info: { reactor: '0xv3', swapper: SWAPPER, nonce: 1n, deadline: 1000n },
    cosigner: '0xcosigner',
    startingBaseFee: 10_000_000_000n,
    baseInput: { token: INPUT, startAmount: 1000n, curve: { relativeBlocks: 0n, relativeAmounts: [] }, maxAmount: 1000n, adjustmentPerGweiBaseFee: 0n },
    baseOutputs: [{ token: OUTPUT, startAmount: 2000n, curve, recipient: SWAPPER, minAmount: 0n, adjustmentPerGweiBaseFee: 0n }],
    cosignerData: { decayStartBlock: 50n, exclusiveFiller: ZERO_ADDRESS, exclusivityOverrideBps: 0n, inputAmount: 0n, outputAmounts: [0n] },
    ...overrides,
  });
  const v3At = (block: number, baseFee = 10_000_000_000n) => ({ ...at(RIVAL, 500, block), baseFee });

  it('decays the output along the block curve and fills once', () => {
    // 25 of 100 blocks into a 1000 decrease: 2000 - 250.
    expect(v3.execute(v3At(75), v3Order()).outputs[0]?.amount).toBe(1750n);
    expect(failure(() => v3.execute(v3At(76), v3Order()))).toBe('InvalidNonce');
  });

  it('lowers the output when gas got dearer since signing', () => {
    const adjusted = v3Order({ baseOutputs: [{ ...(v3Order().baseOutputs[0] as V3DutchOrder['baseOutputs'][number]), adjustmentPerGweiBaseFee: 10n }] });
    // +2 gwei at 10 per gwei: start 2000 -> 1980, then 25% of the 1000 decrease: 1730.
    expect(v3.execute(v3At(75, 12_000_000_000n), adjusted).outputs[0]?.amount).toBe(1730n);
  });

  it('checks the deadline and the cosigner amounts', () => {
    expect(failure(() => v3.execute({ ...v3At(75), timestamp: 1001 }, v3Order()))).toBe('DeadlineReached');
    const cosigned = (inputAmount: bigint, outputAmounts: bigint[]) => v3Order({ cosignerData: { ...v3Order().cosignerData, inputAmount, outputAmounts } });
    expect(failure(() => v3.execute(v3At(75), cosigned(1001n, [0n])))).toBe('InvalidCosignerInput');
    expect(failure(() => v3.execute(v3At(75), cosigned(0n, [1999n])))).toBe('InvalidCosignerOutput');
    expect(failure(() => v3.execute(v3At(75), cosigned(0n, [])))).toBe('InvalidCosignerOutput');
    // A better cosigned price is honoured: output start 2400, 25% of the 1000 decrease.
    expect(v3.execute(v3At(75), cosigned(900n, [2400n])).outputs[0]?.amount).toBe(2150n);
  });
});
