// The M/M/c queue as a model on the Kernel interface: Poisson arrivals, exponential service, c
// servers, first come first served. Its steady state has a closed form (Erlang C), so it validates
// a kernel end to end. Arrival gaps and service times come from two named streams, and service
// times are drawn in service-start order, which is customer order: the sample path depends only
// on the seed, never on the kernel.
//
// What it measures, over the window from the first measured customer's arrival to the last
// departure: per customer, the wait, the time in system and whether it waited at all; over time,
// the number in system and the number waiting, integrated over the window and divided by its
// length (time averages, so that Little's law L = λW is something to check, not a definition).
import { TimeAverage } from '../analysis/timeAverage.js';
import { runWithinBudget, type RunControl, type StoppedEarly } from '../engine/budget.js';
import { createKernel, streams, type Kernel, type KernelKind } from '../engine/index.js';
import { SeriesSampler, type QueueSeries } from './seriesSampler.js';
import { TimeQueue } from './timeQueue.js';

export interface MmcParams {
  lambda: number;
  mu: number;
  servers: number;
  customers: number;
  /** Customers at the start left out of the statistics (default 0). */
  warmup?: number;
  kernel?: 'simjs' | 'heap';
}

export interface MmcResult {
  /** Mean wait in queue of the measured customers. */
  meanWait: number;
  /** Mean time in system (wait plus service) of the measured customers. */
  meanSystemTime: number;
  /** Share of the measured customers who found every server busy and waited. */
  waitProbability: number;
  /** Time average of the number in system (waiting or in service) over the window. */
  meanInSystem: number;
  /** Time average of the number waiting over the window. */
  meanInQueue: number;
  /** Seconds from the first measured arrival to the last departure. */
  window: number;
  /** Busy server time over servers × elapsed time, from the first measured arrival to the end. */
  utilization: number;
  /** Customers served, warm-up included. */
  served: number;
  /** Kernel events processed. */
  events: number;
  series: QueueSeries;
  /** Where the run stood if its budget ended it before the last customer left. */
  stopped?: StoppedEarly;
}

/** What may end a run before its last customer leaves: an event budget, and the caller's wall clock. */
export interface MmcBudget {
  readonly maxEvents: number;
  readonly control?: RunControl;
}

const SERIES_POINTS = 200;
/** Departures run before same-time arrivals, so a freed server is seen by the arrival. */
const DEPARTURE_PRIORITY = 0;
const ARRIVAL_PRIORITY = 1;

export function runMmc(params: MmcParams, seed: string, budget: MmcBudget = { maxEvents: Number.POSITIVE_INFINITY }): MmcResult {
  checkParams(params);
  const { lambda, mu, servers, customers } = params;
  const warmup = params.warmup ?? 0;
  const kind: KernelKind = params.kernel ?? 'simjs';
  const kernel: Kernel = createKernel(kind);
  const random = streams(seed);
  const arrivalStream = random.get('arrivals');
  const serviceStream = random.get('service');
  // The run lasts about customers/λ: spread half the point budget over that, so that only a run
  // twice as long as expected makes the sampler thin its points.
  const sampler = new SeriesSampler(customers / lambda / (SERIES_POINTS / 2), SERIES_POINTS);

  const waiting = new TimeQueue();
  let arrived = 0;
  let started = 0;
  let served = 0;
  let busy = 0;
  let measured = 0;
  let measuredWait = 0;
  let measuredSystemTime = 0;
  let measuredWaited = 0;
  let windowStart = NaN;
  let busyArea = 0;
  let lastChange = 0;
  let inSystem: TimeAverage | undefined;
  let inQueue: TimeAverage | undefined;

  const recordState = (): void => {
    const now = kernel.now();
    sampler.observe(now, waiting.length, busy);
    if (!Number.isNaN(windowStart)) busyArea += busy * (now - lastChange);
    lastChange = now;
  };
  /** After every change of state: the number in system and waiting hold from now on. */
  const track = (): void => {
    inSystem?.set(kernel.now(), busy + waiting.length);
    inQueue?.set(kernel.now(), waiting.length);
  };

  // Customers start service in arrival order, so the next to start is always customer `started`.
  const startService = (arrivalTime: number): void => {
    const customer = started++;
    const wait = kernel.now() - arrivalTime;
    const service = serviceStream.exponential(mu);
    kernel.schedule(service, () => depart(customer, wait, service), DEPARTURE_PRIORITY);
  };

  const depart = (customer: number, wait: number, service: number): void => {
    recordState();
    served++;
    if (customer >= warmup) {
      measured++;
      measuredWait += wait;
      measuredSystemTime += wait + service;
      if (wait > 0) measuredWaited++;
    }
    if (waiting.length > 0) startService(waiting.shift());
    else busy--;
    track();
    if (served === customers) kernel.stop();
  };

  const arrive = (): void => {
    recordState();
    if (arrived++ === warmup) {
      windowStart = kernel.now();
      lastChange = windowStart;
      inSystem = new TimeAverage(windowStart, busy + waiting.length);
      inQueue = new TimeAverage(windowStart, waiting.length);
    }
    if (busy < servers) {
      busy++;
      startService(kernel.now());
    } else {
      waiting.push(kernel.now());
    }
    track();
    if (arrived < customers) kernel.schedule(arrivalStream.exponential(lambda), arrive, ARRIVAL_PRIORITY);
  };

  kernel.schedule(arrivalStream.exponential(lambda), arrive, ARRIVAL_PRIORITY);
  // No horizon: the last departure stops the run.
  const stopped = runWithinBudget(kernel, Number.MAX_VALUE, budget.maxEvents, budget.control);
  recordState();

  // A run its budget ended early averages over the measured customers that left (none: NaN).
  const end = kernel.now();
  const elapsed = end - windowStart;
  return {
    meanWait: measuredWait / measured,
    meanSystemTime: measuredSystemTime / measured,
    waitProbability: measuredWaited / measured,
    // A run its budget stopped before the first measured arrival has no window to average over.
    meanInSystem: inSystem?.mean(end) ?? Number.NaN,
    meanInQueue: inQueue?.mean(end) ?? Number.NaN,
    window: elapsed,
    utilization: elapsed > 0 ? busyArea / (servers * elapsed) : 0,
    served,
    events: kernel.eventsProcessed,
    series: sampler.series(),
    ...(stopped ? { stopped } : {}),
  };
}

function checkParams(params: MmcParams): void {
  const { lambda, mu, servers, customers, warmup = 0, kernel = 'simjs' } = params;
  const fail = (message: string): never => {
    throw new RangeError(`M/M/c: ${message}`);
  };
  if (!(lambda > 0) || !Number.isFinite(lambda)) fail(`lambda must be a finite number > 0, got ${lambda}`);
  if (!(mu > 0) || !Number.isFinite(mu)) fail(`mu must be a finite number > 0, got ${mu}`);
  if (!Number.isInteger(servers) || servers < 1) fail(`servers must be a positive integer, got ${servers}`);
  if (!Number.isInteger(customers) || customers < 1) fail(`customers must be a positive integer, got ${customers}`);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup >= customers) {
    fail(`warmup must be an integer in [0, customers), got ${warmup}`);
  }
  if (kernel !== 'simjs' && kernel !== 'heap') fail(`kernel must be "simjs" or "heap", got ${String(kernel)}`);
}
