// The intent auction, the UniswapX pattern for compute. A user signs an intent (an
// ExclusiveDutchOrder) and posts it to the off-chain order book; solvers watch the book and the first
// valid fill on chain wins (Permit2's nonce makes any later fill revert with InvalidNonce).
//
// What the order moves on chain:
// - input: the user's USD (the 6-decimal payment token), decaying UPWARD from the start price to the
//   end price over the decay window. DutchDecayLib floors the distance travelled, so the user pays
//   the lesser amount at every second. The user approves Permit2 once; the input goes to the filler.
// - output: vouchers of the job's GPU model (an ERC-20 per model, one unit = one GPU-second), exactly
//   gpus · ⌈duration⌉, delivered by the filler to the user. The output does not decay (the reactor
//   forbids both sides moving), so an overriding solver delivers ⌈amount · (1 + bps)⌉ instead.
// - exclusivity: an RFQ intent names the solver with the lowest quote; its start price is that quote
//   and the decay starts only after the exclusivity window, during which anyone else must deliver
//   overrideBps more compute (ExclusivityLib). An intent without RFQ starts decaying at once from
//   startPriceFactor · willingness to pay.
// - sourcing: the solver's fill is one transaction (UniswapX executeWithCallback): it buys the
//   compute from a provider on the capacity desk (paying the provider from its own USD, which mints
//   it the vouchers and reserves the provider's GPUs), then the reactor executes the order. The user
//   then redeems (burns) the vouchers to start the job; a provider outage interrupts it.
// Every state change is a transaction; the order book and the RFQ are off chain, as in UniswapX.
// Tokens are conserved: USD only moves between accounts, vouchers are minted by a purchase and
// burned by its redemption, so the vouchers in circulation are the unredeemed purchases.
import { BLOCK_EVENT_PRIORITY } from '../../chain/chain.js';
import type { Receipt } from '../../chain/transaction.js';
import { Revert } from '../../contracts/errors.js';
import type { ExclusiveDutchOrder } from '../../contracts/intents/ExclusiveDutchOrderReactor.js';
import { Permit2 } from '../../contracts/intents/Permit2.js';
import type { OutputToken } from '../../contracts/intents/ReactorStructs.js';
import { checkTransfers, type TokenLedger } from '../../contracts/intents/TokenLedger.js';
import { UINT256_MAX } from '../../contracts/math.js';
import { ERC20 } from '../../contracts/token/ERC20.js';
import type { Address, TxContext } from '../../contracts/types.js';
import { send, type MarketContext } from '../context.js';
import { BlockClock } from '../../chain/blockClock.js';
import { CapacityDesk, type Offer, type Reservation } from './capacityDesk.js';
import { IntentReactor } from './intentReactor.js';
import { microForGpuSecondsToUsdPerGpuHour, usdPerGpuHourToMicro } from '../../units.js';
import { TradeTape } from '../tradeTape.js';

export interface IntentAuctionParams {
  /** GPU models that have a voucher token. */
  readonly gpuModels: readonly string[];
  /** Seconds over which the input rises from its start to its end amount. */
  readonly decayWindow: number;
  readonly startPriceFactor: number;
  readonly endPriceFactor: number;
  /** Seconds after the decay ends during which the intent may still be filled. */
  readonly deadline: number;
  /** Share of intents that go through an RFQ and name its winner as exclusive filler. */
  readonly exclusiveShare: number;
  /** Seconds the exclusive filler is protected before the decay starts. */
  readonly exclusivityWindow: number;
  readonly overrideBps: number;
  /** Seconds a buyer of capacity has to start its job before the provider may sell the GPUs again. */
  readonly redeemWindow: number;
}

/**
 * Gas of this market's methods, which the world lays over the chain's table of ported methods
 * (sim/chain/gasTable.ts), in its magnitudes: executeWithCallback is the
 * reactor's execute (180k) plus the capacity purchase inside it (a USD transfer 50k, a voucher mint
 * ~50k, a reservation record of three fresh slots ~40k); a listing writes four fresh slots on 21k
 * intrinsic; a redemption burns (~30k) and updates the record (~30k); an availability switch writes
 * one slot and touches each reservation it ends; closing or reopening a listing writes one flag.
 */
export const INTENT_AUCTION_GAS = {
  'Reactor.executeWithCallback': 320_000,
  'CapacityDesk.list': 110_000,
  'CapacityDesk.redeem': 80_000,
  'CapacityDesk.setAvailability': 60_000,
  'CapacityDesk.setOpen': 30_000,
} as const;

