import type { DomainEvent } from '../shared/decider';
import type { ScoringScheme } from './scoring-scheme.state';

/**
 * The period records the scheme it is judged by as it stood when opened: schemes are published once and
 * never change, and the period's decisions need its indicators and caps without another read.
 */
export type AssessmentPeriodOpened = DomainEvent<
  'AssessmentPeriodOpened',
  {
    readonly periodId: string;
    readonly hospitalId: string;
    readonly schemeId: string;
    /** `YYYY-Qn`, taken from the end of the period id. */
    readonly quarter: string;
    readonly scheme: ScoringScheme;
  }
>;

export interface ItemScore {
  readonly code: string;
  readonly score: number;
}

/** A 加分项 bonus or 扣分项 deduction: points with the reason for them. */
export interface Adjustment {
  readonly code: string;
  readonly points: number;
  readonly reason: string;
}

/** One assessor's sheet for one branch: its manual indicators, bonuses and deductions. */
export interface ScoreSheet {
  readonly periodId: string;
  readonly branchId: string;
  readonly assessorId: string;
  readonly items: readonly ItemScore[];
  readonly bonuses: readonly Adjustment[];
  readonly deductions: readonly Adjustment[];
}

/** 考核评分 */
export type AssessmentScored = DomainEvent<'AssessmentScored', ScoreSheet>;

/** The assessor's sheet for the branch, replaced as a whole. */
export type AssessmentScoreCorrected = DomainEvent<
  'AssessmentScoreCorrected',
  ScoreSheet & { readonly reason: string }
>;

/**
 * The 党委 judges the period under another published scheme from now on, for a reason; every sheet handed in fits
 * it. Reports as of an earlier time still use the scheme recorded before.
 */
export type AssessmentPeriodSchemeChanged = DomainEvent<
  'AssessmentPeriodSchemeChanged',
  { readonly periodId: string; readonly schemeId: string; readonly scheme: ScoringScheme; readonly reason: string }
>;

export type AssessmentPeriodClosed = DomainEvent<'AssessmentPeriodClosed', { readonly periodId: string }>;

export type AssessmentPeriodEvent =
  | AssessmentPeriodOpened
  | AssessmentScored
  | AssessmentScoreCorrected
  | AssessmentPeriodSchemeChanged
  | AssessmentPeriodClosed;
