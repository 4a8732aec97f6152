import {
  hospitalPolicyStreamId,
  lectureStreamId,
  localDate,
  meetingStreamId,
  memberStreamId,
  orgUnitStreamId,
  type DomainEvent,
  type MeetingHeld,
  type MeetingKind,
  type MemberStatus,
  type Post,
  type Vote,
} from '@app/domain';
import { openEventStore, type EventStore } from '@app/event-store';
import { MemoryReadModelStore } from '../memory/memory-read-model-store';
import { Projector } from '../projector';
import { lecturesProjection, meetingsProjection } from './branch-activity.projections';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import {
  meetingCompliance,
  periodBounds,
  periodCadence,
  quorumMet,
  subPeriods,
  voteCarried,
  type MeetingComplianceItem,
} from './meeting-compliance.report';
import { membersProjection } from './members.projection';
import { orgUnitsProjection } from './org-units.projection';

const HOSPITAL = 'h1';
const ZONE = 'Asia/Shanghai';
const PROJECTIONS = [
  orgUnitsProjection,
  membersProjection,
  meetingsProjection,
  lecturesProjection,
  hospitalPoliciesProjection,
];

describe('meeting compliance rules', () => {
  it('accepts a month, a quarter or a year as the period, and refuses anything else', () => {
    expect(['2024-03', '2024-Q2', '2024'].map(periodCadence)).toEqual(['month', 'quarter', 'year']);
    for (const periodId of ['2024-13', '2024-Q5', '2024-3', '24', '2024-W10', '']) {
      expect(() => periodCadence(periodId)).toThrow(expect.objectContaining({ code: 'REPORT.INVALID_PERIOD' }));
    }
  });

  it('judges each cadence by the periods that lie wholly inside the report period', () => {
    expect(subPeriods('2024-Q2', 'month')).toEqual(['2024-04', '2024-05', '2024-06']);
    expect(subPeriods('2024-Q2', 'quarter')).toEqual(['2024-Q2']);
    expect(subPeriods('2024-Q2', 'year')).toEqual([]);
    expect(subPeriods('2024-03', 'quarter')).toEqual([]);
    expect(subPeriods('2024', 'quarter')).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(subPeriods('2024', 'month')).toHaveLength(12);
    expect(subPeriods('2024', 'year')).toEqual(['2024']);
    expect(periodBounds('2024-Q4')).toEqual({ from: '2024-10-01', until: '2025-01-01' });
    expect(periodBounds('2024-02')).toEqual({ from: '2024-02-01', until: '2024-03-01' });
  });

  it('counts exactly half present as a quorum (半数以上 includes the half), and nobody entitled as none', () => {
    expect(quorumMet(2, 4)).toBe(true);
    expect(quorumMet(3, 5)).toBe(true);
    expect(quorumMet(2, 5)).toBe(false);
    expect(quorumMet(0, 0)).toBe(false);
  });

  it('carries a resolution on yes > ½ of entitled, an election on > ⅘ present and yes > ½ of them', () => {
    const motion = (yes: number, election = false) => ({ yes, election });
    expect(voteCarried(motion(3), 4, 4)).toBe(true);
    expect(voteCarried(motion(2), 4, 2)).toBe(false); // half of entitled is not more than half
    expect(voteCarried(motion(3), 5, 3)).toBe(true); // every present voter, but judged on entitled
    expect(voteCarried(motion(3, true), 5, 5)).toBe(true);
    expect(voteCarried(motion(4, true), 5, 4)).toBe(false); // 4 of 5 present is not more than ⅘
    expect(voteCarried(motion(2, true), 4, 4)).toBe(false); // yes not more than half of those present
  });
});