export const REACTOR: Address = 'uniswapx:reactor';
export const PERMIT2: Address = 'uniswapx:permit2';
export const CAPACITY_DESK: Address = 'intents:capacity-desk';
export const USD_TOKEN: Address = 'token:usd';

export function voucherToken(gpuModel: string): Address {
  return `token:gpu-seconds:${gpuModel}`;
}

/** An intent in the book: the signed order and the job it buys. */
export interface ComputeIntent {
  readonly id: number;
  readonly order: ExclusiveDutchOrder;
  readonly gpuModel: string;
  readonly gpus: number;
  /** The voucher amount the order asks for (gpus · seconds). */
  readonly gpuSeconds: bigint;
}

export interface Fill {
  readonly intent: ComputeIntent;
  readonly solver: Address;
  readonly reservation: Reservation;
  /** USD the user paid (micro-USD). */
  readonly input: bigint;
  /** What the solver paid the provider (micro-USD). */
  readonly capacityCost: bigint;
}

export interface IntentHandlers {
  onFilled(fill: Fill): void;
  /** The deadline passed on chain with no fill. */
  onExpired(): void;
}

/** How a running job's reservation ended: it ran its course, or its provider went down. */
export type JobEndHandler = (reservation: Reservation, interrupted: boolean) => void;

export interface QuoteRequest {
  readonly gpuModel: string;
  readonly gpus: number;
  readonly gpuSeconds: bigint;
  /** The most the user will pay: quotes above it are ignored. */
  readonly maxInput: bigint;
}

/** A solver's ask in micro-USD for a request, or undefined if it would not fill it now. */
export type Quoter = (request: QuoteRequest) => bigint | undefined;

export type IntentListener = (intent: ComputeIntent) => void;
export type CapacityListener = (gpuModel: string) => void;

interface OpenIntent {
  readonly intent: ComputeIntent;
  readonly handlers: IntentHandlers;
}

/** Expiry runs after the block whose timestamp first passes the deadline. */
const AFTER_BLOCK = BLOCK_EVENT_PRIORITY + 1;

export class IntentAuctionMarket {
  readonly reactor: IntentReactor;
  readonly permit2: Permit2;
  readonly desk: CapacityDesk;
  readonly clock: BlockClock;
  readonly #vouchers = new Map<string, ERC20>();
  readonly #ctx: MarketContext;
  readonly #params: IntentAuctionParams;
  readonly #book = new Map<number, OpenIntent>();
  readonly #quoters = new Map<Address, Quoter>();
  readonly #postedListeners: IntentListener[] = [];
  readonly #closedListeners: IntentListener[] = [];
  readonly #capacityListeners: CapacityListener[] = [];
  readonly #running = new Map<number, JobEndHandler>();
  #nextIntentId = 1;

  // Counters the world reads for metrics.
  posted = 0;
  filled = 0;
  expired = 0;
  /** Fills that reverted (lost races, capacity taken, expired). */
  fillReverts = 0;
  /** Running jobs ended by an outage. */
  interruptions = 0;
  /** Micro-USD users paid solvers, and solvers paid providers. */
  inputPaid = 0n;
  capacityPaid = 0n;
  /** GPU-seconds sold through fills. */
  gpuSecondsFilled = 0n;
  /** Every fill, at what the user paid per GPU-hour: the market's clearing prices. */
  readonly trades = new TradeTape();
  /** Every capacity purchase inside a fill, at what the provider was paid per GPU-hour. */
  readonly capacityTrades = new TradeTape();
  /** Micro-USD each provider was paid for capacity. */
  readonly #earned = new Map<Address, bigint>();

