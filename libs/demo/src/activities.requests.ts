import {
  CN_BRANCH_2018,
  calendarPeriods,
  canVoteOn,
  membershipOn,
  quarterMonths,
  type CalendarDate,
  type MeetingKind,
} from '@app/domain';
import { cadencePeriodOf, meetingIdFor } from './demo-ids';
import { dayOfMonth, instant, localTime, workingDay } from './calendar';
import type { CityPlan } from './city.plan';
import { branchSecretary, hospitalAdmin } from './callers';
import { post, type DemoChain, type DemoRequest, type DemoWave } from './demo-request';
import { followUpChains, type PatientNumbers } from './follow-ups.requests';
import {
  takingPartOn,
  type BranchPlan,
  type GroupPlan,
  type HospitalPlan,
  type PlannedMember,
} from './organization.plan';
import { randomFor, type Random } from './random';

/** Month by month, in order, so the log reads like the window's work entered as it happened. */
export function activityWave(plan: CityPlan): DemoWave {
  return { name: '三会一课 meetings, 党课, 义诊 and follow-ups', chains: () => activityChains(plan) };
}

function* activityChains(plan: CityPlan): Generator<DemoChain> {
  const patientNumbers: PatientNumbers = new Map();
  for (const month of plan.window.months) {
    for (const hospital of plan.hospitals) {
      for (const branch of hospital.branches) {
        yield* branchMeetings(plan, branch, month);
        for (const group of branch.groups) yield* groupMeeting(plan, branch, group, month);
        yield* branchLecture(plan, branch, month);
        yield* volunteerService(plan, branch, month);
        yield* followUpChains(plan, hospital, branch, month, patientNumbers);
      }
      yield* committeeLecture(plan, hospital, month);
    }
  }
}

// ── 三会 meetings ─────────────────────────────────────────────────────────────────────────────────────────────

const BRANCH_KINDS = (Object.keys(CN_BRANCH_2018.cadence) as MeetingKind[]).filter((kind) => kind !== 'group-meeting');

/** How often a unit lets a required meeting slip: the gaps the compliance report finds. */
const MISSED: Readonly<Record<MeetingKind, number>> = {
  'general-assembly': 0.03,
  'branch-committee': 0.04,
  'group-meeting': 0.04,
  'theme-day': 0.03,
  'organizational-life': 0.05,
  'democratic-appraisal': 0.05,
};

const HOURS: Readonly<Record<MeetingKind, number>> = {
  'general-assembly': 16,
  'branch-committee': 12,
  'group-meeting': 12,
  'theme-day': 15,
  'organizational-life': 14,
  'democratic-appraisal': 14,
};

const TOPICS: Readonly<Record<Exclude<MeetingKind, 'theme-day'>, readonly string[]>> = {
  'general-assembly': [
    '传达学习上级会议精神，通报本季度支部工作',
    '学习贯彻党的二十届三中全会精神',
    '讨论发展党员和预备党员转正事项',
    '通报党费收缴情况，部署下季度工作',
  ],
  'branch-committee': [
    '研究本月支部工作计划',
    '研究党员教育管理事项',
    '讨论党风廉政建设和医德医风工作',
    '研究发展党员工作',
  ],
  'group-meeting': [
    '学习党章党规',
    '交流学习心得，开展谈心谈话',
    '讨论科室医疗质量改进措施',
    '学习典型案例，筑牢廉洁防线',
  ],
  'organizational-life': ['年度组织生活会：对照检查，开展批评与自我批评'],
  'democratic-appraisal': ['年度民主评议党员'],
};

/** 主题党日 follows the calendar of the year. */
const THEME_DAYS = [
  '学习贯彻全国卫生健康工作会议精神',
  '新春走访慰问困难党员和离退休老党员',
  '学雷锋志愿服务主题党日',
  '清明祭英烈，传承红色基因',
  '弘扬劳模精神，争做岗位先锋',
  '医德医风专题教育',
  '庆祝中国共产党成立纪念日，重温入党誓词',
  '中国医师节：践行崇高职业精神',
  '学习《中国共产党纪律处分条例》',
  '国庆主题党日：爱国主义教育',
  '学习党的创新理论，推动医院高质量发展',
  '年终总结，开展批评与自我批评',
];

const ABSENCE_REASONS = ['外出进修', '夜班休息', '病假', '公休假', '下乡对口支援', '参加上级培训', '急诊手术', '产假'];
const CORRECTION_REASON = '据会议签到表补记漏登的出席党员';
const REVOCATION_REASON = '同一会议重复录入，撤销此条记录';

