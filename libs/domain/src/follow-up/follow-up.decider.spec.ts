import type { MemberTransferred } from '../organization/member.events';
import { specFor } from '../testing/given-when-then';
import { branchFacts, memberRecord, memberRegistered } from '../testing/fixtures';
import type { AttemptFollowUp, ScheduleFollowUp } from './follow-up.commands';
import { followUpDecider } from './follow-up.decide';
import type { FollowUpAttempted, FollowUpCompleted, FollowUpScheduled } from './follow-up.events';

const given = specFor(followUpDecider);
const now = '2024-04-10T12:00:00.000Z';

const cardiology = branchFacts('cardiology');
const followUpCase = {
  branchId: 'cardiology',
  hospitalId: 'pj-central',
  dischargedAt: '2024-03-30T10:00:00+08:00',
  dischargedOn: '2024-03-30',
};
const scheduledData: FollowUpScheduled['data'] = { followUpId: 'fu-1', patientRef: 'PR-2024-000123', ...followUpCase };
const schedule: ScheduleFollowUp = {
  type: 'ScheduleFollowUp',
  followUpId: 'fu-1',
  branchId: 'cardiology',
  patientRef: 'PR-2024-000123',
  dischargedAt: '2024-03-30T10:00:00+08:00',
  branch: cardiology,
  now,
};
const scheduled: FollowUpScheduled = { type: 'FollowUpScheduled', data: scheduledData };

// Nurse Li belonged to cardiology until she moved to surgery on 2024-04-01 (Shanghai time).
const li = memberRecord(memberRegistered('li', 'cardiology'), {
  type: 'MemberTransferred',
  data: {
    memberId: 'li',
    fromBranchId: 'cardiology',
    toBranchId: 'surgery',
    toGroupId: null,
    effectiveOn: '2024-04-01',
  },
} satisfies MemberTransferred);
const attempt: AttemptFollowUp = {
  type: 'AttemptFollowUp',
  followUpId: 'fu-1',
  callerMemberId: 'li',
  calledAt: '2024-03-31T09:00:00+08:00',
  outcome: 'reached',
  satisfaction: 5,
  notes: '恢复良好',
  caller: li,
  branchAncestors: { cardiology: ['pj-central-committee'], surgery: ['pj-central-committee'] },
  branch: cardiology,
  now,
};
const completedData: FollowUpCompleted['data'] = {
  followUpId: 'fu-1',
  callerMemberId: 'li',
  calledAt: '2024-03-31T09:00:00+08:00',
  satisfaction: 5,
  notes: '恢复良好',
  ...followUpCase,
};
const completed: FollowUpCompleted = { type: 'FollowUpCompleted', data: completedData };
const noAnswer: FollowUpAttempted = {
  type: 'FollowUpAttempted',
  data: {
    followUpId: 'fu-1',
    callerMemberId: 'li',
    calledAt: '2024-03-31T09:00:00+08:00',
    outcome: 'no-answer',
    notes: null,
  },
};