  constructor(ctx: MarketContext, params: IntentAuctionParams) {
    checkParams(params);
    this.#ctx = ctx;
    this.#params = params;
    const registry = new Map<Address, TokenLedger>([[USD_TOKEN, ctx.tokens.usd]]);
    for (const model of params.gpuModels) {
      const token = new ERC20(`${model} GPU-second voucher`, `GPUS-${model}`, 0, CAPACITY_DESK);
      this.#vouchers.set(model, token);
      registry.set(voucherToken(model), token);
    }
    this.permit2 = new Permit2(PERMIT2);
    this.reactor = new IntentReactor(REACTOR, this.permit2, registry, ctx.treasury);
    this.desk = new CapacityDesk(CAPACITY_DESK, ctx.tokens.usd, this.#vouchers, params.redeemWindow);
    this.clock = new BlockClock(ctx.kernel, ctx.chain);
  }

  get params(): IntentAuctionParams {
    return this.#params;
  }

  // ---- events ----

  /** Called for every intent posted to the book. */
  onIntentPosted(listener: IntentListener): void {
    this.#postedListeners.push(listener);
  }

  /** Called when an intent leaves the book, filled or expired. */
  onIntentClosed(listener: IntentListener): void {
    this.#closedListeners.push(listener);
  }

  /** Called when GPUs of a model may have come free (a job ended, a hold lapsed, a provider came back or listed). */
  onCapacityFreed(listener: CapacityListener): void {
    this.#capacityListeners.push(listener);
  }

  // ---- views ----

  voucher(gpuModel: string): ERC20 {
    const token = this.#vouchers.get(gpuModel);
    if (token === undefined) throw new RangeError(`no voucher for GPU model ${JSON.stringify(gpuModel)}`);
    return token;
  }

  /** The vouchers of every model, for conservation checks. */
  vouchers(): ReadonlyMap<string, ERC20> {
    return this.#vouchers;
  }

  isOpen(intentId: number): boolean {
    return this.#book.has(intentId);
  }

  /** Intents in the book, oldest first. */
  *openIntents(): Generator<ComputeIntent> {
    for (const open of this.#book.values()) yield open.intent;
  }

  get openCount(): number {
    return this.#book.size;
  }

  /** Micro-USD solvers have paid `provider` for its capacity so far. */
  earnedBy(provider: Address): bigint {
    return this.#earned.get(provider) ?? 0n;
  }

  /** The cheapest capacity for `gpus` GPUs of a model at chain time `timestamp`, less the asker's `pending` purchases. */
  cheapestOffer(gpuModel: string, gpus: number, timestamp: number, pending?: ReadonlyMap<Address, number>): Offer | undefined {
    return this.desk.cheapestOffer(gpuModel, gpus, timestamp, pending);
  }

  // ---- off chain: the order book and the RFQ ----

  /** A solver answers RFQs; one quoter per solver. */
  addQuoter(solver: Address, quoter: Quoter): void {
    this.#quoters.set(solver, quoter);
  }

  /** The lowest quote within the user's limit (ties: the solver registered first), or undefined. */
  requestQuote(request: QuoteRequest): { solver: Address; amount: bigint } | undefined {
    let best: { solver: Address; amount: bigint } | undefined;
    for (const [solver, quoter] of this.#quoters) {
      const amount = quoter(request);
      if (amount === undefined || amount > request.maxInput) continue;
      if (best === undefined || amount < best.amount) best = { solver, amount };
    }
    return best;
  }

  /** Puts a signed intent in the book. Throws a RangeError on an order the book cannot accept. */
  postIntent(order: ExclusiveDutchOrder, gpuModel: string, gpus: number, handlers: IntentHandlers): ComputeIntent {
    const output = this.#checkOrder(order, gpuModel);
    const intent: ComputeIntent = { id: this.#nextIntentId++, order, gpuModel, gpus, gpuSeconds: output.startAmount };
    this.#book.set(intent.id, { intent, handlers });
    this.posted++;
    const expiresAt = this.clock.timeAt(this.clock.firstBlockAfter(Number(order.info.deadline)));
    this.#ctx.kernel.schedule(Math.max(0, expiresAt - this.#ctx.kernel.now()), () => this.#expire(intent.id), AFTER_BLOCK);
    for (const l of this.#postedListeners) l(intent);
    return intent;
  }

  // ---- transactions ----

  /** A user lets Permit2 pull its USD for the intents it signs. */
  approvePermit2(owner: Address, done: (r: Receipt<true>) => void): void {
    send(this.#ctx, owner, 'ERC20.approve', (tx) => this.#ctx.tokens.usd.approve(tx, PERMIT2, UINT256_MAX), done);
  }

  /** A solver lets the reactor pull the vouchers it delivers. */
  approveVouchers(solver: Address, gpuModel: string, done: (r: Receipt<true>) => void): void {
    const token = this.voucher(gpuModel);
    send(this.#ctx, solver, 'ERC20.approve', (tx) => token.approve(tx, REACTOR, UINT256_MAX), done);
  }

  /** A provider offers its GPUs to solvers at `usdPerGpuHour`. */
  listCapacity(provider: Address, gpuModel: string, gpus: number, usdPerGpuHour: number, done: (r: Receipt<void>) => void): void {
    const price = usdPerGpuHourToMicro(usdPerGpuHour);
    send(this.#ctx, provider, 'CapacityDesk.list', (tx) => this.desk.list(tx, gpuModel, gpus, price), (r) => {
      done(r);
      if (r.status === 'success') this.#announceCapacity(gpuModel);
    });
  }

  /** A provider reports an outage (ending the jobs on it) or its repair. */
  setAvailability(provider: Address, up: boolean, done: (r: Receipt<Reservation[]>) => void): void {
    send(this.#ctx, provider, 'CapacityDesk.setAvailability', (tx) => this.desk.setAvailability(tx, up), (r) => {
      done(r);
      if (r.status !== 'success') return;
      for (const reservation of r.value) this.#endJob(reservation, true);
      const model = this.desk.listing(provider)?.gpuModel;
      if (up && model !== undefined) this.#announceCapacity(model);
    });
  }

  /** A provider closes its listing to new purchases (its reservations run to their end) or reopens it. */
  setListingOpen(provider: Address, open: boolean, done: (r: Receipt<boolean>) => void): void {
    send(this.#ctx, provider, 'CapacityDesk.setOpen', (tx) => this.desk.setOpen(tx, open), (r) => {
      done(r);
      const model = this.desk.listing(provider)?.gpuModel;
      if (r.status === 'success' && open && model !== undefined) this.#announceCapacity(model);
    });
  }

  /** A solver fills an intent, buying its compute from `provider` in the same transaction. */
  fill(solver: Address, intent: ComputeIntent, provider: Address, done: (r: Receipt<Fill>) => void): void {
    send(this.#ctx, solver, 'Reactor.executeWithCallback', (tx) => this.#fillWithCapacity(tx, intent, provider), (r) => {
      if (r.status === 'success') this.#filled(r.value);
      else if (r.status === 'reverted') this.fillReverts++;
      done(r);
    }, 'urgent');
  }

  /** The user starts its job: its vouchers are burned and the GPUs run it until `onEnded`. */
  redeem(user: Address, reservationId: number, onEnded: JobEndHandler, done: (r: Receipt<Reservation>) => void): void {
    send(this.#ctx, user, 'CapacityDesk.redeem', (tx) => this.desk.redeem(tx, reservationId), (r) => {
      if (r.status === 'success') this.#startJob(r.value, onEnded);
      done(r);
    });
  }

  // UniswapX BaseReactor.executeWithCallback, with the filler's callback buying the compute: every
  // check of the purchase and of the execution runs before the first write.
  #fillWithCapacity(tx: TxContext, intent: ComputeIntent, provider: Address): Fill {
    const { order } = intent;
    if (order.info.reactor !== this.reactor.address) throw new Revert('InvalidReactor');
    const resolved = this.reactor.resolveFor(tx, order);
    const { info, input } = resolved;
    this.permit2.checkPermitTransfer(BigInt(tx.timestamp), info.swapper, info.nonce, info.deadline, input.amount, input.maxAmount);
    const output = resolved.outputs[0] as OutputToken;
    const voucher = this.voucher(intent.gpuModel);
    if (voucher.allowance(tx.sender, this.reactor.address) < output.amount) throw new Revert('Error', 'TRANSFER_FROM_FAILED');
    const registry = new Map<Address, TokenLedger>([[USD_TOKEN, this.#ctx.tokens.usd]]);
    checkTransfers(registry, [{ token: USD_TOKEN, spender: PERMIT2, from: info.swapper, to: tx.sender, amount: input.amount }]);

    const reservation = this.desk.reserve(tx, provider, intent.gpuModel, intent.gpus, output.amount, output.recipient);
    try {
      this.reactor.execute(tx, order);
    } catch (e) {
      // The checks above are the reactor's own; a revert past them is a bug, and would leave the purchase made.
      throw new Error(`intent ${intent.id}: the reactor reverted after the capacity purchase: ${String(e)}`);
    }
    return { intent, solver: tx.sender, reservation, input: input.amount, capacityCost: reservation.cost };
  }

  #filled(fill: Fill): void {
    this.filled++;
    this.inputPaid += fill.input;
    this.capacityPaid += fill.capacityCost;
    this.gpuSecondsFilled += fill.reservation.gpuSeconds;
    const { reservation } = fill;
    this.#earned.set(reservation.provider, this.earnedBy(reservation.provider) + reservation.cost);
    const trade = { time: this.#ctx.kernel.now(), gpuModel: reservation.gpuModel, seller: reservation.provider, gpus: reservation.gpus };
    this.trades.record({ ...trade, usdPerGpuHour: microForGpuSecondsToUsdPerGpuHour(fill.input, reservation.gpuSeconds) });
    this.capacityTrades.record({ ...trade, usdPerGpuHour: microForGpuSecondsToUsdPerGpuHour(reservation.cost, reservation.gpuSeconds) });
    const open = this.#book.get(fill.intent.id);
    this.#book.delete(fill.intent.id);
    this.#watchRedeemWindow(fill.reservation);
    for (const l of this.#closedListeners) l(fill.intent);
    open?.handlers.onFilled(fill);
  }

  #expire(intentId: number): void {
    const open = this.#book.get(intentId);
    if (open === undefined) return;
    this.#book.delete(intentId);
    this.expired++;
    for (const l of this.#closedListeners) l(open.intent);
    open.handlers.onExpired();
  }

  /** If the buyer never starts its job, the GPUs come free when the redeem window lapses. */
  #watchRedeemWindow(reservation: Reservation): void {
    this.#at(this.clock.firstBlockAfter(reservation.redeemBy), () => {
      if (reservation.startedAt === undefined && reservation.interruptedAt === undefined) this.#announceCapacity(reservation.gpuModel);
    });
  }

  #startJob(reservation: Reservation, onEnded: JobEndHandler): void {
    this.#running.set(reservation.id, onEnded);
    this.#at(reservation.endsAt as number, () => {
      if (reservation.interruptedAt === undefined) this.#endJob(reservation, false);
    });
  }

  #endJob(reservation: Reservation, interrupted: boolean): void {
    const onEnded = this.#running.get(reservation.id);
    if (onEnded === undefined) return;
    this.#running.delete(reservation.id);
    if (interrupted) this.interruptions++;
    else this.#announceCapacity(reservation.gpuModel);
    onEnded(reservation, interrupted);
  }

  /** Runs `fn` when the chain's clock reaches `timestamp` (now, if it already has). */
  #at(timestamp: number, fn: () => void): void {
    this.#ctx.kernel.schedule(Math.max(0, this.clock.timeAt(timestamp) - this.#ctx.kernel.now()), fn);
  }

  #announceCapacity(gpuModel: string): void {
    for (const l of this.#capacityListeners) l(gpuModel);
  }

  /** The shape the book accepts: this reactor, one output of the model's voucher to the swapper, no output decay. */
  #checkOrder(order: ExclusiveDutchOrder, gpuModel: string): { startAmount: bigint } {
    const voucher = voucherToken(gpuModel);
    const [output, ...rest] = order.outputs;
    const problem =
      order.info.reactor !== REACTOR
        ? 'it names another reactor'
        : order.input.token !== USD_TOKEN
          ? 'its input is not USD'
          : output === undefined || rest.length > 0
            ? 'it must have exactly one output'
            : output.token !== voucher || !this.#vouchers.has(gpuModel)
              ? `its output is not the ${gpuModel} voucher`
              : output.recipient !== order.info.swapper
                ? 'its output goes to someone other than the swapper'
                : output.startAmount !== output.endAmount || output.startAmount <= 0n
                  ? 'its output must be a fixed, positive amount'
                  : undefined;
    if (problem !== undefined || output === undefined) throw new RangeError(`intent of ${order.info.swapper} rejected: ${problem}`);
    return output;
  }
}

function checkParams(p: IntentAuctionParams): void {
  const positive = (name: string, v: number): void => {
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`intent auction: ${name} must be a positive number of seconds, got ${v}`);
  };
  positive('decayWindow', p.decayWindow);
  positive('redeemWindow', p.redeemWindow);
  if (!(p.deadline >= 0) || !(p.exclusivityWindow >= 0)) throw new RangeError('intent auction: deadline and exclusivityWindow must be >= 0 seconds');
  if (!(p.startPriceFactor >= 0) || !(p.endPriceFactor >= p.startPriceFactor)) {
    throw new RangeError(`intent auction: need 0 <= startPriceFactor (${p.startPriceFactor}) <= endPriceFactor (${p.endPriceFactor}): the input decays upward`);
  }
  if (!(p.exclusiveShare >= 0 && p.exclusiveShare <= 1)) throw new RangeError(`intent auction: exclusiveShare must be in [0, 1], got ${p.exclusiveShare}`);
  if (!Number.isInteger(p.overrideBps) || p.overrideBps < 0) throw new RangeError(`intent auction: overrideBps must be a whole number >= 0, got ${p.overrideBps}`);
  if (p.gpuModels.length === 0) throw new RangeError('intent auction: at least one GPU model is needed');
}
