import { recorded } from '../testing/recorded';
import { orgUnitsProjection, type OrgUnitDocument } from './org-units.projection';

const establishedData = {
  unitId: 'cardiology',
  kind: 'branch',
  name: '心内科党支部',
  hospitalId: 'pj-central',
  parentId: 'committee',
  category: 'clinical',
  timeZone: 'Asia/Shanghai',
};

describe('org-units projection', () => {
  it('OrgUnitEstablished creates an active unit document', () => {
    const event = recorded('OrgUnitEstablished', establishedData, '1');
    expect(orgUnitsProjection.documentIds(event)).toEqual(['cardiology']);
    expect(orgUnitsProjection.evolve(null, event, 'cardiology')).toEqual({
      _id: 'cardiology',
      ...establishedData,
      status: 'active',
      dissolvedOn: null,
    });
  });

  it('OrgUnitDissolved marks the unit dissolved on its date', () => {
    const active = orgUnitsProjection.evolve(null, recorded('OrgUnitEstablished', establishedData, '1'), 'cardiology');
    const dissolved = orgUnitsProjection.evolve(
      active,
      recorded('OrgUnitDissolved', { unitId: 'cardiology', effectiveOn: '2024-06-30', reason: '合并' }, '2'),
      'cardiology',
    ) as OrgUnitDocument;
    expect(dissolved).toMatchObject({ status: 'dissolved', dissolvedOn: '2024-06-30', name: '心内科党支部' });
  });
});
