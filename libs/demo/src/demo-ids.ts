import { calendarPeriods, CN_BRANCH_2018, type CalendarDate, type MeetingKind } from '@app/domain';

/** Ids of the demo's records are readable and derived, so the stories and the tour can name them in advance. */

const KIND_CODES: Readonly<Record<MeetingKind, string>> = {
  'general-assembly': 'ga',
  'branch-committee': 'bc',
  'group-meeting': 'gm',
  'theme-day': 'td',
  'organizational-life': 'ol',
  'democratic-appraisal': 'da',
};

/** The cadence period of a kind that a date falls in: `2025-03`, `2025-Q1` or `2025`. */
export const cadencePeriodOf = (kind: MeetingKind, date: CalendarDate): string =>
  calendarPeriods(date)[CN_BRANCH_2018.cadence[kind]];

/** One meeting of a kind per unit and cadence period, so its id says which: `pj-central-cardiology-td-202503`. */
export const meetingIdFor = (unitId: string, kind: MeetingKind, period: string): string =>
  `${unitId}-${KIND_CODES[kind]}-${period.replace('-', '').toLowerCase()}`;

export const periodIdFor = (hospitalId: string, quarter: string): string => `${hospitalId}-${quarter}`;

export const committeeIdFor = (hospitalId: string): string => `${hospitalId}-committee`;
export const generalBranchIdFor = (hospitalId: string, slug: string): string => `${hospitalId}-gb-${slug}`;
export const branchIdFor = (hospitalId: string, slug: string): string => `${hospitalId}-${slug}`;
export const groupIdFor = (branchId: string, number: number): string => `${branchId}-g${number}`;