describe('follow-up call (出院回访)', () => {
  describe('scheduling', () => {
    it('is scheduled for a discharge from an active branch, naming the patient only by reference', () => {
      given([]).when(schedule).then([scheduled]);
    });

    it('cannot be scheduled twice', () => {
      given([scheduled]).when(schedule).thenRefusedWith('FOLLOWUP.ALREADY_SCHEDULED');
    });

    it('belongs to a branch that exists', () => {
      given([])
        .when({ ...schedule, branch: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
    });

    it('belongs to a branch, not a group or a committee', () => {
      given([])
        .when({ ...schedule, branch: branchFacts('cardiology', { kind: 'group' }) })
        .thenRefusedWith('ORG_UNIT.WRONG_KIND');
    });

    it('is refused for a branch dissolved by the local date of the discharge', () => {
      // 2024-03-31T16:30Z is already 2024-04-01 in Shanghai.
      const dischargedAt = '2024-03-31T16:30:00Z';
      given([])
        .when({ ...schedule, dischargedAt, branch: branchFacts('cardiology', { dissolvedOn: '2024-04-01' }) })
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
      const stillActive = branchFacts('cardiology', { dissolvedOn: '2024-04-02' });
      given([])
        .when({ ...schedule, dischargedAt, branch: stillActive })
        .then([{ type: 'FollowUpScheduled', data: { ...scheduledData, dischargedAt, dischargedOn: '2024-04-01' } }]);
    });

    it('cannot record a discharge in the future', () => {
      given([])
        .when({ ...schedule, dischargedAt: '2024-04-10T20:10:00+08:00' })
        .thenRefusedWith('TIME.IN_FUTURE');
    });

    it('refuses a patientRef holding a mobile or resident ID number', () => {
      given([])
        .when({ ...schedule, patientRef: '13912345678' })
        .thenRefusedWith('PII.FORBIDDEN');
      given([])
        .when({ ...schedule, patientRef: '11010519900307123X' })
        .thenRefusedWith('PII.FORBIDDEN');
    });
  });

  describe('attempts', () => {
    it('a call that reaches the patient completes the follow-up, with the reported satisfaction', () => {
      given([scheduled]).when(attempt).then([completed]);
    });

    it('a reached patient may decline to rate the call', () => {
      given([scheduled])
        .when({ ...attempt, satisfaction: null })
        .then([{ type: 'FollowUpCompleted', data: { ...completedData, satisfaction: null } }]);
    });

    it('a call that does not reach the patient is recorded as an attempt and leaves the follow-up open', () => {
      given([scheduled])
        .when({ ...attempt, outcome: 'no-answer', satisfaction: null, notes: null })
        .then([noAnswer]);
      given([scheduled, noAnswer]).when(attempt).then([completed]);
    });

    it('is refused for a follow-up that was never scheduled', () => {
      given([]).when(attempt).thenRefusedWith('FOLLOWUP.NOT_FOUND');
    });

    it('is refused once the follow-up is completed', () => {
      given([scheduled, completed]).when(attempt).thenRefusedWith('FOLLOWUP.ALREADY_COMPLETED');
    });

    it('cannot precede the discharge', () => {
      given([scheduled])
        .when({ ...attempt, calledAt: '2024-03-30T09:59:00+08:00' })
        .thenRefusedWith('FOLLOWUP.BEFORE_DISCHARGE');
      // The same instant written in UTC is not before the discharge.
      given([scheduled])
        .when({ ...attempt, calledAt: '2024-03-30T02:00:00Z' })
        .then([{ type: 'FollowUpCompleted', data: { ...completedData, calledAt: '2024-03-30T02:00:00Z' } }]);
    });

    it('cannot record a call in the future', () => {
      given([scheduled])
        .when({ ...attempt, calledAt: '2024-04-10T20:10:00+08:00' })
        .thenRefusedWith('TIME.IN_FUTURE');
    });

    it('refuses notes holding a mobile or resident ID number', () => {
      given([scheduled])
        .when({ ...attempt, notes: '家属电话 139 1234 5678' })
        .thenRefusedWith('PII.FORBIDDEN');
      given([scheduled])
        .when({ ...attempt, notes: '身份证110105199003071234' })
        .thenRefusedWith('PII.FORBIDDEN');
    });

    it('is made by a member of the branch on the local date of the call', () => {
      // 23:30 on 2024-03-31 in Shanghai: Li still belongs to cardiology.
      given([scheduled])
        .when({ ...attempt, calledAt: '2024-03-31T15:30:00Z' })
        .then([{ type: 'FollowUpCompleted', data: { ...completedData, calledAt: '2024-03-31T15:30:00Z' } }]);
      // 00:30 on 2024-04-01 in Shanghai: she has moved to surgery.
      given([scheduled])
        .when({ ...attempt, calledAt: '2024-03-31T16:30:00Z' })
        .thenRefusedWith('FOLLOWUP.CALLER_NOT_MEMBER');
      const wang = memberRecord(memberRegistered('wang', 'surgery'));
      given([scheduled])
        .when({ ...attempt, callerMemberId: 'wang', caller: wang })
        .thenRefusedWith('FOLLOWUP.CALLER_NOT_MEMBER');
    });

    it('is made by a registered member', () => {
      given([scheduled])
        .when({ ...attempt, caller: null })
        .thenRefusedWith('MEMBER.NOT_FOUND');
    });

    it('is refused when the branch cannot be found or was dissolved by the date of the call', () => {
      given([scheduled])
        .when({ ...attempt, branch: null })
        .thenRefusedWith('ORG_UNIT.NOT_FOUND');
      given([scheduled])
        .when({ ...attempt, branch: branchFacts('cardiology', { dissolvedOn: '2024-03-31' }) })
        .thenRefusedWith('ORG_UNIT.DISSOLVED');
    });

    it('reports satisfaction only when the patient was reached', () => {
      given([scheduled])
        .when({ ...attempt, outcome: 'declined', satisfaction: 3 })
        .thenRefusedWith('FOLLOWUP.SATISFACTION_WITHOUT_REACH');
    });

    it('reports satisfaction as a whole number from 1 to 5', () => {
      for (const satisfaction of [0, 6, 3.5, Number.NaN]) {
        given([scheduled])
          .when({ ...attempt, satisfaction })
          .thenRefusedWith('FOLLOWUP.SATISFACTION_OUT_OF_RANGE');
      }
      given([scheduled])
        .when({ ...attempt, satisfaction: 1 })
        .then([{ type: 'FollowUpCompleted', data: { ...completedData, satisfaction: 1 } }]);
    });
  });
});
