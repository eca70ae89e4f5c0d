// Closed forms of the M/M/c queue (Erlang B and C), the yardstick for the event kernel.
// Notation: arrival rate λ, service rate μ of one server, c servers, offered load a = λ/μ,
// utilization ρ = a/c, which must be below 1 for a steady state to exist.

export interface MmcSteadyState {
  /** Utilization of each server, ρ = λ/(cμ). */
  rho: number;
  /** Erlang C: probability that an arriving customer waits. */
  waitProbability: number;
  /** Mean wait in queue Wq. */
  wq: number;
  /** Mean number waiting Lq. */
  lq: number;
  /** Mean time in system W = Wq + 1/μ. */
  w: number;
  /** Mean number in system L = λW (Little's law). */
  l: number;
}

/** Erlang B blocking probability for c servers and offered load a, by the stable recursion. */
export function erlangB(servers: number, offeredLoad: number): number {
  checkServers(servers);
  if (!(offeredLoad > 0) || !Number.isFinite(offeredLoad)) {
    throw new RangeError(`offered load must be a finite number > 0, got ${offeredLoad}`);
  }
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/** Erlang C probability of waiting, C(c, a) = c·B / (c − a·(1 − B)); needs a < c. */
export function erlangC(servers: number, offeredLoad: number): number {
  const b = erlangB(servers, offeredLoad);
  if (offeredLoad >= servers) {
    throw new RangeError(`the queue is unstable: offered load ${offeredLoad} >= ${servers} servers`);
  }
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

export function mmcSteadyState(lambda: number, mu: number, servers: number): MmcSteadyState {
  checkRate('arrival rate', lambda);
  checkRate('service rate', mu);
  const offeredLoad = lambda / mu;
  const rho = offeredLoad / servers;
  const waitProbability = erlangC(servers, offeredLoad);
  const wq = waitProbability / (servers * mu - lambda);
  const w = wq + 1 / mu;
  return { rho, waitProbability, wq, lq: (waitProbability * rho) / (1 - rho), w, l: lambda * w };
}

/** Mean wait in queue Wq of M/M/c. */
export function erlangWq(lambda: number, mu: number, servers: number): number {
  return mmcSteadyState(lambda, mu, servers).wq;
}

/** P(Wq > t) = C·exp(−(cμ − λ)t) for t >= 0. */
export function waitExceedsProbability(lambda: number, mu: number, servers: number, t: number): number {
  if (!(t >= 0)) throw new RangeError(`t must be >= 0, got ${t}`);
  const { waitProbability } = mmcSteadyState(lambda, mu, servers);
  return waitProbability * Math.exp(-(servers * mu - lambda) * t);
}

function checkServers(servers: number): void {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`servers must be a positive integer, got ${servers}`);
  }
}

function checkRate(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number > 0, got ${value}`);
}
