// A small Redis hash per sweep that the coordinator keeps current, so that `depin-lab sweep
// --status <id>` can answer from any machine while the sweep runs (or after it stopped).
import type { Redis } from 'ioredis';

export type CoordinatorState = 'running' | 'finished' | 'stopped';

export interface SweepHeader {
  readonly id: string;
  readonly scenario: string;
  readonly total: number;
  /** Runs already in the results directory when this coordinator started (a resume). */
  readonly recorded: number;
  readonly failed: number;
}

export interface SweepBoardState extends SweepHeader {
  readonly state: CoordinatorState;
}

const KEEP_SECONDS = 7 * 24 * 3600;

export function sweepBoardKey(sweepId: string): string {
  return `depin-lab:sweep:${sweepId}`;
}

export class SweepBoard {
  private recorded: number;

  private constructor(
    private readonly client: Redis,
    private readonly header: SweepHeader,
  ) {
    this.recorded = header.recorded;
  }

  static async open(client: Redis, header: SweepHeader): Promise<SweepBoard> {
    const key = sweepBoardKey(header.id);
    await client
      .multi()
      .hset(key, {
        scenario: header.scenario,
        total: header.total,
        recorded: header.recorded,
        failed: header.failed,
        state: 'running',
      })
      .expire(key, KEEP_SECONDS)
      .exec();
    return new SweepBoard(client, header);
  }

  /** Counted without waiting: the board is for people watching, not for the results. */
  runFinished(failed: boolean): void {
    this.recorded += 1;
    const key = sweepBoardKey(this.header.id);
    const update = this.client.multi().hincrby(key, 'recorded', 1);
    if (failed) update.hincrby(key, 'failed', 1);
    update.exec().catch(() => undefined);
  }

  async close(): Promise<CoordinatorState> {
    const state: CoordinatorState = this.recorded >= this.header.total ? 'finished' : 'stopped';
    await this.client.hset(sweepBoardKey(this.header.id), 'state', state);
    return state;
  }
}

export async function readSweepBoard(client: Redis, sweepId: string): Promise<SweepBoardState | undefined> {
  const fields = await client.hgetall(sweepBoardKey(sweepId));
  if (fields['total'] === undefined) return undefined;
  return {
    id: sweepId,
    scenario: fields['scenario'] ?? '',
    total: Number(fields['total']),
    recorded: Number(fields['recorded'] ?? 0),
    failed: Number(fields['failed'] ?? 0),
    state: (fields['state'] ?? 'running') as CoordinatorState,
  };
}
