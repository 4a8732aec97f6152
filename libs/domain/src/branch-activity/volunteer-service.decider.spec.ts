import { specFor } from '../testing/given-when-then';
import type { HoldVolunteerService } from './volunteer-service.commands';
import { volunteerServiceDecider } from './volunteer-service.decide';
import type { VolunteerServiceHeld } from './volunteer-service.events';
import { branchAncestors, cardiology, MOBILE, now, people } from './testing-fixtures';

const given = specFor(volunteerServiceDecider);

const record: VolunteerServiceHeld['data'] = {
  serviceId: 'cardiology-2024-03-clinic',
  unitId: 'cardiology',
  heldOn: '2024-03-05',
  place: '兴隆台区社区卫生服务中心',
  participantIds: ['zhang', 'wang'],
  beneficiaries: 120,
  hospitalId: 'pj-central',
};
const held: VolunteerServiceHeld = { type: 'VolunteerServiceHeld', data: record };
const heldWith = (changes: Partial<VolunteerServiceHeld['data']>): VolunteerServiceHeld => ({
  type: 'VolunteerServiceHeld',
  data: { ...record, ...changes },
});

const hold = (changes: Partial<HoldVolunteerService> = {}): HoldVolunteerService => ({
  type: 'HoldVolunteerService',
  ...record,
  unit: cardiology,
  people,
  branchAncestors,
  now,
  ...changes,
});

describe('volunteer service (义诊)', () => {
  it('is recorded as held, with its participants and the people served', () => {
    given([]).when(hold()).then([held]);
    given([])
      .when(hold({ beneficiaries: 0 }))
      .then([heldWith({ beneficiaries: 0 })]);
  });

  it('records a service id only once', () => {
    given([held]).when(hold()).thenRefusedWith('VOLUNTEER_SERVICE.ALREADY_RECORDED');
  });

  it('is held by a unit that exists', () => {
    given([])
      .when(hold({ unit: null }))
      .thenRefusedWith('ORG_UNIT.NOT_FOUND');
  });

  it('is refused on or after the unit’s dissolution', () => {
    given([])
      .when(hold({ unit: { ...cardiology, dissolvedOn: '2024-03-05' } }))
      .thenRefusedWith('ORG_UNIT.DISSOLVED');
    given([])
      .when(hold({ unit: { ...cardiology, dissolvedOn: '2024-03-06' } }))
      .then([held]);
  });

  it('cannot be recorded on a future date', () => {
    given([])
      .when(hold({ heldOn: '2024-07-01' }))
      .thenRefusedWith('TIME.IN_FUTURE');
  });

  it('counts as participants only members of the unit that day: not one who transferred out before', () => {
    given([])
      .when(hold({ participantIds: ['zhang', 'liu'] }))
      .thenRefusedWith('VOLUNTEER_SERVICE.PARTICIPANT_NOT_MEMBER');
    given([])
      .when(hold({ heldOn: '2024-02-28', participantIds: ['zhang', 'liu'] }))
      .then([heldWith({ heldOn: '2024-02-28', participantIds: ['zhang', 'liu'] })]);
    given([])
      .when(hold({ participantIds: ['zhang', 'zhao'] }))
      .thenRefusedWith('VOLUNTEER_SERVICE.PARTICIPANT_NOT_MEMBER');
  });

  it('lists each participant once', () => {
    given([])
      .when(hold({ participantIds: ['zhang', 'wang', 'zhang'] }))
      .thenRefusedWith('VOLUNTEER_SERVICE.DUPLICATE_PARTICIPANT');
  });

  it('refuses personal data in its place', () => {
    given([])
      .when(hold({ place: `联系人电话${MOBILE}` }))
      .thenRefusedWith('PII.FORBIDDEN');
  });
});
