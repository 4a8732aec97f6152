import {
  evolveMember,
  initialMemberState,
  lectureDecider,
  type MemberRegistered,
  type OrgUnitEstablished,
  type PartyLectureGiven,
  type PartyLectureGivenV1,
  type UnitFacts,
} from '@app/domain';
import type { ReadModelStore } from '../read-model-store.port';
import { projectedReadModels, type GivenEvent } from '../testing/projected-read-models';
import { lecturesProjection, meetingsProjection } from './branch-activity.projections';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import { meetingCompliance } from './meeting-compliance.report';
import { memberPoints } from './member-points.report';
import { membersProjection } from './members.projection';
import { orgUnitsProjection } from './org-units.projection';
import { organizationReport } from './organization.report';

const PROJECTIONS = [
  orgUnitsProjection,
  membersProjection,
  meetingsProjection,
  lecturesProjection,
  hospitalPoliciesProjection,
];

const branch: OrgUnitEstablished = {
  type: 'OrgUnitEstablished',
  data: {
    unitId: 'b',
    kind: 'branch',
    name: '心内科党支部',
    hospitalId: 'h1',
    parentId: 'committee',
    category: 'clinical',
    timeZone: 'Asia/Shanghai',
  },
};
const registered = (memberId: string): MemberRegistered => ({
  type: 'MemberRegistered',
  data: {
    memberId,
    name: memberId,
    hospitalId: 'h1',
    branchId: 'b',
    groupId: null,
    status: 'full',
    joinedPartyOn: '2010-07-01',
    joinedBranchOn: '2015-01-01',
    departmentHead: false,
  },
});
const people = ['zhang', 'wang', 'li', 'zhao'].map(registered);
const setup: GivenEvent[] = [branch, ...people];

/** A lecture as the current decider records it, given the branch and its members as facts. */
function decidedLecture(lectureId: string, givenAt: string, lecturerId: string, attendeeIds: string[]) {
  const unit: UnitFacts = { ...branch.data, dissolvedOn: null, ancestors: ['committee'] };
  const facts = Object.fromEntries(
    people.map((event) => {
      const state = evolveMember(initialMemberState, event);
      return [event.data.memberId, state.status === 'registered' ? state.member : null];
    }),
  );
  const [lecture] = lectureDecider.decide(
    {
      type: 'GiveLecture',
      lectureId,
      unitId: 'b',
      lecturerIds: [lecturerId],
      title: '党课',
      givenAt,
      attendeeIds,
      durationMinutes: 60,
      unit,
      people: facts,
      branchAncestors: { b: ['committee'] },
      now: '2024-12-31T00:00:00Z',
    },
    lectureDecider.initialState,
  );
  return lecture;
}

/** The same lecture as version 1 wrote it, before lectures could be given jointly. */
function asVersion1({ type, data }: PartyLectureGiven): GivenEvent {
  const { lecturerIds, ...lecture } = data;
  const v1: PartyLectureGivenV1 = { type, data: { ...lecture, lecturerId: lecturerIds[0] } };
  return { ...v1, metadata: { schemaVersion: 1 } };
}

const reports = (readModels: ReadModelStore) =>
  Promise.all([
    memberPoints(readModels, 'h1', '2024', 100),
    organizationReport(readModels, 'h1', '2024-06-30'),
    meetingCompliance(readModels, 'h1', '2024-Q2'),
  ]);

describe('PartyLectureGiven v1 and v2 in one log', () => {
  // zhang takes part only by giving the v1 lecture: points and activity both depend on reading it right.
  const first = decidedLecture('l1', '2024-04-02T15:00:00+08:00', 'zhang', ['wang', 'li']);
  const second = decidedLecture('l2', '2024-05-10T15:00:00+08:00', 'wang', ['zhao']);

  it('rebuilds to the same member points, organization and compliance reports as a log of v2 only', async () => {
    const [mixed, current] = await Promise.all([
      projectedReadModels(PROJECTIONS, [...setup, asVersion1(first), second]).then(reports),
      projectedReadModels(PROJECTIONS, [...setup, first, second]).then(reports),
    ]);
    expect(mixed).toEqual(current);

    const [points, organization] = mixed;
    const zhang = points.items.find((item) => item.memberId === 'zhang');
    expect(zhang).toMatchObject({ lecturesGiven: 1, lecturesAttended: 0, points: 3 });
    const inactive = organization.items[0].findings.filter((finding) => finding.code === 'MEMBER_INACTIVE_6_MONTHS');
    expect(inactive).toEqual([]);
  });
});
