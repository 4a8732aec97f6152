import type { MemberRecord } from '../organization/member.state';
import type { UnitFacts } from '../organization/org-unit.state';
import type { CalendarDate } from '../shared/time';
import type { ScoreSheet } from './assessment-period.events';
import type { ScoringScheme } from './scoring-scheme.state';

export interface OpenAssessmentPeriod {
  readonly type: 'OpenAssessmentPeriod';
  /** Ends in the quarter it assesses: `2024-Q1`, `pj-central-2024-Q1`. */
  readonly periodId: string;
  readonly hospitalId: string;
  readonly schemeId: string;
  /** The published scheme; null when none has that id. */
  readonly scheme: ScoringScheme | null;
  /** Whether any org unit was ever established in the hospital: a period of an unknown one assesses nothing. */
  readonly hospitalKnown: boolean;
}

/** The world a sheet is judged against, resolved before deciding. */
interface SheetFacts {
  /** The assessed branch as it stands; null when it does not exist. */
  readonly branch: UnitFacts | null;
  /** The assessor's record; null when no such member is registered. */
  readonly assessor: MemberRecord | null;
  /** The hospital's local date, on which the assessor's posts and membership are read. */
  readonly today: CalendarDate;
  readonly now: string;
}

export interface ScoreBranch extends ScoreSheet, SheetFacts {
  readonly type: 'ScoreBranch';
}

export interface CorrectBranchScore extends ScoreSheet, SheetFacts {
  readonly type: 'CorrectBranchScore';
  readonly reason: string;
}

export interface ClosePeriod {
  readonly type: 'ClosePeriod';
  readonly periodId: string;
}

export interface ChangePeriodScheme {
  readonly type: 'ChangePeriodScheme';
  readonly periodId: string;
  readonly schemeId: string;
  /** The published scheme; null when none has that id. */
  readonly scheme: ScoringScheme | null;
  readonly reason: string;
}

export type AssessmentPeriodCommand =
  OpenAssessmentPeriod | ScoreBranch | CorrectBranchScore | ChangePeriodScheme | ClosePeriod;
