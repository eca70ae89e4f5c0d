// The offered load of the users' demand against the providers' GPUs, worked out by hand.
import { describe, expect, it } from 'vitest';
import { offeredLoad, postedTargetOutOfReach } from '../../sim/world/feasibility.js';
import type { WorldParams } from '../../sim/world/params.js';

type Shape = Pick<WorldParams, 'users' | 'providers' | 'market'>;

function params(o: { rate: number; gpus: [number, number]; duration: number; providers: number; perProvider: number; target?: number; kind?: WorldParams['market']['kind'] }): Shape {
  return {
    users: { arrival: { rate: o.rate, process: 'poisson', amplitude: 0 }, job: { gpus: { min: o.gpus[0], max: o.gpus[1] }, meanDuration: o.duration } },
    providers: { count: o.providers, gpus: o.perProvider },
    market: { kind: o.kind ?? 'posted-price', postedPrice: { targetUtilization: o.target ?? 0.8 } },
  } as unknown as Shape;
}

describe('the offered load', () => {
  it('is λ · E[GPUs] · E[duration] over the GPUs: 40/h · 4.5 · 6 h = 1080 GPU-hours per hour of 1600 GPUs', () => {
    const p = params({ rate: 40 / 3600, gpus: [1, 8], duration: 6 * 3600, providers: 200, perProvider: 8 });
    const load = offeredLoad(p);
    expect(load.gpuHoursPerHour).toBeCloseTo(1080, 9);
    expect(load.capacityGpus).toBe(1600);
    expect(load.share).toBeCloseTo(0.675, 12);
    expect(postedTargetOutOfReach(p)).toEqual({ target: 0.8, load });
  });

  it('a target within it, or another market, is no concern', () => {
    // 10/h · 2 · 3 h = 60 GPU-hours per hour of 80 GPUs: 0.75.
    const p = params({ rate: 10 / 3600, gpus: [2, 2], duration: 3 * 3600, providers: 10, perProvider: 8, target: 0.7 });
    expect(offeredLoad(p).share).toBeCloseTo(0.75, 12);
    expect(postedTargetOutOfReach(p)).toBeUndefined();
    expect(postedTargetOutOfReach({ ...p, market: { ...p.market, kind: 'lease-auction' } })).toBeUndefined();
  });
});
