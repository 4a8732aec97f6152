import { recorded } from '../testing/recorded';
import { hospitalPoliciesProjection } from './hospital-policies.projection';

describe('hospital-policies projection', () => {
  it('HospitalPolicySet keeps the hospital’s rule pack and overrides, the latest winning', () => {
    const set = (overrides: object, position = '1') =>
      recorded(
        'HospitalPolicySet',
        { hospitalId: 'h1', rulePackId: 'cn-branch-2018', overrides, reason: 'x' },
        position,
      );
    const first = hospitalPoliciesProjection.evolve(null, set({ followUpWindowDays: 3 }), 'h1');
    expect(hospitalPoliciesProjection.documentIds(set({}, '1'))).toEqual(['h1']);
    expect(hospitalPoliciesProjection.evolve(first, set({ followUpWindowDays: 5 }, '2'), 'h1')).toEqual({
      _id: 'h1',
      rulePackId: 'cn-branch-2018',
      overrides: { followUpWindowDays: 5 },
    });
  });
});