describe('meeting compliance report', () => {
  let events: EventStore;
  let counter = 0;

  beforeEach(() => {
    events = openEventStore({ kind: 'sqlite', filename: ':memory:' });
  });
  afterEach(() => events.close());

  const append = (streamId: string, event: DomainEvent) => events.appendToStream(streamId, [event]);
  const unit = (unitId: string, kind: 'branch' | 'group', parentId: string | null, dissolvedOn?: string) =>
    append(orgUnitStreamId(unitId), {
      type: 'OrgUnitEstablished',
      data: { unitId, kind, name: `${unitId}党支部`, hospitalId: HOSPITAL, parentId, category: null, timeZone: ZONE },
    }).then(() =>
      dissolvedOn
        ? append(orgUnitStreamId(unitId), {
            type: 'OrgUnitDissolved',
            data: { unitId, effectiveOn: dissolvedOn, reason: '撤销' },
          })
        : undefined,
    );
  const member = (memberId: string, branchId: string, status: 'full' | 'probationary' = 'full', groupId?: string) =>
    append(memberStreamId(memberId), {
      type: 'MemberRegistered',
      data: {
        memberId,
        name: memberId,
        hospitalId: HOSPITAL,
        branchId,
        groupId: groupId ?? null,
        status,
        joinedPartyOn: '2015-07-01',
        joinedBranchOn: '2020-01-01',
        departmentHead: false,
      },
    });
  const statusChanged = (memberId: string, status: MemberStatus, effectiveOn: string) =>
    append(memberStreamId(memberId), {
      type: 'MemberStatusChanged',
      data: { memberId, status, effectiveOn, reason: '组织处理' },
    });
  const post = (memberId: string, role: Post, unitId: string, from = '2020-01-01', to: string | null = null) =>
    append(memberStreamId(memberId), { type: 'PostAssigned', data: { memberId, post: role, unitId, from, to } });
  const meeting = (
    unitId: string,
    kind: MeetingKind,
    heldAt: string,
    attendeeIds: readonly string[] = ['m1'],
    votes: readonly Vote[] = [],
    hostMemberId = attendeeIds[0] ?? 'm1',
  ) => {
    const meetingId = `mt${++counter}`;
    const data: MeetingHeld['data'] = {
      meetingId,
      unitId,
      kind,
      heldAt,
      hospitalId: HOSPITAL,
      heldOn: localDate(heldAt, ZONE),
      topic: kind,
      hostMemberId,
      attendeeIds,
      absentees: [],
      minutesSummary: null,
      votes,
    };
    return append(meetingStreamId(meetingId), { type: 'MeetingHeld', data }).then(() => meetingId);
  };
  const lecture = (unitId: string, givenAt: string) => {
    const lectureId = `lc${++counter}`;
    return append(lectureStreamId(lectureId), {
      type: 'PartyLectureGiven',
      data: {
        lectureId,
        unitId,
        lecturerIds: ['m1'],
        title: '党课',
        givenAt,
        hospitalId: HOSPITAL,
        givenOn: localDate(givenAt, ZONE),
        attendeeIds: ['m2'],
        durationMinutes: 60,
      },
    });
  };
  const vote = (motion: string, yes: number, election = false): Vote => ({ motion, yes, no: 0, abstain: 0, election });

  /** The log replayed by the real projections into a fresh store, as `asOf` does, then the report. */
  async function report(periodId: string): Promise<MeetingComplianceItem[]> {
    const readModels = new MemoryReadModelStore();
    await new Projector(events, readModels, PROJECTIONS).replay(() => true);
    return [...(await meetingCompliance(readModels, HOSPITAL, periodId)).items];
  }
  const itemOf = async (periodId: string, unitId = 'b1') => (await report(periodId)).find((i) => i.unitId === unitId)!;
  const codes = (item: MeetingComplianceItem) => item.findings.map((finding) => finding.code);

  /** Branch b1: four full members m1–m4 (m1 its secretary) and one probationary member p1. */
  async function givenBranch(): Promise<void> {
    await unit('b1', 'branch', null);
    for (const memberId of ['m1', 'm2', 'm3', 'm4']) await member(memberId, 'b1');
    await member('p1', 'b1', 'probationary');
    await post('m1', 'branch-secretary', 'b1');
  }

  it('needs a theme day each month of the quarter, placing a meeting by its Shanghai date across the quarter boundary', async () => {
    await givenBranch();
    await meeting('b1', 'theme-day', '2024-01-10T09:00:00+08:00');
    await meeting('b1', 'theme-day', '2024-02-10T09:00:00+08:00');
    await meeting('b1', 'theme-day', '2024-03-31T23:30:00+08:00');
    // 16:30 UTC on 31 March: already April, and the second quarter, in Shanghai.
    await meeting('b1', 'theme-day', '2024-04-01T00:30:00+08:00');

    const q1 = await itemOf('2024-Q1');
    expect(q1).toMatchObject({ required: { 'theme-day': 3 }, held: { 'theme-day': 3 }, satisfied: { 'theme-day': 3 } });
    expect(codes(q1)).not.toContain('MISSING_THEME_DAY');

    const q2 = await itemOf('2024-Q2');
    expect(q2).toMatchObject({ held: { 'theme-day': 1 }, satisfied: { 'theme-day': 1 } });
    expect(q2.findings.filter((finding) => finding.code === 'MISSING_THEME_DAY')).toEqual([
      { code: 'MISSING_THEME_DAY', detail: 'No valid theme-day in 2024-05' },
      { code: 'MISSING_THEME_DAY', detail: 'No valid theme-day in 2024-06' },
    ]);
  });

  it('reports every branch and group with the kinds due in the period and the ratio over them', async () => {
    await givenBranch();
    await unit('g1', 'group', 'b1');
    await unit('b0', 'branch', null, '2024-01-01');
    await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1', 'm2']);
    await meeting('b1', 'theme-day', '2024-02-10T09:00:00+08:00');
    await lecture('b1', '2024-03-01T09:00:00+08:00');

    const items = await report('2024-Q1');
    // b0 was dissolved before the quarter began.
    expect(items.map(({ unitId, kind, branchId }) => [unitId, kind, branchId])).toEqual([
      ['b1', 'branch', 'b1'],
      ['g1', 'group', 'b1'],
    ]);
    expect(items[0]).toMatchObject({
      required: {
        'general-assembly': 1,
        'branch-committee': 0,
        'theme-day': 3,
        'organizational-life': 0,
        'democratic-appraisal': 0,
        'party-lecture': 1,
      },
      satisfied: { 'general-assembly': 1, 'theme-day': 1, 'party-lecture': 1 },
      ratio: 3 / 5,
    });
    expect(codes(items[0])).toEqual(['MISSING_THEME_DAY', 'MISSING_THEME_DAY']);

    // Yearly kinds are due only in a whole-year report.
    const year = await itemOf('2024');
    expect(year.required).toMatchObject({ 'organizational-life': 1, 'democratic-appraisal': 1, 'party-lecture': 4 });
    expect(codes(year)).toContain('MISSING_ORGANIZATIONAL_LIFE');
    expect(codes(year)).toContain('MISSING_DEMOCRATIC_APPRAISAL');
  });

  it('counts a general assembly where exactly half the voting members are present', async () => {
    await givenBranch();
    await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1', 'm2']);
    const item = await itemOf('2024-Q1');
    expect(item.satisfied['general-assembly']).toBe(1);
    expect(codes(item)).not.toContain('QUORUM_NOT_MET');
  });

  it('counts the host as present though the minutes list only the others', async () => {
    await givenBranch();
    // Voting members m1–m4: m2 hosting and m1 attending are half.
    await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1'], [], 'm2');
    const item = await itemOf('2024-Q1');
    expect(item.satisfied['general-assembly']).toBe(1);
    expect(codes(item)).not.toContain('QUORUM_NOT_MET');
  });

  it('reports a general assembly below half the voting members as QUORUM_NOT_MET and does not count it', async () => {
    await givenBranch();
    const meetingId = await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1']);
    const item = await itemOf('2024-Q1');
    expect(item).toMatchObject({ held: { 'general-assembly': 0 }, satisfied: { 'general-assembly': 0 } });
    expect(item.findings.slice(0, 1)).toEqual([
      {
        code: 'QUORUM_NOT_MET',
        meetingId,
        detail: 'General assembly on 2024-02-01: 1 of 4 voting members present; at least half needed',
      },
    ]);
    expect(codes(item)).toContain('MISSING_GENERAL_ASSEMBLY');
  });

  it('counts neither probationary nor suspended members as entitled or present voters', async () => {
    await givenBranch();
    await statusChanged('m4', 'suspended', '2024-01-15');
    // Voting members on 2 February: m1, m2, m3. m4 (suspended) and p1 (probationary) attend but do not count.
    const short = await meeting('b1', 'general-assembly', '2024-02-02T09:00:00+08:00', ['m1', 'm4', 'p1']);
    await meeting('b1', 'general-assembly', '2024-02-03T09:00:00+08:00', ['m1', 'm2', 'p1']);
    const item = await itemOf('2024-Q1');
    expect(item.findings.filter((finding) => finding.code === 'QUORUM_NOT_MET')).toEqual([
      expect.objectContaining({ meetingId: short, detail: expect.stringContaining('1 of 3 voting members') }),
    ]);
    expect(item.held['general-assembly']).toBe(1);
  });

  it('needs half the branch committee present at a committee meeting, and one such meeting each month', async () => {
    await givenBranch();
    await post('m2', 'branch-committee-member', 'b1');
    await post('m3', 'branch-committee-member', 'b1');
    await post('m4', 'branch-committee-member', 'b1', '2020-01-01', '2024-01-31');
    // January: committee m1–m4, two present is half. February: m1–m3, one present is below half.
    await meeting('b1', 'branch-committee', '2024-01-20T09:00:00+08:00', ['m1', 'm4', 'p1']);
    const short = await meeting('b1', 'branch-committee', '2024-02-20T09:00:00+08:00', ['m1', 'p1']);
    await meeting('b1', 'branch-committee', '2024-03-20T09:00:00+08:00', ['m2', 'm3']);
    const item = await itemOf('2024-Q1');
    expect(item).toMatchObject({
      required: { 'branch-committee': 3 },
      held: { 'branch-committee': 2 },
      satisfied: { 'branch-committee': 2 },
    });
    expect(item.findings.filter((finding) => finding.meetingId !== undefined)).toEqual([
      {
        code: 'QUORUM_NOT_MET',
        meetingId: short,
        detail: 'Branch committee meeting on 2024-02-20: 1 of 3 committee members present; at least half needed',
      },
    ]);
    expect(item.findings).toContainEqual({
      code: 'MISSING_BRANCH_COMMITTEE',
      detail: 'No valid branch-committee in 2024-02',
    });
  });

  it('exempts a branch without a committee (its secretary alone) from the monthly committee meeting', async () => {
    await givenBranch();
    const item = await itemOf('2024-Q1');
    expect(item.required['branch-committee']).toBe(0);
    expect(codes(item)).not.toContain('MISSING_BRANCH_COMMITTEE');
  });

  it('reports a resolution without yes from more than half the entitled voting members as VOTE_NOT_CARRIED', async () => {
    await givenBranch();
    const meetingId = await meeting(
      'b1',
      'general-assembly',
      '2024-02-01T09:00:00+08:00',
      ['m1', 'm2', 'm3'],
      [vote('接收预备党员', 3), vote('党费使用', 2)],
    );
    const item = await itemOf('2024-Q1');
    expect(item.findings.filter((finding) => finding.code === 'VOTE_NOT_CARRIED')).toEqual([
      {
        code: 'VOTE_NOT_CARRIED',
        meetingId,
        detail: 'Motion "党费使用" on 2024-02-01: 2 yes of 4 voting members; more than half needed',
      },
    ]);
    // The meeting itself was quorate, so it still counts.
    expect(item.satisfied['general-assembly']).toBe(1);
  });

  it('carries an election only with more than four fifths present and yes from more than half of them', async () => {
    await givenBranch();
    await member('m5', 'b1');
    // Five entitled: four present is not more than ⅘; all five present and three yes carries.
    const fewPresent = await meeting(
      'b1',
      'general-assembly',
      '2024-02-01T09:00:00+08:00',
      ['m1', 'm2', 'm3', 'm4'],
      [vote('选举支部书记', 4, true)],
    );
    await meeting(
      'b1',
      'general-assembly',
      '2024-02-02T09:00:00+08:00',
      ['m1', 'm2', 'm3', 'm4', 'm5'],
      [vote('选举支部书记', 3, true)],
    );
    const fewYes = await meeting(
      'b1',
      'general-assembly',
      '2024-02-03T09:00:00+08:00',
      ['m1', 'm2', 'm3', 'm4', 'm5'],
      [vote('选举组织委员', 2, true)],
    );
    const item = await itemOf('2024-Q1');
    expect(
      item.findings.filter((finding) => finding.code === 'VOTE_NOT_CARRIED').map((finding) => finding.meetingId),
    ).toEqual([fewPresent, fewYes]);
    expect(item.findings[0].detail).toBe(
      'Election "选举支部书记" on 2024-02-01: 4 of 5 voting members present (more than four fifths needed), 4 yes (more than half of those present needed)',
    );
  });

  it('ignores a revoked meeting record entirely', async () => {
    await givenBranch();
    const revoked = await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1']);
    await append(meetingStreamId(revoked), {
      type: 'MeetingRecordRevoked',
      data: { meetingId: revoked, reason: '重复录入' },
    });
    const item = await itemOf('2024-Q1');
    expect(item.held['general-assembly']).toBe(0);
    expect(item.findings.some((finding) => finding.meetingId === revoked)).toBe(false);
    expect(codes(item)).toContain('MISSING_GENERAL_ASSEMBLY');
  });

  it('judges a corrected meeting record as corrected', async () => {
    await givenBranch();
    const meetingId = await meeting('b1', 'general-assembly', '2024-02-01T09:00:00+08:00', ['m1']);
    expect(codes(await itemOf('2024-Q1'))).toContain('QUORUM_NOT_MET');
    await append(meetingStreamId(meetingId), {
      type: 'MeetingRecordCorrected',
      data: { meetingId, reason: '补录签到', attendeeIds: ['m1', 'm2', 'm3'] },
    });
    const item = await itemOf('2024-Q1');
    expect(item.satisfied['general-assembly']).toBe(1);
    expect(codes(item)).not.toContain('QUORUM_NOT_MET');
  });

  it('needs the hospital’s own number of party lectures per quarter', async () => {
    await givenBranch();
    await lecture('b1', '2024-01-15T14:00:00+08:00');
    expect((await itemOf('2024-Q1')).satisfied['party-lecture']).toBe(1);

    await append(hospitalPolicyStreamId(HOSPITAL), {
      type: 'HospitalPolicySet',
      data: {
        hospitalId: HOSPITAL,
        rulePackId: 'cn-branch-2018',
        overrides: { lecturesPerBranchPerQuarter: 2 },
        reason: '院党委决定',
      },
    });
    const item = await itemOf('2024-Q1');
    expect(item).toMatchObject({
      required: { 'party-lecture': 1 },
      held: { 'party-lecture': 1 },
      satisfied: { 'party-lecture': 0 },
    });
    expect(item.findings).toContainEqual({ code: 'MISSING_PARTY_LECTURE', detail: '1 of 2 party lectures in 2024-Q1' });

    await lecture('b1', '2024-03-31T23:30:00+08:00');
    expect((await itemOf('2024-Q1')).satisfied['party-lecture']).toBe(1);
  });

  it('needs a group meeting each month in every group, and nothing else of a group', async () => {
    await givenBranch();
    await unit('g1', 'group', 'b1');
    await unit('g2', 'group', 'b1');
    await meeting('g1', 'group-meeting', '2024-01-05T12:00:00+08:00');
    await meeting('g1', 'group-meeting', '2024-02-05T12:00:00+08:00');
    await meeting('g1', 'group-meeting', '2024-03-05T12:00:00+08:00');
    await meeting('g2', 'group-meeting', '2024-03-05T12:00:00+08:00');
    const items = await report('2024-Q1');
    const [g1, g2] = ['g1', 'g2'].map((unitId) => items.find((item) => item.unitId === unitId)!);
    expect(g1).toMatchObject({
      kind: 'group',
      branchId: 'b1',
      required: { 'group-meeting': 3 },
      held: { 'group-meeting': 3 },
      satisfied: { 'group-meeting': 3 },
      ratio: 1,
      findings: [],
    });
    expect(Object.keys(g1.required)).toEqual(['group-meeting']);
    expect(g2).toMatchObject({ satisfied: { 'group-meeting': 1 }, ratio: 1 / 3 });
    expect(g2.findings.map((finding) => finding.detail)).toEqual([
      'No valid group-meeting in 2024-01',
      'No valid group-meeting in 2024-02',
    ]);
  });

  it('refuses a period that is not a month, quarter or year', async () => {
    await expect(meetingCompliance(new MemoryReadModelStore(), HOSPITAL, '2024-Q5')).rejects.toMatchObject({
      code: 'REPORT.INVALID_PERIOD',
    });
  });
});
