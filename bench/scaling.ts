// Scaling benchmark (issue 17): how the CPU time of a run grows with the number of providers and
// with simulated time, as exponents of a power law fitted by least squares on log-log axes.
// - Providers: a 6-hour lease-auction world (scenarios/baseline.yaml, duration 6h) at 50, 200, 800
//   and 3,200 providers, with demand scaled with them (0.2 jobs an hour per provider: the
//   baseline's 40/h at 200). Exponents over 50 → 3,200 and over 200 → 3,200 (the target:
//   at most 1.15), for whole-process CPU seconds and for kernel events.
// - Duration: the baseline at 2 and 8 simulated days (target: 1, linear).
// Each run is a child process of the built CLI with npm start's V8 flags (bench/memory.ts), so the
// CPU includes start-up (about 0.5 s), which flattens the small runs: the events exponent has none.
// Run: `npx tsx bench/scaling.ts` (needs `npm run build`); the last line printed is the JSON result.
import { measureBaselineRun, runStandalone } from './memory.js';

export interface ScalingBenchResult {
  scaling_providers: readonly number[];
  scaling_cpu_s: readonly number[];
  scaling_events: readonly number[];
  cpu_exponent_providers_50_3200: number;
  cpu_exponent_providers_200_3200: number;
  events_exponent_providers_200_3200: number;
  cpu_exponent_duration_2d_8d: number;
}

const PROVIDERS = [50, 200, 800, 3200] as const;
const JOBS_PER_PROVIDER_HOUR = 0.2;
const DAYS = [2, 8] as const;

/** The least-squares slope of ln y on ln x. */
export function powerLawExponent(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function runScalingBench(log: (line: string) => void = console.log): ScalingBenchResult {
  const cpu: number[] = [];
  const events: number[] = [];
  for (const n of PROVIDERS) {
    const rate = round(n * JOBS_PER_PROVIDER_HOUR, 3);
    const run = measureBaselineRun(['duration=6h', `providers.count=${n}`, `users.arrival.rate=${rate}/h`], `the 6-hour world at ${n} providers`);
    cpu.push(run.cpuUs / 1e6);
    events.push(run.events);
    log(`6 h at ${n} providers (${rate} jobs/h): ${(run.cpuUs / 1e6).toFixed(2)} CPU s, ${run.events} events, peak RSS ${Math.round(run.peakRssKb / 1024)} MB`);
  }
  const daysCpu = DAYS.map((d) => {
    const run = measureBaselineRun([`duration=${d}d`], `the ${d}-day baseline`);
    log(`baseline ${d} days: ${(run.cpuUs / 1e6).toFixed(2)} CPU s, ${run.events} events`);
    return run.cpuUs / 1e6;
  });
  const from200 = PROVIDERS.slice(1);
  return {
    scaling_providers: [...PROVIDERS],
    scaling_cpu_s: cpu.map((c) => round(c)),
    scaling_events: events,
    cpu_exponent_providers_50_3200: round(powerLawExponent([...PROVIDERS], cpu)),
    cpu_exponent_providers_200_3200: round(powerLawExponent(from200, cpu.slice(1))),
    events_exponent_providers_200_3200: round(powerLawExponent(from200, events.slice(1))),
    cpu_exponent_duration_2d_8d: round(powerLawExponent([...DAYS], daysCpu)),
  };
}

runStandalone(import.meta.url, runScalingBench);
