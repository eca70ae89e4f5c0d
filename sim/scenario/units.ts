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

/**
 * A quantity as a study's range gives it: the amount in the unit the file wrote, and the unit.
 * '' is a bare number (already in SI units), '%' a percentage (20% is 0.2), a duration unit ("d")
 * or a rate unit ("/h"). A compound duration ("1h30m") takes the unit of its first part (1.5 h).
 */
export type QuantityUnit = '' | '%' | string;

export type QuantityParse = { ok: true; value: number; amount: number; unit: QuantityUnit } | { ok: false };

const PERCENT = new RegExp(`^(${NUMBER})\\s*%$`);
const SINGLE_DURATION = new RegExp(`^(${NUMBER})\\s*(${UNIT})$`);
const FIRST_DURATION_UNIT = new RegExp(`^${NUMBER}\\s*(${UNIT})`);

export const QUANTITY_EXPECTED = `a number, a percentage such as "20%", ${DURATION_EXPECTED} or ${RATE_EXPECTED}`;

/** A number, a percentage, a duration or a rate: its SI value, and the amount in the unit written. */
export function parseQuantity(input: number | string): QuantityParse {
  if (typeof input === 'number') {
    const parsed = finiteNonNegative(input);
    return parsed.ok ? { ok: true, value: parsed.value, amount: parsed.value, unit: '' } : { ok: false };
  }
  const text = input.trim();
  const percent = PERCENT.exec(text);
  if (percent) {
    const amount = Number(percent[1]);
    return Number.isFinite(amount) ? { ok: true, value: quantityValue(amount, '%'), amount, unit: '%' } : { ok: false };
  }
  if (text.includes('/')) {
    const parsed = parseRate(text);
    const m = RATE.exec(text);
    if (!parsed.ok || !m) return { ok: false };
    return { ok: true, value: parsed.value, amount: Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2])), unit: `/${m[3]}` };
  }
  const parsed = parseDuration(text);
  if (!parsed.ok) return { ok: false };
  const single = SINGLE_DURATION.exec(text);
  const unit = (single ? single[2] : FIRST_DURATION_UNIT.exec(text)![1]) as string;
  // One part keeps the amount as written (0.1h is 0.1, not 360/3600); parts add up in the first's unit.
  return { ok: true, value: parsed.value, amount: single ? Number(single[1]) : parsed.value / (SECONDS_PER_UNIT[unit] as number), unit };
}

/** The SI value of `amount` of `unit`: what a scenario field holds. */
export function quantityValue(amount: number, unit: QuantityUnit): number {
  if (unit === '') return amount;
  if (unit === '%') return amount / 100;
  if (unit.startsWith('/')) return amount / (SECONDS_PER_UNIT[unit.slice(1)] as number);
  return amount * (SECONDS_PER_UNIT[unit] as number);
}

/** "34.2/h", "20%", "1.5d", or the bare number: `amount` as the file would write it. */
export function formatQuantity(amount: number, unit: QuantityUnit): string {
  return `${amount}${unit}`;
}
