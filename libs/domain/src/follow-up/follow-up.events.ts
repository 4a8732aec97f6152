import type { DomainEvent } from '../shared/decider';

/** How a call that did not reach the patient ended; a call that reached them completes the follow-up. */
export type AttemptOutcome = 'no-answer' | 'wrong-number' | 'declined';
export type CallOutcome = 'reached' | AttemptOutcome;

/** Satisfaction as the patient reported it, 1 (poor) to 5 (very satisfied). */
export type Satisfaction = 1 | 2 | 3 | 4 | 5;

/** A discharged patient is due a follow-up call (出院回访), named only by the hospital's opaque `patientRef`. */
export type FollowUpScheduled = DomainEvent<
  'FollowUpScheduled',
  { readonly followUpId: string; readonly branchId: string; readonly patientRef: string; readonly dischargedAt: string }
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
  {
    readonly followUpId: string;
    readonly callerMemberId: string;
    readonly calledAt: string;
    readonly satisfaction: Satisfaction | null;
    readonly notes: string | null;
  }
>;

export type FollowUpEvent = FollowUpScheduled | FollowUpAttempted | FollowUpCompleted;
