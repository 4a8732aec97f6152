import { specFor } from '../testing/given-when-then';
import type { EstablishOrgUnit } from './org-unit.commands';
import { orgUnitDecider } from './org-unit.decide';
import type { OrgUnitEstablished } from './org-unit.events';

const given = specFor(orgUnitDecider);

const cardiology: OrgUnitEstablished['data'] = {
  unitId: 'cardiology',
  kind: 'branch',
  name: '心内科党支部',
  hospitalId: 'pj-central',
  parentId: 'pj-central-committee',
  category: 'clinical',
  timeZone: 'Asia/Shanghai',
};
const establish: EstablishOrgUnit = { type: 'EstablishOrgUnit', ...cardiology };
const established: OrgUnitEstablished = { type: 'OrgUnitEstablished', data: cardiology };

describe('org unit', () => {
  it('is established once', () => {
    given([]).when(establish).then([established]);
  });

  it('cannot be established twice', () => {
    given([established]).when(establish).thenRefusedWith('ORG_UNIT.ALREADY_EXISTS');
  });

  it('is dissolved with a date and a reason', () => {
    given([established])
      .when({ type: 'DissolveOrgUnit', unitId: 'cardiology', effectiveOn: '2024-06-30', reason: '科室合并' })
      .then([
        { type: 'OrgUnitDissolved', data: { unitId: 'cardiology', effectiveOn: '2024-06-30', reason: '科室合并' } },
      ]);
  });

  it('cannot dissolve a unit that does not exist or is already dissolved', () => {
    const dissolve = {
      type: 'DissolveOrgUnit',
      unitId: 'cardiology',
      effectiveOn: '2024-06-30',
      reason: '合并',
    } as const;
    given([]).when(dissolve).thenRefusedWith('ORG_UNIT.NOT_FOUND');
    given([
      established,
      { type: 'OrgUnitDissolved', data: { unitId: 'cardiology', effectiveOn: '2024-01-01', reason: 'x' } },
    ])
      .when(dissolve)
      .thenRefusedWith('ORG_UNIT.DISSOLVED');
  });
});