interface Scheduled {
  readonly meetingId: string;
  readonly period: string;
  readonly on: CalendarDate;
  readonly random: Random;
}

/**
 * When a unit holds its meeting of a kind, if it does in this month: once per cadence period (the yearly
 * 组织生活会 and 民主评议 at the start of the year), on a working day; now and then not at all. Planned stories
 * are always held.
 */
function scheduled(plan: CityPlan, unitId: string, kind: MeetingKind, month: string): Scheduled | null {
  const period = cadencePeriodOf(kind, `${month}-01`);
  const random = randomFor(plan.seed, 'meeting', unitId, kind, period);
  const months = plan.window.months.filter((candidate) => cadencePeriodOf(kind, `${candidate}-01`) === period);
  const heldIn = CN_BRANCH_2018.cadence[kind] === 'year' ? months[0] : random.pick(months);
  if (heldIn !== month) return null;
  const meetingId = meetingIdFor(unitId, kind, period);
  const { stories } = plan;
  const planned = [stories.quorumFailures, stories.meetingCorrections, stories.duplicateRecords].some((story) =>
    story.has(meetingId),
  );
  if (!planned && random.chance(MISSED[kind])) return null;
  return { meetingId, period, on: workingDay(dayOfMonth(month, random.int(3, 26))), random };
}

function* branchMeetings(plan: CityPlan, branch: BranchPlan, month: string): Generator<DemoChain> {
  for (const kind of BRANCH_KINDS) {
    if (kind === 'branch-committee' && branch.committeeMemberIds.length === 0) continue;
    const meeting = scheduled(plan, branch.unitId, kind, month);
    if (!meeting) continue;
    const { random, on } = meeting;
    const { people, voters } = invited(branch, kind, on);
    const fail = plan.stories.quorumFailures.has(meeting.meetingId);
    const attended = attendance(random, people, branch.secretaryId, branch.spec.retirees ? 0.72 : 0.88, voters, fail);
    const topic = kind === 'theme-day' ? THEME_DAYS[Number(month.slice(5)) - 1] : random.pick(TOPICS[kind]);
    const votes =
      kind === 'general-assembly' && voters ? conversionVotes(random, branch, meeting.period, attended, voters) : [];
    const request = post(
      '/api/meetings',
      {
        meetingId: meeting.meetingId,
        unitId: branch.unitId,
        kind,
        heldAt: instant(localTime(on, HOURS[kind], random.pick([0, 30]))),
        topic,
        hostMemberId: branch.secretaryId,
        ...attended,
        ...(random.chance(0.6) ? { minutesSummary: `会议围绕“${topic}”开展学习讨论，并部署了下一阶段工作。` } : {}),
        ...(votes.length ? { votes } : {}),
      },
      branchSecretary(branch),
    );
    yield [request, ...correction(plan, request, attended)];
    if (plan.stories.duplicateRecords.has(meeting.meetingId)) yield duplicateRecord(request);
  }
}

/** Who a branch meeting is for, and who counts toward its quorum: none for kinds without one. */
function invited(
  branch: BranchPlan,
  kind: MeetingKind,
  on: CalendarDate,
): { people: PlannedMember[]; voters: ReadonlySet<string> | null } {
  const present = takingPartOn(branch.members, { unitId: branch.unitId, kind: 'branch' }, on);
  if (kind === 'branch-committee') {
    const committee = new Set([branch.secretaryId, ...branch.committeeMemberIds]);
    return { people: present.filter((member) => committee.has(member.memberId)), voters: committee };
  }
  return { people: present, voters: kind === 'general-assembly' ? votingMembersOn(branch, on) : null };
}

function* groupMeeting(plan: CityPlan, branch: BranchPlan, group: GroupPlan, month: string): Generator<DemoChain> {
  const meeting = scheduled(plan, group.unitId, 'group-meeting', month);
  if (!meeting) return;
  const { random, on } = meeting;
  const people = takingPartOn(branch.members, { unitId: group.unitId, kind: 'group' }, on);
  yield [
    post(
      '/api/meetings',
      {
        meetingId: meeting.meetingId,
        unitId: group.unitId,
        kind: 'group-meeting',
        heldAt: instant(localTime(on, HOURS['group-meeting'], 30)),
        topic: random.pick(TOPICS['group-meeting']),
        hostMemberId: group.leaderId,
        ...attendance(random, people, group.leaderId, 0.9, null, false),
      },
      branchSecretary(branch),
    ),
  ];
}

