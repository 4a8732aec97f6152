import type { DemoCaller } from './demo-request';
import type { BranchPlan, HospitalPlan } from './organization.plan';

/** The organization, periods and the committee's own lectures are entered by the hospital's admin. */
export const hospitalAdmin = (hospital: HospitalPlan): DemoCaller => ({
  role: 'admin',
  hospitalId: hospital.spec.hospitalId,
});

/** A branch's meetings, lectures, 义诊 and follow-ups are entered by its secretary, scoped to the branch. */
export const branchSecretary = (branch: BranchPlan): DemoCaller => ({
  role: 'secretary',
  memberId: branch.secretaryId,
  hospitalId: branch.hospitalId,
  units: [branch.unitId],
});
