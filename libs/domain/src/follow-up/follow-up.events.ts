import type { DomainEvent } from '../shared/decider';
import type { CalendarDate } from '../shared/time';

/** How a call that did not reach the patient ended; a call that reached them completes the follow-up. */
export type AttemptOutcome = 'no-answer' | 'wrong-number' | 'declined';
export type CallOutcome = 'reached' | AttemptOutcome;

/** Satisfaction as the patient reported it, 1 (poor) to 5 (very satisfied). */
export type Satisfaction = 1 | 2 | 3 | 4 | 5;

/**
 * Where a follow-up counts in the reports: its branch and hospital, and the discharge's calendar date in the
 * branch's time zone (reports group by discharge month). Completions carry it too, so no report looks it up.
 */
export interface FollowUpCase {
  readonly branchId: string;
  readonly hospitalId: string;
  readonly dischargedAt: string;
  readonly dischargedOn: CalendarDate;
}

/** A discharged patient is due a follow-up call (出院回访), named only by the hospital's opaque `patientRef`. */
export type FollowUpScheduled = DomainEvent<
  'FollowUpScheduled',
  FollowUpCase & { readonly followUpId: string; readonly patientRef: string }
>;

export type FollowUpAttempted = DomainEvent<
  'FollowUpAttempted',
  {
    readonly followUpId: string;
    readonly callerMemberId: string;
    readonly calledAt: string;
    readonly outcome: AttemptOutcome;
    readonly notes: string | null;
  }
>;

/** 回访完成: the call reached the patient. */
export type FollowUpCompleted = DomainEvent<
  'FollowUpCompleted',
  FollowUpCase & {
    readonly followUpId: string;
    readonly callerMemberId: string;
    readonly calledAt: string;
    readonly satisfaction: Satisfaction | null;
    readonly notes: string | null;
  }
>;

export type FollowUpEvent = FollowUpScheduled | FollowUpAttempted | FollowUpCompleted;