interface Attendance {
  readonly attendeeIds: string[];
  readonly absentees: { readonly memberId: string; readonly reason: string }[];
}

/**
 * Who came: the host, and each of the others at `rate`. Where a quorum counts (`voters`: everyone entitled to
 * vote, taking part or not), enough voters come, unless the meeting is one of the planned failures, where fewer
 * than half of them do. Most of those who stay away give a reason.
 */
function attendance(
  random: Random,
  people: readonly PlannedMember[],
  hostId: string,
  rate: number,
  voters: ReadonlySet<string> | null,
  failQuorum: boolean,
): Attendance {
  const isVoter = (memberId: string) => voters?.has(memberId) ?? false;
  const entitled = voters?.size ?? 0;
  const cap = failQuorum ? Math.ceil(entitled / 2) - 1 : Infinity;
  const present = new Set([hostId]);
  let presentVoters = isVoter(hostId) ? 1 : 0;
  for (const { memberId } of people) {
    if (present.has(memberId) || !random.chance(rate)) continue;
    if (isVoter(memberId)) {
      if (presentVoters >= cap) continue;
      presentVoters++;
    }
    present.add(memberId);
  }
  for (const { memberId } of people) {
    if (failQuorum || presentVoters * 2 >= entitled) break;
    if (present.has(memberId) || !isVoter(memberId)) continue;
    present.add(memberId);
    presentVoters++;
  }
  const away = people.filter((member) => !present.has(member.memberId));
  return {
    attendeeIds: people.filter((member) => present.has(member.memberId)).map((member) => member.memberId),
    absentees: away
      .filter(() => random.chance(0.75))
      .map(({ memberId }) => ({ memberId, reason: random.pick(ABSENCE_REASONS) })),
  };
}

/** Everyone entitled to vote, whether or not they take part: the quorum is reckoned on all of them. */
function votingMembersOn(branch: BranchPlan, date: CalendarDate): Set<string> {
  const voting = branch.members.filter(
    (member) => membershipOn(member.record, date)?.branchId === branch.unitId && canVoteOn(member.record, date),
  );
  return new Set(voting.map((member) => member.memberId));
}

/** 预备党员转正: the branch assembly of the quarter votes on each probationary member whose year is up. */
function conversionVotes(
  random: Random,
  branch: BranchPlan,
  quarter: string,
  attended: Attendance,
  voters: ReadonlySet<string>,
) {
  const presentVoters = attended.attendeeIds.filter((memberId) => voters.has(memberId)).length;
  return branch.members
    .filter((member) => member.status === 'probationary')
    .filter((member) =>
      member.statusChanges.some((c) => c.status === 'full' && calendarPeriods(c.effectiveOn).quarter === quarter),
    )
    .map((member) => {
      const abstain = presentVoters > 1 && random.chance(0.2) ? 1 : 0;
      return {
        motion: `关于${member.name}同志预备期满转为正式党员的决议`,
        yes: presentVoters - abstain,
        no: 0,
        abstain,
      };
    });
}

/** A planned correction: someone recorded as absent had signed the attendance sheet after all. */
function correction(plan: CityPlan, held: DemoRequest, attended: Attendance): DemoRequest[] {
  const { meetingId } = held.body as { meetingId: string };
  const [signedIn, ...stillAway] = attended.absentees;
  if (!plan.stories.meetingCorrections.has(meetingId) || !signedIn) return [];
  return [
    post(
      `/api/meetings/${meetingId}/corrections`,
      { reason: CORRECTION_REASON, attendeeIds: [...attended.attendeeIds, signedIn.memberId], absentees: stillAway },
      held.as,
    ),
  ];
}

/** A planned double entry: the same meeting recorded again under a new id, then revoked with the reason. */
function duplicateRecord(held: DemoRequest): DemoChain {
  const duplicateId = `${(held.body as { meetingId: string }).meetingId}-dup`;
  return [
    post('/api/meetings', { ...held.body, meetingId: duplicateId }, held.as),
    post(`/api/meetings/${duplicateId}/revocation`, { reason: REVOCATION_REASON }, held.as),
  ];
}

// ── 一课: 党课 party lectures ─────────────────────────────────────────────────────────────────────────────────

const LECTURE_TITLES = [
  '践行初心使命，守护人民健康',
  '弘扬伟大建党精神，争做新时代好医生',
  '以党建引领公立医院高质量发展',
  '学习新修订的《中国共产党纪律处分条例》',
  '从抗疫精神中汲取奋进力量',
  '坚持以人民健康为中心',
  '加强医德医风建设，纠正医药购销领域不正之风',
];

