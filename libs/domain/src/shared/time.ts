import { DomainError } from './domain-error';

/** How far ahead of the server clock a client's time may be before it counts as the future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * Facts are recorded as they happened: an instant beyond the clock skew is refused, and so is a calendar date
 * after today in the hospital's time zone.
 */
export function assertNotInFuture(field: string, at: string, now: string, timeZone = DEFAULT_TIME_ZONE): void {
  const latest = Date.parse(now) + FUTURE_SKEW_MS;
  const future = at.length === 10 ? at > localDate(new Date(latest).toISOString(), timeZone) : Date.parse(at) > latest;
  if (future) throw new DomainError('TIME.IN_FUTURE', `${field} ${at} is in the future`, { field, at });
}

/** The calendar date of an instant in a time zone: a meeting at 2024-04-01T00:30+08:00 is on 2024-04-01 in Shanghai. */
export function localDate(instant: string, timeZone: string): CalendarDate {
  return calendarDateFormat(timeZone).format(new Date(instant));
}

/**
 * An IANA time zone name (`Asia/Shanghai`) that the runtime's time zone data knows. Asking Intl is no I/O: the data is
 * built into the runtime. Offsets (`+08:00`), which newer runtimes also accept, are not names.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    calendarDateFormat(name);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Building a formatter costs far more than formatting with one, and replays format every event's date. */
const calendarDateFormats = new Map<string, Intl.DateTimeFormat>();

function calendarDateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = calendarDateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    calendarDateFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar periods a date falls in: `2024-03`, `2024-Q1`, `2024`. Reports group by these. */
export function calendarPeriods(date: CalendarDate): {
  readonly month: string;
  readonly quarter: string;
  readonly year: string;
} {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return { month: date.slice(0, 7), quarter: `${year}-Q${Math.ceil(month / 3)}`, year };
}

/** The months of a quarter `YYYY-Qn`, and its first day. */
export function quarterMonths(quarter: string): {
  readonly months: readonly string[];
  readonly firstDay: CalendarDate;
} {
  const year = quarter.slice(0, 4);
  const first = (Number(quarter.slice(-1)) - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map((month) => `${year}-${String(month).padStart(2, '0')}`);
  return { months, firstDay: `${months[0]}-01` };
}
