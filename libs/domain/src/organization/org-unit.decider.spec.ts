import { specFor } from '../testing/given-when-then';
import type { DissolveOrgUnit, EstablishOrgUnit } from './org-unit.commands';
import { orgUnitDecider } from './org-unit.decide';
import type { OrgUnitDissolved, OrgUnitEstablished } from './org-unit.events';
import type { UnitFacts } from './org-unit.state';

const given = specFor(orgUnitDecider);
const now = '2024-06-30T12:00:00.000Z';

const cardiology: OrgUnitEstablished['data'] = {
  unitId: 'cardiology',
  kind: 'branch',
  name: '心内科党支部',
  hospitalId: 'pj-central',
  parentId: 'pj-central-committee',
  category: 'clinical',
  timeZone: 'Asia/Shanghai',
};
const committee: UnitFacts = {
  unitId: 'pj-central-committee',
  kind: 'committee',
  name: '盘锦市中心医院党委',
  hospitalId: 'pj-central',
  parentId: null,
  category: null,
  timeZone: 'Asia/Shanghai',
  dissolvedOn: null,
  ancestors: [],
};
const establish: EstablishOrgUnit = { type: 'EstablishOrgUnit', ...cardiology, parent: committee };
const established: OrgUnitEstablished = { type: 'OrgUnitEstablished', data: cardiology };
const dissolve: DissolveOrgUnit = {
  type: 'DissolveOrgUnit',
  unitId: 'cardiology',
  effectiveOn: '2024-06-30',
  reason: '科室合并',
  now,
};
const dissolved: OrgUnitDissolved = {
  type: 'OrgUnitDissolved',
  data: { unitId: 'cardiology', effectiveOn: '2024-06-30', reason: '科室合并' },
};

describe('org unit', () => {
  it('is established once, below an active unit of a higher level', () => {
    given([]).when(establish).then([established]);
  });

  it.each(['Asia/Shanghai', 'Asia/Urumqi', 'UTC', 'Etc/GMT-8'])(
    'is established in the IANA time zone %s',
    (timeZone) => {
      given([])
        .when({ ...establish, timeZone })
        .then([{ type: 'OrgUnitEstablished', data: { ...cardiology, timeZone } }]);
    },
  );

  it.each(['Mars/Olympus', 'Asia/Beijing', '+08:00', 'GMT+8', ''])(
    'is not established in %p, which is no IANA time zone name: its dates could never be read',
    (timeZone) => {
      given([])
        .when({ ...establish, timeZone })
        .thenRefusedWith('ORG.INVALID_TIME_ZONE');
    },
  );

  it('cannot be established twice', () => {
    given([established]).when(establish).thenRefusedWith('ORG_UNIT.ALREADY_EXISTS');
  });

  it('a committee has no parent; every other unit has one that exists', () => {
    const topLevel = { ...establish, kind: 'committee' as const, parentId: null, parent: null };
    given([])
      .when(topLevel)
      .then([{ type: 'OrgUnitEstablished', data: { ...cardiology, kind: 'committee', parentId: null } }]);
    given([])
      .when({ ...topLevel, parentId: 'x', parent: committee })
      .thenRefusedWith('ORG_UNIT.INVALID_PARENT');
    given([])
      .when({ ...establish, parentId: null, parent: null })
      .thenRefusedWith('ORG_UNIT.INVALID_PARENT');
    given([])
      .when({ ...establish, parent: null })
      .thenRefusedWith('ORG_UNIT.PARENT_NOT_FOUND');
  });

  it('sits below its parent: a branch cannot hang under a group', () => {
    const group: UnitFacts = { ...committee, unitId: 'g', kind: 'group' };
    given([])
      .when({ ...establish, parentId: 'g', parent: group })
      .thenRefusedWith('ORG_UNIT.INVALID_PARENT');
    const branch: UnitFacts = { ...committee, unitId: 'b', kind: 'branch' };
    given([])
      .when({ ...establish, parentId: 'b', parent: branch })
      .thenRefusedWith('ORG_UNIT.INVALID_PARENT');
  });

  it('belongs to the same hospital as its parent', () => {
    given([])
      .when({ ...establish, parent: { ...committee, hospitalId: 'other' } })
      .thenRefusedWith('ORG_UNIT.INVALID_PARENT');
  });

  it('cannot be established under a dissolved unit', () => {
    given([])
      .when({ ...establish, parent: { ...committee, dissolvedOn: '2024-01-01' } })
      .thenRefusedWith('ORG_UNIT.DISSOLVED');
  });

  it('refuses personal data in its name', () => {
    given([])
      .when({ ...establish, name: '联系人13912345678' })
      .thenRefusedWith('PII.FORBIDDEN');
  });

  it('is dissolved with a date and a reason', () => {
    given([established]).when(dissolve).then([dissolved]);
  });

  it('cannot dissolve a unit that does not exist or is already dissolved', () => {
    given([]).when(dissolve).thenRefusedWith('ORG_UNIT.NOT_FOUND');
    given([established, dissolved]).when(dissolve).thenRefusedWith('ORG_UNIT.DISSOLVED');
  });

  it('cannot be dissolved on a future date', () => {
    given([established])
      .when({ ...dissolve, effectiveOn: '2024-07-02' })
      .thenRefusedWith('TIME.IN_FUTURE');
  });
});
