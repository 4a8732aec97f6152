import { calendarPeriods, quarterMonths, type CalendarDate } from '@app/domain';

/**
 * Wall-clock time in Asia/Shanghai as milliseconds on a UTC-based axis. Shanghai keeps +08:00 all year (no
 * daylight saving), so every wall-clock time has exactly one offset and plain UTC arithmetic is calendar-true.
 */
export type LocalTime = number;

const DAY_MS = 24 * 3600 * 1000;
const SHANGHAI_OFFSET = '+08:00';

export const localTime = (date: CalendarDate, hour = 0, minute = 0): LocalTime =>
  Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;

/** `2025-03-12T09:30:00+08:00`, as the API takes instants. */
export const instant = (time: LocalTime): string => `${new Date(time).toISOString().slice(0, 19)}${SHANGHAI_OFFSET}`;

export const dateOf = (time: LocalTime): CalendarDate => new Date(time).toISOString().slice(0, 10);

export const addDays = (date: CalendarDate, days: number): CalendarDate => dateOf(localTime(date) + days * DAY_MS);

export const addMinutes = (time: LocalTime, minutes: number): LocalTime => time + minutes * 60_000;

export const daysInMonth = (month: string): number =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** The date itself on a weekday, else the following Monday; meetings and clinics are held on working days. */
export function workingDay(date: CalendarDate): CalendarDate {
  const weekday = new Date(localTime(date)).getUTCDay();
  return weekday === 6 ? addDays(date, 2) : weekday === 0 ? addDays(date, 1) : date;
}

export const dayOfMonth = (month: string, day: number): CalendarDate => `${month}-${String(day).padStart(2, '0')}`;

/** The whole quarters the demo covers: `quarterCount` of them, ending before the quarter `today` is in. */
export interface DemoWindow {
  readonly quarters: readonly string[];
  readonly months: readonly string[];
  readonly firstDay: CalendarDate;
  /** The first day after the window: everything the demo records happens before it, so never in the future. */
  readonly end: CalendarDate;
}

export function demoWindow(today: CalendarDate, quarterCount: number): DemoWindow {
  const current = calendarPeriods(today).quarter;
  const quarters: string[] = [];
  let quarter = current;
  for (let i = 0; i < quarterCount; i++) {
    quarter = previousQuarter(quarter);
    quarters.unshift(quarter);
  }
  const months = quarters.flatMap((q) => quarterMonths(q).months);
  return { quarters, months, firstDay: quarterMonths(quarters[0]).firstDay, end: quarterMonths(current).firstDay };
}

function previousQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const n = Number(quarter.slice(-1));
  return n === 1 ? `${year - 1}-Q4` : `${year}-Q${n - 1}`;
}
