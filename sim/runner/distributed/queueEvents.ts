// Waiting on BullMQ's QueueEvents, and closing it, so that every wait ends when Redis goes away.
// BullMQ's own helpers each have a path that never settles once the connection is lost; these
// replace them (see each function for which).
import type { EventEmitter } from 'node:events';
import type { Queue, QueueEvents } from 'bullmq';
import { untilSettled } from './redisConnection.js';

/** How a job ended: its return value, or the reason it failed for good. */
export type JobOutcome = { readonly completed: string } | { readonly failedReason: string };

/** BullMQ's isFinished answers, see its isFinished script. */
const NOT_FINISHED = 0;
const COMPLETED = 1;

/**
 * Resolves when the job completes or fails for good; rejects only on a Redis error, which is
 * therefore never taken for a failed run. BullMQ's Job.waitUntilFinished cannot be used: it checks
 * the job inside an async promise executor, so a connection closed under that check escapes as an
 * unhandled rejection (the process dies with a stack trace) and leaves its promise unsettled; and it
 * reports a failed job and a lost connection alike as an Error.
 */
export function untilJobFinished(queue: Queue, events: QueueEvents, jobId: string): Promise<JobOutcome> {
  // Per-job events ('completed:<id>') are emitted but not in QueueEvents' typed event list.
  const jobEvents: EventEmitter = events;
  return new Promise((resolve, reject) => {
    const completedEvent = `completed:${jobId}`;
    const failedEvent = `failed:${jobId}`;
    const settle = (outcome: JobOutcome): void => {
      jobEvents.off(completedEvent, onCompleted);
      jobEvents.off(failedEvent, onFailed);
      resolve(outcome);
    };
    const onCompleted = (args: { returnvalue: string }): void => settle({ completed: args.returnvalue });
    const onFailed = (args: { failedReason: string }): void => settle({ failedReason: args.failedReason });
    jobEvents.on(completedEvent, onCompleted);
    jobEvents.on(failedEvent, onFailed);
    // Asked once the listeners are on: a job that finished before (a resumed coordinator's, or a
    // quick one) sends no further event.
    queue
      .getBackend()
      .isFinished(jobId, true)
      .then((answer) => {
        const [status, value] = answer as [number, string];
        if (status === NOT_FINISHED) return;
        // The stored return value is BullMQ's JSON of ours; a missing job (-1) fails, as in BullMQ.
        settle(status === COMPLETED ? { completed: JSON.parse(value) as string } : { failedReason: value });
      })
      .catch((error: unknown) => {
        jobEvents.off(completedEvent, onCompleted);
        jobEvents.off(failedEvent, onFailed);
        reject(error);
      });
  });
}

/**
 * Closes a QueueEvents whose connection may have lost Redis. QueueEvents.close() disconnects the
 * connection and waits for its 'end', which never comes if the disconnect falls between two
 * reconnect attempts (see untilSettled); so the connection first settles, connected or given up.
 */
export async function closeQueueEvents(events: QueueEvents): Promise<void> {
  const connection = await events.getBackend().client.catch(() => undefined);
  if (connection) await untilSettled(connection);
  await events.close();
}
