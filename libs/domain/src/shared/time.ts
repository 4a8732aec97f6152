import { DomainError } from './domain-error';

/** How far ahead of the server clock a client's time may be before it counts as the future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** Facts are recorded as they happened: a time beyond the clock skew is refused. */
export function assertNotInFuture(field: string, at: string, now: string): void {
  const atMs = Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
  if (atMs > Date.parse(now) + FUTURE_SKEW_MS) {
    throw new DomainError('TIME.IN_FUTURE', `${field} ${at} is in the future`, { field, at });
  }
}

/** The calendar date of an instant in a time zone: a meeting at 2024-04-01T00:30+08:00 is on 2024-04-01 in Shanghai. */
export function localDate(instant: string, timeZone: string): CalendarDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
}
