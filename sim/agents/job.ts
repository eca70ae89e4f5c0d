// The life of one user's job, whatever market it is bought in: its arrival, the compute still to
// run, the first start, interruptions, the prices paid, when the user gives up, and the one report
// at the end. The tenant (lease auction), the intent user and the posted buyer each hold one and
// keep only how they buy.
import type { Kernel } from '../engine/kernel.js';

export interface Job {
  readonly id: number;
  readonly gpuModel: string;
  readonly gpus: number;
  /** Seconds of compute the job needs. */
  readonly duration: number;
  readonly wtpPerGpuHour: number;
  /** Longest wait for a start before giving up (the latency SLA). */
  readonly patience: number;
}

export type JobOutcome = 'completed' | 'unserved' | 'failed';

export interface JobReport {
  readonly job: Job;
  readonly outcome: JobOutcome;
  /** Seconds from arrival to the first start; NaN if it never started. */
  readonly wait: number;
  readonly interruptions: number;
  /** USD per GPU-hour of each purchase (lease, fill or posted-price buy) it made. */
  readonly prices: readonly number[];
}

export class JobLifecycle {
  readonly job: Job;
  /** Kernel time the job arrived (the lifecycle is built on arrival). */
  readonly arrivedAt: number;
  readonly #kernel: Kernel;
  readonly #report: (r: JobReport) => void;
  /** Seconds of the job still to run. */
  #remaining: number;
  /** When the current wait for a start began: arrival, or the last interruption of a running job. */
  #waitingSince: number;
  #firstStart = NaN;
  #interruptions = 0;
  readonly #prices: number[] = [];
  #done = false;

  constructor(kernel: Kernel, job: Job, report: (r: JobReport) => void) {
    if (!(job.gpus > 0 && Number.isSafeInteger(job.gpus)) || !(job.duration > 0) || !Number.isFinite(job.duration)) {
      throw new RangeError(`job ${job.id}: need a whole number of GPUs > 0 and a finite duration > 0, got ${job.gpus} GPUs for ${job.duration} s`);
    }
    this.job = job;
    this.#kernel = kernel;
    this.#report = report;
    this.arrivedAt = kernel.now();
    this.#waitingSince = this.arrivedAt;
    this.#remaining = job.duration;
  }

  /** Seconds of compute still to run. */
  get remaining(): number {
    return this.#remaining;
  }

  get started(): boolean {
    return !Number.isNaN(this.#firstStart);
  }

  /** Reported: nothing more happens to the job. */
  get done(): boolean {
    return this.#done;
  }

  /** When the current wait for a start began: arrival, or the last interruption of a running job. */
  get waitingSince(): number {
    return this.#waitingSince;
  }

  /** Kernel time at which the current wait outlasts the job's patience. */
  get giveUpAt(): number {
    return this.#waitingSince + this.job.patience;
  }

  /** What giving up means now: a job that never started is unserved, one cut short and not restarted failed. */
  get giveUpOutcome(): JobOutcome {
    return this.started ? 'failed' : 'unserved';
  }

  /** A purchase at `usdPerGpuHour`, counted in the report's prices. */
  paid(usdPerGpuHour: number): void {
    this.#prices.push(usdPerGpuHour);
  }

  /** The job runs from now; the first time, this ends the wait the report measures. */
  running(): void {
    if (!this.started) this.#firstStart = this.#kernel.now();
  }

  /**
   * The running job was cut short after `ranSeconds`: one interruption, less compute to go, and the
   * wait for a new start begins now. Returns whether any compute is left to buy.
   */
  interrupted(ranSeconds: number): boolean {
    this.#interruptions++;
    this.#waitingSince = this.#kernel.now();
    this.#remaining = Math.max(0, this.#remaining - ranSeconds);
    return this.#remaining > 0;
  }

  /** Compute bought but lost before the job could start on it (its provider went down): an interruption, nothing ran. */
  purchaseLost(): void {
    this.#interruptions++;
  }

  /** Reports the outcome, once; returns false (and reports nothing) if the job was already reported. */
  finish(outcome: JobOutcome): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#report({
      job: this.job,
      outcome,
      wait: this.#firstStart - this.arrivedAt,
      interruptions: this.#interruptions,
      prices: this.#prices,
    });
    return true;
  }
}
