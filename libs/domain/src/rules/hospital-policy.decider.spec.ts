import { specFor } from '../testing/given-when-then';
import { hospitalPolicyDecider, type HospitalPolicySet, type SetHospitalPolicy } from './hospital-policy';
import { CN_BRANCH_2018, effectivePolicy } from './rule-pack';

const given = specFor(hospitalPolicyDecider);
const set = (overrides: SetHospitalPolicy['overrides'], rulePackId: string | null = null): SetHospitalPolicy => ({
  type: 'SetHospitalPolicy',
  hospitalId: 'h1',
  rulePackId,
  overrides,
  reason: '院党委会决定',
});
const policySet = (overrides: HospitalPolicySet['data']['overrides']): HospitalPolicySet => ({
  type: 'HospitalPolicySet',
  data: { hospitalId: 'h1', rulePackId: 'cn-branch-2018', overrides, reason: '院党委会决定' },
});

describe('hospital policy', () => {
  it('records a hospital’s own follow-up window under the default rule pack', () => {
    given([])
      .when(set({ followUpWindowDays: 3 }))
      .then([policySet({ followUpWindowDays: 3 })]);
  });

  it('merges new values over the current ones, points field by field', () => {
    given([policySet({ followUpWindowDays: 3, points: { attendMeeting: 3 } })])
      .when(set({ points: { giveLecture: 5 } }))
      .then([policySet({ followUpWindowDays: 3, points: { attendMeeting: 3, giveLecture: 5 } })]);
  });

  it('records nothing when nothing changes', () => {
    given([policySet({ followUpWindowDays: 3 })])
      .when(set({ followUpWindowDays: 3 }))
      .then([]);
  });

  it('refuses an unknown rule pack and values outside their bounds', () => {
    given([]).when(set({}, 'cn-branch-1999')).thenRefusedWith('POLICY.UNKNOWN_RULE_PACK');
    given([])
      .when(set({ followUpWindowDays: 0 }))
      .thenRefusedWith('POLICY.INVALID_VALUE');
    given([])
      .when(set({ followUpWindowDays: 2.5 }))
      .thenRefusedWith('POLICY.INVALID_VALUE');
    given([])
      .when(set({ lecturesPerBranchPerQuarter: 13 }))
      .thenRefusedWith('POLICY.INVALID_VALUE');
    given([])
      .when(set({ points: { attendMeeting: 101 } }))
      .thenRefusedWith('POLICY.INVALID_VALUE');
  });

  it('refuses personal data in the reason', () => {
    given([])
      .when({ ...set({ followUpWindowDays: 3 }), reason: '联系13912345678' })
      .thenRefusedWith('PII.FORBIDDEN');
  });

  it('lays overrides over the pack’s defaults', () => {
    const policy = effectivePolicy(CN_BRANCH_2018, { followUpWindowDays: 3, points: { attendMeeting: 5 } });
    expect(policy.followUpWindowDays).toBe(3);
    expect(policy.lecturesPerBranchPerQuarter).toBe(1);
    expect(policy.points).toEqual({ ...CN_BRANCH_2018.defaultPolicy.points, attendMeeting: 5 });
  });
});
