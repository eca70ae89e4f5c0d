// The parameters of the market world, as plain data in SI units (seconds, per-second rates, USD).
// The scenario schema (sim/scenario) produces exactly this shape: the world sits below the scenario
// layer, so it declares what it reads and the schema is checked against it at compile time.

export interface GpuType {
  readonly name: string;
  readonly share: number;
  readonly costPerGpuHour: number;
}

export interface WorldParams {
  readonly name: string;
  readonly duration: number;
  readonly chain: {
    readonly blockTime: number;
    readonly startBlock: number;
    readonly gasLimit: number;
    readonly baseFee: number;
    readonly elasticity: number;
    readonly changeDenominator: number;
    readonly backgroundUtilization: number;
    readonly gas: Readonly<Record<string, number>>;
  };
  readonly market: {
    readonly kind: 'lease-auction' | 'intent-auction' | 'posted-price';
    readonly leaseAuction: {
      readonly bidWindow: number;
      readonly maxEmptyOrders: number;
      readonly orderMaxBids: number;
      readonly bidMinDeposit: number;
      readonly minDeposit: number;
      readonly takeRatePercent: number;
    };
    readonly postedPrice: {
      readonly initialPrice: number;
      readonly minPrice: number;
      readonly maxPrice: number;
      readonly targetUtilization: number;
      readonly step: number;
      readonly adjustInterval: number;
      readonly curve: 'linear' | 'exponential';
      readonly queueWhenFull: boolean;
      readonly protocolFeeBps: number;
    };
    readonly intentAuction: {
      readonly decayWindow: number;
      readonly startPriceFactor: number;
      readonly endPriceFactor: number;
      readonly deadline: number;
      readonly exclusiveShare: number;
      readonly exclusivityWindow: number;
      readonly overrideBps: number;
      readonly redeemWindow: number;
    };
  };
  readonly providers: {
    readonly count: number;
    readonly gpus: number;
    readonly gpuTypes: readonly GpuType[];
    readonly failures: {
      readonly mtbf: number;
      readonly mttr: number;
      readonly groups: number;
      readonly groupMtbf: number;
      readonly groupMttr: number;
    };
    readonly bidding: {
      readonly policy: 'truthful' | 'cost-plus' | 'equilibrium';
      readonly markup: number;
      readonly latency: number;
      /** The most providers' bid engines that hear one order (sim/markets/lease/orderReach.ts). */
      readonly reach: number;
    };
    readonly costCv: number;
    /** lognormal: the GPU model's cost times a mean-one lognormal (costCv); uniform: U[min, max] USD per GPU-hour. */
    readonly cost: { readonly distribution: 'lognormal' | 'uniform'; readonly min: number; readonly max: number };
    readonly exit: {
      readonly enabled: boolean;
      readonly after: number;
      readonly returnAfter: number;
      readonly patienceSpread: number;
      readonly checkInterval: number;
      readonly window: number;
    };
    readonly withdrawInterval: number;
  };
  readonly users: {
    readonly arrival: { readonly process: 'poisson' | 'diurnal'; readonly rate: number; readonly amplitude: number };
    readonly job: {
      readonly gpus: { readonly min: number; readonly max: number };
      readonly meanDuration: number;
      readonly durationDistribution: 'exponential' | 'lognormal';
      readonly durationSigma: number;
    };
    readonly budget: { readonly meanPerGpuHour: number; readonly cv: number; readonly depositCover: number };
    readonly latency: { readonly sla: number; readonly sensitiveShare: number; readonly premium: number };
  };
  readonly solvers: {
    readonly count: number;
    readonly capital: number;
    readonly costPerGpuHour: number;
    readonly margin: number;
    readonly latency: number;
    readonly costCv: number;
  };
  readonly stakers: {
    readonly count: number;
    readonly deposit: { readonly mean: number; readonly cv: number };
    readonly delegation: 'random' | 'largest' | 'highest-yield';
    readonly yieldChasing: { readonly checkInterval: number; readonly minImprovement: number };
    readonly joinWindow: number;
    readonly lossThreshold: number;
    readonly panic: { readonly policy: 'none' | 'threshold' | 'herd'; readonly threshold: number };
  };
  readonly operators: {
    readonly count: number;
    readonly providersEach: number;
    readonly allocation: {
      readonly policy: 'even' | 'reward-weighted' | 'concentrated';
      readonly setsPerOperator: number;
      readonly totalFraction: number;
    };
    readonly allocationDelay: number;
    readonly commissionBps: number;
    readonly equivocationsPerYear: number;
  };
  readonly services: {
    readonly count: number;
    readonly rewardsPerDay: number;
    readonly profitFromCorruption: number;
    readonly attackThreshold: number;
    readonly slashing: {
      readonly slaBreach: number;
      readonly downtime: number;
      readonly downtimeGrace: number;
      readonly equivocation: number;
    };
    readonly slaAvailability: number;
  };
  readonly attacker: {
    readonly enabled: boolean;
    readonly checkInterval: number;
    readonly shock: { readonly at: number; readonly stakeFraction: number; readonly mode: 'validators' | 'pro-rata' };
  };
  readonly security: {
    readonly contagion: 'unique-stake' | 'pooled' | 'elastic';
    readonly deallocationDelay: number;
    readonly withdrawalDelay: number;
    readonly allocationConfigurationDelay: number;
    readonly restakingDegree: number;
  };
  readonly metrics: { readonly sampleInterval: number };
  readonly invariants: { readonly enabled: boolean; readonly interval: number };
  /** maxEvents bounds the run here; maxWallTime is enforced by whoever runs it (they hold the clock). */
  readonly limits: { readonly maxEvents: number; readonly maxWallTime: number };
}

/**
 * When the restaking graph the scenario describes exists: every staker has joined (stakers.joinWindow)
 * and the operators' allocations, made at the start, have become slashable (operators.allocationDelay).
 * Before it, stake is still arriving and services look free to corrupt; the attacker waits, and a
 * shock is refused (sim/scenario/sections/solvers.ts).
 */
export function stakeSettledAt(params: { readonly stakers: Pick<WorldParams['stakers'], 'joinWindow'>; readonly operators: Pick<WorldParams['operators'], 'allocationDelay'> }): number {
  return params.stakers.joinWindow + params.operators.allocationDelay;
}
