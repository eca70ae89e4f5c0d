// A tenant with one job: it deploys an order priced at its willingness to pay, waits a bid window,
// leases the cheapest bid, runs for the job's duration and closes the deployment (escrow refunds what
// is left). With no bid it redeploys, up to its patience or `maxEmptyOrders` orders in a row that
// drew no bid, then gives up. If its lease ends
// early (the provider went down, or the escrow ran dry) it closes and redeploys the rest of the job.
// A lease that ends in the block that made it never ran: the tenant redeploys only within the
// patience of the wait it was part of.
import type { Receipt } from '../chain/transaction.js';
import { bidKey, groupIdIn, orderIdIn, type DeploymentId, type OrderId } from '../contracts/leasing/ids.js';
import type { GroupSpec } from '../contracts/leasing/deployment.js';
import type { LegacyDec } from '../contracts/leasing/LegacyDec.js';
import type { Lease } from '../contracts/leasing/market.js';
import { UINT256_MAX } from '../contracts/math.js';
import type { Address } from '../contracts/types.js';
import type { MarketContext } from '../markets/context.js';
import { cheapestBid, type LeaseAuctionMarket, type LeaseEvents } from '../markets/lease/leaseAuction.js';
import { perBlockToUsdPerGpuHour, usdPerGpuHourToPerBlock } from '../units.js';
import { JobLifecycle, type Job, type JobOutcome, type JobReport } from './job.js';

export interface TenantSettings {
  readonly bidWindow: number;
  /** Deposit as a multiple of the job's expected cost at its maximum price (≥ 1 leaves a margin). */
  readonly depositCover: number;
  readonly minDeposit: bigint;
  /** Orders in a row that may draw no bid before it gives up, whatever its patience. */
  readonly maxEmptyOrders: number;
}

export class TenantAgent implements LeaseEvents {
  readonly address: Address;
  readonly job: Job;
  readonly #ctx: MarketContext;
  readonly #market: LeaseAuctionMarket;
  readonly #settings: TenantSettings;
  readonly #life: JobLifecycle;
  #dseq = 0;
  #deployment: DeploymentId | null = null;
  #order: OrderId | null = null;
  #leasedAt = NaN;
  /** The deployment whose lease the tenant has heard start (its receipt arrived), at #leasedAt. */
  #leasedFor: DeploymentId | null = null;
  /** Bids whose lease failed: gone, or refused by the market (made at the first refusal: most tenants have none). */
  #refused: Set<string> | undefined;
  /** Orders in a row that drew no bid. */
  #emptyOrders = 0;
  #maxPerBlockOnce: LegacyDec | undefined;
  /** What each of its orders asks for: the same for every redeployment (a contract keeps it as given, read-only). */
  #specOnce: GroupSpec | undefined;

  constructor(ctx: MarketContext, market: LeaseAuctionMarket, address: Address, job: Job, settings: TenantSettings, report: (r: JobReport) => void) {
    this.#ctx = ctx;
    this.#market = market;
    this.address = address;
    this.job = job;
    this.#settings = settings;
    this.#life = new JobLifecycle(ctx.kernel, job, report);
  }

  /** The tenant's budget: what it must hold to deploy the whole job at its maximum price. */
  budget(): bigint {
    return this.#depositFor(this.job.duration);
  }

