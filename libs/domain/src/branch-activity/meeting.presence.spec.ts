import { presentAt } from './meeting.presence';

describe('presentAt', () => {
  it('is the attendees and the host, once each', () => {
    expect([...presentAt({ hostMemberId: 'zhang', attendeeIds: ['wang', 'zhang'], absentees: [] })]).toEqual([
      'zhang',
      'wang',
    ]);
  });

  it('leaves out a member the minutes record as absent, the host included', () => {
    const absentees = [{ memberId: 'zhang', reason: '临时出诊' }];
    expect([...presentAt({ hostMemberId: 'zhang', attendeeIds: ['wang'], absentees })]).toEqual(['wang']);
  });
});
