import type { MemberRecord } from '../organization/member.state';
import type { UnitFacts } from '../organization/org-unit.state';
import type { CallOutcome, FollowUpScheduled } from './follow-up.events';

export interface ScheduleFollowUp extends Pick<
  FollowUpScheduled['data'],
  'followUpId' | 'branchId' | 'patientRef' | 'dischargedAt'
> {
  readonly type: 'ScheduleFollowUp';
  /** The branch as it stands, resolved before deciding; null when it does not exist. */
  readonly branch: UnitFacts | null;
  readonly now: string;
}

export interface AttemptFollowUp {
  readonly type: 'AttemptFollowUp';
  readonly followUpId: string;
  readonly callerMemberId: string;
  readonly calledAt: string;
  readonly outcome: CallOutcome;
  readonly satisfaction: number | null;
  readonly notes: string | null;
  /** The caller's record; null when no such member is registered. */
  readonly caller: MemberRecord | null;
  /** The units above each branch, for membership of units above a branch. */
  readonly branchAncestors: Readonly<Record<string, readonly string[]>>;
  /** The follow-up's branch as it stands (its time zone dates the call); null when it does not exist. */
  readonly branch: UnitFacts | null;
  readonly now: string;
}

export type FollowUpCommand = ScheduleFollowUp | AttemptFollowUp;
