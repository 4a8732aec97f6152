import { type MemberPointsPolicy, presentAt } from '@app/domain';
import type { ReadModelStore } from '../read-model-store.port';
import {
  lecturesProjection,
  meetingsProjection,
  volunteerServicesProjection,
  type LectureDocument,
  type MeetingDocument,
  type VolunteerServiceDocument,
} from './branch-activity.projections';
import { followUpCallsProjection, type FollowUpCallsDocument } from './follow-up-calls.projection';
import { rulesFor } from './hospital-policies.projection';
import { membersProjection, type MemberDocument } from './members.projection';
import { hasReason, lastBranchWithin } from './organization.report';

/** What a member did in the year, counted; points are these times the hospital's policy values. */
interface Tally {
  attendance: number;
  lecturesGiven: number;
  lecturesAttended: number;
  followUpsCompleted: number;
  volunteerServices: number;
  unexcusedAbsences: number;
}

export interface MemberPointsItem extends Readonly<Tally> {
  /** Competition ranking: ties share a rank and the next rank skips (1, 1, 3). */
  readonly rank: number;
  readonly memberId: string;
  readonly name: string;
  /** The branch the member last belonged to in the year. */
  readonly branchId: string | null;
  readonly points: number;
}

export interface MemberPointsReport {
  readonly hospitalId: string;
  readonly year: string;
  readonly rulePack: string;
  /** The policy values the points were counted by. */
  readonly points: MemberPointsPolicy;
  readonly items: readonly MemberPointsItem[];
}

const emptyTally = (): Tally => ({
  attendance: 0,
  lecturesGiven: 0,
  lecturesAttended: 0,
  followUpsCompleted: 0,
  volunteerServices: 0,
  unexcusedAbsences: 0,
});

/**
 * Member points (党员积分) of one calendar year, under the hospital's policy: every member who belonged to a
 * branch in the year, ranked by points, then by member id. A revoked meeting counts for nothing. `visible`
 * narrows the lines returned (a secretary's own units), each keeping its rank in the whole hospital.
 */
export async function memberPoints(
  readModels: ReadModelStore,
  hospitalId: string,
  year: string,
  limit: number,
  visible: (item: MemberPointsItem) => boolean = () => true,
): Promise<MemberPointsReport> {
  const byYear = { hospitalId, year };
  const [{ rulePack, policy }, members, meetings, lectures, services, calls] = await Promise.all([
    rulesFor(readModels, hospitalId),
    readModels.collection<MemberDocument>(membersProjection.collection).find({ hospitalId }),
    readModels.collection<MeetingDocument>(meetingsProjection.collection).find(byYear),
    readModels.collection<LectureDocument>(lecturesProjection.collection).find(byYear),
    readModels.collection<VolunteerServiceDocument>(volunteerServicesProjection.collection).find(byYear),
    readModels.collection<FollowUpCallsDocument>(followUpCallsProjection.collection).find(byYear),
  ]);

  const tallies = new Map<string, Tally>();
  const count = (memberId: string, field: keyof Tally, n = 1) => {
    const tally = tallies.get(memberId) ?? emptyTally();
    tally[field] += n;
    tallies.set(memberId, tally);
  };
  for (const meeting of meetings) {
    if (meeting.revoked) continue;
    for (const memberId of presentAt(meeting)) count(memberId, 'attendance');
    for (const { memberId, reason } of meeting.absentees) if (!hasReason(reason)) count(memberId, 'unexcusedAbsences');
  }
  for (const lecture of lectures) {
    for (const memberId of lecture.lecturerIds) count(memberId, 'lecturesGiven');
    for (const memberId of new Set(lecture.attendeeIds)) {
      if (!lecture.lecturerIds.includes(memberId)) count(memberId, 'lecturesAttended');
    }
  }
  for (const service of services) {
    for (const memberId of new Set(service.participantIds)) count(memberId, 'volunteerServices');
  }
  for (const { callerMemberId, completed } of calls) count(callerMemberId, 'followUpsCompleted', completed);

  const { points: values } = policy;
  const scored = members
    .map((member) => ({ member, branchId: lastBranchWithin(member, `${year}-01-01`, `${year}-12-31`) }))
    .filter(({ member, branchId }) => branchId !== null || tallies.has(member.memberId))
    .map(({ member, branchId }) => {
      const tally = tallies.get(member.memberId) ?? emptyTally();
      const points =
        tally.attendance * values.attendMeeting +
        tally.lecturesGiven * values.giveLecture +
        tally.lecturesAttended * values.attendLecture +
        tally.followUpsCompleted * values.completeFollowUp +
        tally.volunteerServices * values.volunteerService +
        tally.unexcusedAbsences * values.unexcusedAbsence;
      return { memberId: member.memberId, name: member.name, branchId, points, ...tally };
    })
    .sort((a, b) => b.points - a.points || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));

  const ranked: MemberPointsItem[] = [];
  for (const [index, entry] of scored.entries()) {
    const previous = ranked[index - 1];
    ranked.push({ rank: previous?.points === entry.points ? previous.rank : index + 1, ...entry });
  }
  const items = ranked.filter(visible).slice(0, limit);
  return { hospitalId, year, rulePack: rulePack.id, points: values, items };
}