  start(): void {
    // The tenant is its own listener: no closure per tenant kept alive for the whole job.
    this.#market.subscribe(this.address, this);
    // One unlimited approval (OpenZeppelin v5 never decrements it) covers every redeployment; the
    // tenant's wallet holds only its budget, which bounds what the escrow can pull.
    this.#market.approveEscrow(this.address, UINT256_MAX, (r) => {
      if (r.status !== 'success') return this.#finish('failed');
      this.#deploy();
    });
  }

  /** The job's maximum price per block, its willingness to pay for its GPUs: fixed for the tenant's life, converted once. */
  #maxPerBlock(): LegacyDec {
    return (this.#maxPerBlockOnce ??= usdPerGpuHourToPerBlock(this.job.wtpPerGpuHour, this.job.gpus, this.#ctx.chain.blockTime));
  }

  #depositFor(seconds: number): bigint {
    const blocks = Math.ceil(seconds / this.#ctx.chain.blockTime);
    const cost = this.#maxPerBlock().mulInt(BigInt(blocks)).truncateInt();
    const covered = BigInt(Math.ceil(Number(cost) * this.#settings.depositCover));
    return covered > this.#settings.minDeposit ? covered : this.#settings.minDeposit;
  }

  #spec(): GroupSpec {
    const { job } = this;
    return (this.#specOnce ??= { name: `job-${job.id}`, gpuModel: job.gpuModel, gpus: job.gpus, count: 1, price: this.#maxPerBlock() });
  }

  #deploy(): void {
    const dseq = ++this.#dseq;
    this.#market.createDeployment(this.address, dseq, this.#spec(), this.#depositFor(this.#life.remaining), (r) => {
      // The deposit could not be paid (a wallet short after a lease that ran for nothing): the user
      // leaves as one who cannot pay does in every market, unserved if the job never ran.
      if (r.status !== 'success') return this.#finish(this.#life.giveUpOutcome);
      this.#deployment = r.value;
      this.#order = orderIdIn(groupIdIn(r.value, 1), 1);
      this.#ctx.kernel.schedule(this.#settings.bidWindow, () => this.#pickBid());
    });
  }

  #pickBid(): void {
    if (this.#life.done || this.#order === null) return;
    const open = this.#market.openBids(this.#order);
    // Most tenants were never refused a lease: no key to build for each of their bids.
    const refused = this.#refused;
    const best = cheapestBid(refused === undefined ? open : open.filter((bid) => !refused.has(bidKey(bid.id))));
    if (best !== undefined) {
      // The order drew a bid: a run of orders that drew none is over, whether or not the lease lasts.
      this.#emptyOrders = 0;
      const price = perBlockToUsdPerGpuHour(best.price, this.job.gpus, this.#ctx.chain.blockTime);
      const deployment = this.#deployment;
      this.#market.createLease(this.address, best.id, (r) => {
        // A bid the market refused to lease is not tried again; the next look takes the next bid.
        if (r.status !== 'success') (this.#refused ??= new Set()).add(bidKey(best.id));
        // The lease ended in the block that made it, before this receipt: the end has been handled.
        if (this.#deployment !== deployment) return;
        this.#onLeased(r, price);
      });
      return;
    }
    // Providers hear of an order once, when it opens, so waiting longer on this one brings no new
    // bid: the tenant redeploys (a fresh order, announced again) until its patience runs out.
    // A tenant no provider will serve (every ask above its price) stops after maxEmptyOrders, rather
    // than post one order a window for as long as a patience of years lasts.
    this.#emptyOrders += 1;
    if (this.#emptyOrders >= this.#settings.maxEmptyOrders) return this.#giveUp();
    if (this.#outlastsPatience()) return this.#giveUp();
    this.#close(() => this.#deploy());
  }

  /** Whether a new order's bid window would end after the current wait has outlasted the job's patience. */
  #outlastsPatience(): boolean {
    return this.#ctx.kernel.now() + this.#settings.bidWindow - this.#life.waitingSince > this.job.patience;
  }

  #onLeased(r: Receipt<void>, price: number): void {
    // The bid went away between the look and the lease (its provider went down): look again now.
    if (r.status !== 'success') return this.#pickBid();
    this.#leasedAt = this.#ctx.kernel.now();
    this.#leasedFor = this.#deployment;
    this.#life.running();
    this.#life.paid(price);
    const deployment = this.#deployment;
    this.#ctx.kernel.schedule(this.#life.remaining, () => {
      if (this.#deployment !== deployment || this.#life.done) return;
      this.#close(() => this.#finish('completed'));
    });
  }

  /** Heard from the market when a lease of this tenant stops being active. */
  leaseEnded(lease: Lease): void {
    const mine = this.#deployment;
    if (this.#life.done || mine === null || lease.id.dseq !== mine.dseq) return;
    // Ended before the job did: the provider closed it, or the escrow ran dry. The wait for a new
    // lease is held to the same patience as the first. A lease that ended before its receipt
    // reached the tenant (the same block) never ran: a purchase lost, as when an intent's provider
    // fails before the job starts, and the wait it was part of goes on.
    if (this.#leasedFor === mine) {
      this.#life.interrupted(this.#ctx.kernel.now() - this.#leasedAt);
      return this.#close(() => (this.#life.remaining > 0 ? this.#deploy() : this.#finish('completed')));
    }
    this.#life.purchaseLost();
    if (this.#outlastsPatience()) return this.#giveUp();
    this.#close(() => this.#deploy());
  }

  /** Out of patience: never started is unserved; cut short and not restarted is failed. */
  #giveUp(): void {
    this.#close(() => this.#finish(this.#life.giveUpOutcome));
  }

  /** Closes the current deployment (refunding its escrow); a deployment already closed by an overdraft is fine. */
  #close(then: () => void): void {
    const deployment = this.#deployment;
    this.#deployment = null;
    this.#order = null;
    if (deployment === null) return then();
    this.#market.closeDeployment(this.address, deployment, then);
  }

  #finish(outcome: JobOutcome): void {
    if (this.#life.finish(outcome)) this.#market.unsubscribe(this.address);
  }
}
