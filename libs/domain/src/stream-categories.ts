import { assessmentPeriodDecider } from './assessment/assessment-period.decide';
import { scoringSchemeDecider } from './assessment/scoring-scheme.decide';
import { lectureDecider } from './branch-activity/lecture.decide';
import { meetingDecider } from './branch-activity/meeting.decide';
import { volunteerServiceDecider } from './branch-activity/volunteer-service.decide';
import { followUpDecider } from './follow-up/follow-up.decide';
import { memberDecider } from './organization/member.decide';
import { orgUnitDecider } from './organization/org-unit.decide';
import { hospitalPolicyDecider } from './rules/hospital-policy';
import type { Decider, DomainEvent } from './shared/decider';

export type StateFold = Pick<Decider<unknown, DomainEvent, unknown>, 'evolve' | 'initialState'>;

/** Each stream category (the part of a stream id before its first dash) with the decider that owns it. */
const FOLDS_BY_CATEGORY: Readonly<Record<string, StateFold>> = {
  orgunit: orgUnitDecider,
  member: memberDecider,
  meeting: meetingDecider,
  lecture: lectureDecider,
  volunteer: volunteerServiceDecider,
  followup: followUpDecider,
  scheme: scoringSchemeDecider,
  assessment: assessmentPeriodDecider,
  policy: hospitalPolicyDecider,
};

/** How a stream's state is folded, so an audit replay uses the same `evolve` as the domain; none for others. */
export function foldForStream(streamId: string): StateFold | undefined {
  return FOLDS_BY_CATEGORY[streamId.slice(0, streamId.indexOf('-'))];
}
