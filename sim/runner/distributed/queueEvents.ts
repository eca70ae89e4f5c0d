// Closing BullMQ's QueueEvents so that the wait ends when Redis has gone away: BullMQ's own
// close() has a path that never settles once the connection is lost.
import type { QueueEvents } from 'bullmq';
import { untilSettled } from './redisConnection.js';

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
