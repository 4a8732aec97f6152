import type { AssessmentPeriodOpened, ScoreSheet } from './assessment-period.events';

/** The period as opened, with the scheme it is judged by now. */
export type AssessmentPeriod = Readonly<AssessmentPeriodOpened['data']>;

/** Who has handed in a sheet for which branch; totals are computed in projections, not here. */
export interface SheetKey {
  readonly branchId: string;
  readonly assessorId: string;
}

export type AssessmentPeriodState =
  | { readonly status: 'unknown' }
  | {
      readonly status: 'open' | 'closed';
      readonly period: AssessmentPeriod;
      /** The latest sheet of each assessor for each branch: a new scheme must fit them all. */
      readonly sheets: readonly ScoreSheet[];
    };

export const initialAssessmentPeriodState: AssessmentPeriodState = { status: 'unknown' };

/** A period id ends in the quarter it assesses, `YYYY-Qn`, alone or after a dash: `2024-Q1`, `pj-central-2024-Q1`. */
export function quarterOf(periodId: string): string | null {
  return /(?:^|-)(\d{4}-Q[1-4])$/.exec(periodId)?.[1] ?? null;
}

export function hasSheet(sheets: readonly SheetKey[], { branchId, assessorId }: SheetKey): boolean {
  return sheets.some((sheet) => sheet.branchId === branchId && sheet.assessorId === assessorId);
}
