// Durations and rates as people write them ("30d", "12s", "1h30m", "50/h"), converted to SI base
// units: seconds, and events per second. A bare number is already in SI units.

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
};

// Spellings people reach for that we do not accept (ambiguity with months, plural noise); used
// only to suggest the accepted form.
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  sec: 's', secs: 's', second: 's', seconds: 's',
  mins: 'min', minute: 'min', minutes: 'min',
  hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  day: 'd', days: 'd',
  week: 'w', weeks: 'w',
};

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const UNIT = 'ms|min|s|m|h|d|w';
const DURATION = new RegExp(`^(?:${NUMBER}\\s*(?:${UNIT})\\s*)+$`);
const DURATION_PART = new RegExp(`(${NUMBER})\\s*(${UNIT})`, 'g');
const RATE = new RegExp(`^(${NUMBER})\\s*/\\s*(${NUMBER})?\\s*(${UNIT})$`);

export type UnitParse = { ok: true; value: number } | { ok: false; suggestion?: string };

export const DURATION_EXPECTED = 'a duration such as "30d", "12s" or "1h30m" (units ms, s, m, h, d, w)';
export const RATE_EXPECTED = 'a rate such as "50/h" or "2/s" (events per ms, s, m, h, d or w)';

/** "1h30m" -> 5400. Parts add up; the whole text must be consumed. */
export function parseDuration(input: number | string): UnitParse {
  if (typeof input === 'number') return finiteNonNegative(input);
  const text = input.trim();
  if (DURATION.test(text)) {
    let seconds = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
      seconds += Number(amount) * (SECONDS_PER_UNIT[unit as string] as number);
    }
    return finiteNonNegative(seconds);
  }
  return { ok: false, ...suggestUnit(text, (n, unit) => `${n}${unit}`) };
}

/** "50/h" -> 50/3600 per second; "3/2h" -> 3/7200 per second. */
export function parseRate(input: number | string): UnitParse {
  if (typeof input === 'number') return finiteNonNegative(input);
  const m = RATE.exec(input.trim());
  if (!m) {
    const [count, per] = input.split('/').map((part) => part.trim());
    if (count !== undefined && per !== undefined && /^[\d.]+$/.test(count)) {
      return { ok: false, ...suggestUnit(`1${per}`, (_n, unit) => `${count}/${unit}`) };
    }
    return { ok: false };
  }
  const periods = m[2] === undefined ? 1 : Number(m[2]);
  const period = periods * (SECONDS_PER_UNIT[m[3] as string] as number);
  if (period === 0) return { ok: false };
  return finiteNonNegative(Number(m[1]) / period);
}

function finiteNonNegative(value: number): UnitParse {
  return Number.isFinite(value) && value >= 0 ? { ok: true, value } : { ok: false };
}

/** "30 days" -> "30d": a single number followed by a spelled-out unit. */
function suggestUnit(text: string, render: (n: string, unit: string) => string): { suggestion?: string } {
  const m = /^([\d.]+)\s*([a-z]+)$/i.exec(text);
  const unit = m ? UNIT_ALIASES[(m[2] as string).toLowerCase()] : undefined;
  return m && unit ? { suggestion: render(m[1] as string, unit) } : {};
}

/** Three significant digits, without trailing zeros: 12.5, 30, 0.333. */
function readable(value: number): string {
  return String(Number(value.toPrecision(3)));
}

const DURATION_UNITS: readonly (readonly [string, number])[] = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];

/** Seconds as people write them, in the largest unit that keeps the number at least 1: 2592000 -> "30d", 5400 -> "1.5h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const [unit, size] = DURATION_UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['s', 1];
  return `${readable(seconds / size)}${unit}`;
}

/** Events per second as people write them: per second when at least one, else per hour, else per day: 40/3600 -> "40/h". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  if (perSecond >= 1) return `${readable(perSecond)}/s`;
  const perHour = perSecond * 3600;
  return perHour >= 1 || perHour === 0 ? `${readable(perHour)}/h` : `${readable(perHour * 24)}/d`;
}
