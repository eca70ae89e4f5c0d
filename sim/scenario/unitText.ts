// Seconds as people read them in a problem line or a description: "12s", "1ms", "14d", "1h30m".

const UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** Whole days, hours, minutes and seconds, largest first; below a second, in ms (or plain seconds). */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds === 0) return '0s';
  if (seconds < 1) {
    const ms = seconds * 1000;
    return Number.isInteger(ms) ? `${ms}ms` : `${seconds}s`;
  }
  if (!Number.isInteger(seconds)) return `${seconds}s`;
  let rest = seconds;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const whole = Math.floor(rest / size);
    if (whole > 0) parts.push(`${whole}${unit}`);
    rest -= whole * size;
  }
  return parts.join('');
}