/** Each branch's quarterly 党课, given by its secretary or a committee member, now and then missed. */
function* branchLecture(plan: CityPlan, branch: BranchPlan, month: string): Generator<DemoChain> {
  const { quarter } = calendarPeriods(`${month}-01`);
  const random = randomFor(plan.seed, 'lecture', branch.unitId, quarter);
  if (random.pick(quarterMonths(quarter).months) !== month || random.chance(0.04)) return;
  const on = workingDay(dayOfMonth(month, random.int(3, 26)));
  const present = takingPartOn(branch.members, { unitId: branch.unitId, kind: 'branch' }, on);
  const lecturerId = random.chance(0.7)
    ? branch.secretaryId
    : random.pick([branch.secretaryId, ...branch.committeeMemberIds]);
  yield [
    post(
      '/api/lectures',
      {
        lectureId: `${branch.unitId}-lecture-${quarter.toLowerCase()}`,
        unitId: branch.unitId,
        lecturerId,
        title: random.pick(LECTURE_TITLES),
        givenAt: instant(localTime(on, random.pick([12, 15, 16]), 0)),
        attendeeIds: present
          .filter((member) => member.memberId !== lecturerId && random.chance(0.85))
          .map((member) => member.memberId),
        durationMinutes: random.pick([60, 90, 90, 120]),
      },
      branchSecretary(branch),
    ),
  ];
}

/** 党委书记讲党课: once a year, to the branch secretaries and committee members of the whole hospital. */
function* committeeLecture(plan: CityPlan, hospital: HospitalPlan, month: string): Generator<DemoChain> {
  const { year } = calendarPeriods(`${month}-01`);
  const random = randomFor(plan.seed, 'committee-lecture', hospital.committeeId, year);
  if (random.pick(plan.window.months.filter((candidate) => candidate.startsWith(year))) !== month) return;
  const on = workingDay(dayOfMonth(month, random.int(3, 26)));
  const audience = new Set([
    ...hospital.branches.map((branch) => branch.secretaryId),
    ...hospital.branches.flatMap((branch) => branch.committeeMemberIds),
    ...hospital.committeeMemberIds,
  ]);
  audience.delete(hospital.committeeSecretaryId);
  yield [
    post(
      '/api/lectures',
      {
        lectureId: `${hospital.committeeId}-lecture-${year}`,
        unitId: hospital.committeeId,
        lecturerId: hospital.committeeSecretaryId,
        title: `${year}年度专题党课：${random.pick(LECTURE_TITLES)}`,
        givenAt: instant(localTime(on, 14, 30)),
        attendeeIds: [...audience],
        durationMinutes: 120,
      },
      hospitalAdmin(hospital),
    ),
  ];
}

// ── 义诊 volunteer clinics ────────────────────────────────────────────────────────────────────────────────────

const CLINIC_PLACES = [
  '兴隆台区兴盛街道社区卫生服务中心',
  '双台子区红旗街道社区卫生服务站',
  '大洼区田家街道卫生院',
  '盘山县沙岭镇中心卫生院',
  '盘山县胡家镇卫生院',
  '辽河油田兴隆台采油厂职工之家',
  '盘锦市老年大学',
  '红海滩风景区游客服务中心',
];

/** Wards and the retired staff run a clinic in about half of the quarters. */
function* volunteerService(plan: CityPlan, branch: BranchPlan, month: string): Generator<DemoChain> {
  if (branch.spec.dischargesPerMonth === 0 && !branch.spec.retirees) return;
  const { quarter } = calendarPeriods(`${month}-01`);
  const random = randomFor(plan.seed, 'volunteer-service', branch.unitId, quarter);
  if (!random.chance(0.5) || random.pick(quarterMonths(quarter).months) !== month) return;
  const heldOn = dayOfMonth(month, random.int(1, 28));
  const present = takingPartOn(branch.members, { unitId: branch.unitId, kind: 'branch' }, heldOn);
  const participants = random.shuffled(present).slice(0, Math.min(present.length, random.int(3, 8)));
  yield [
    post(
      '/api/volunteer-services',
      {
        serviceId: `${branch.unitId}-vs-${quarter.toLowerCase()}`,
        unitId: branch.unitId,
        heldOn,
        place: random.pick(CLINIC_PLACES),
        participantIds: participants.map((member) => member.memberId),
        beneficiaries: random.int(30, 300),
      },
      branchSecretary(branch),
    ),
  ];
}
