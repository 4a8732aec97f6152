import { hospitalAdmin } from './callers';
import { post, type DemoCaller, type DemoChain, type DemoWave } from './demo-request';
import type { HospitalPlan, PlannedMember } from './organization.plan';

/** 党委, then 党总支, then 党支部, then 党小组: each level needs the one above it to exist. */
export function organizationWaves(hospitals: readonly HospitalPlan[]): DemoWave[] {
  const level = (name: string, chains: (hospital: HospitalPlan) => DemoChain[]): DemoWave => ({
    name,
    chains: () => hospitals.flatMap(chains),
  });
  return [
    level('党委 committees', (hospital) => [
      [
        post(
          '/api/org-units',
          {
            unitId: hospital.committeeId,
            kind: 'committee',
            name: `${hospital.spec.name}党委`,
            hospitalId: hospital.spec.hospitalId,
          },
          hospitalAdmin(hospital),
        ),
      ],
    ]),
    level('党总支 general branches', (hospital) =>
      hospital.generalBranches.map(({ unitId, name }) => [
        post(
          '/api/org-units',
          {
            unitId,
            kind: 'general-branch',
            name,
            hospitalId: hospital.spec.hospitalId,
            parentId: hospital.committeeId,
          },
          hospitalAdmin(hospital),
        ),
      ]),
    ),
    level('党支部 branches', (hospital) =>
      hospital.branches.map(({ unitId, name, parentId, category }) => [
        post(
          '/api/org-units',
          { unitId, kind: 'branch', name, hospitalId: hospital.spec.hospitalId, parentId, category },
          hospitalAdmin(hospital),
        ),
      ]),
    ),
    level('党小组 groups', (hospital) =>
      hospital.branches.flatMap((branch) =>
        branch.groups.map(({ unitId, name }) => [
          post(
            '/api/org-units',
            { unitId, kind: 'group', name, hospitalId: hospital.spec.hospitalId, parentId: branch.unitId },
            hospitalAdmin(hospital),
          ),
        ]),
      ),
    ),
    level('党员 members, posts and status changes', (hospital) =>
      hospital.members.map((member) => memberChain(member, hospitalAdmin(hospital))),
    ),
  ];
}

/** A member's whole history in one chain: registered first, then posts, status changes and a transfer. */
function memberChain(member: PlannedMember, admin: DemoCaller): DemoChain {
  const { memberId, name, hospitalId, branchId, groupId, status, joinedPartyOn, joinedBranchOn, departmentHead } =
    member;
  const path = `/api/members/${memberId}`;
  return [
    post(
      '/api/members',
      {
        memberId,
        name,
        hospitalId,
        branchId,
        ...(groupId ? { groupId } : {}),
        status,
        joinedPartyOn,
        joinedBranchOn,
        departmentHead,
      },
      admin,
    ),
    ...member.posts.map((term) => post(`${path}/posts`, term, admin)),
    ...member.statusChanges.map((change) => post(`${path}/status`, change, admin)),
    ...(member.transfer
      ? [
          post(
            `${path}/transfer`,
            {
              toBranchId: member.transfer.toBranchId,
              ...(member.transfer.toGroupId ? { toGroupId: member.transfer.toGroupId } : {}),
              effectiveOn: member.transfer.effectiveOn,
            },
            admin,
          ),
        ]
      : []),
  ];
}
