// CPU seconds of each thread of this process, read from /proc/self/task (Linux only): what the
// sweep bench uses to split a sweep's CPU between the main thread, the pool's worker threads and
// the rest (V8's compiler and GC helpers, libuv). Node 20 has no per-thread CPU call of its own.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of utime and stime in /proc: 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;
const TASKS = '/proc/self/task';

/** CPU seconds (user + system) by thread id; null where /proc is not there to read. */
export function threadCpuSeconds(): Map<number, number> | null {
  if (!existsSync(TASKS)) return null;
  const seconds = new Map<number, number>();
  for (const tid of readdirSync(TASKS)) {
    let stat: string;
    try {
      stat = readFileSync(`${TASKS}/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    seconds.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return seconds;
}

/** CPU seconds each thread spent between two readings (threads that ended in between are lost). */
export function cpuSince(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): Map<number, number> {
  return new Map([...after].map(([tid, s]) => [tid, s - (before.get(tid) ?? 0)]));
}
