import { CorrectMeetingRecordDto, HoldMeetingDto } from '../branch-activity/meeting.dto';
import { SetHospitalPolicyDto } from '../reports/hospital-policy.dto';
import { strictValidationPipe } from './validation';

describe('strict validation pipe', () => {
  const pipe = strictValidationPipe();
  /** What the handler receives as `@Body() body: T`. */
  const validated = <T>(metatype: new () => T, body: object): Promise<T> =>
    pipe.transform(body, { type: 'body', metatype });

  it('hands the handler a DTO with exactly the fields the request had, however its class declares the rest', async () => {
    // Under define semantics `new SetHospitalPolicyDto()` owns all six fields; spread over the current policy, the
    // five left out would erase it.
    const dto = await validated(SetHospitalPolicyDto, { followUpWindowDays: 10, reason: '院党委会决定' });

    expect(dto).toBeInstanceOf(SetHospitalPolicyDto);
    expect({ ...dto }).toStrictEqual({ followUpWindowDays: 10, reason: '院党委会决定' });
  });

  it('does so in nested DTOs too', async () => {
    const dto = await validated(SetHospitalPolicyDto, { points: { attendMeeting: 3 }, reason: '院党委会决定' });

    expect({ ...dto.points }).toStrictEqual({ attendMeeting: 3 });
  });

  it('does so in arrays of nested DTOs', async () => {
    const vote = { motion: '接收张三为预备党员', yes: 12, no: 0, abstain: 1 };
    const dto = await validated(HoldMeetingDto, {
      unitId: 'h1-cardiology',
      kind: 'general-assembly',
      heldAt: '2024-03-12T09:30:00+08:00',
      topic: '支部党员大会',
      hostMemberId: 'm-sec',
      attendeeIds: ['m-a'],
      absentees: [],
      votes: [vote],
    });

    expect(dto.votes?.map((each) => ({ ...each }))).toStrictEqual([vote]);
  });

  it('keeps a field the request sent as null, which says "clear it"', async () => {
    const dto = await validated(CorrectMeetingRecordDto, { minutesSummary: null, reason: '更正' });

    expect({ ...dto }).toStrictEqual({ minutesSummary: null, reason: '更正' });
  });
});
