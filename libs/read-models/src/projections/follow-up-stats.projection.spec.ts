import { MemoryReadModelStore } from '../memory/memory-read-model-store';
import { recorded } from '../testing/recorded';
import { followUpReport, followUpStatsProjection, type FollowUpStatsDocument } from './follow-up-stats.projection';
import { hospitalPoliciesProjection } from './hospital-policies.projection';
import { orgUnitsProjection } from './org-units.projection';

const followUpCase = {
  branchId: 'cardiology',
  hospitalId: 'h1',
  dischargedAt: '2024-03-31T20:00:00+08:00',
  dischargedOn: '2024-03-31',
};
const scheduled = (n: number) =>
  recorded('FollowUpScheduled', { followUpId: `f${n}`, patientRef: 'PR', ...followUpCase }, String(n));
const completed = (n: number, calledAt: string, satisfaction: number | null) =>
  recorded(
    'FollowUpCompleted',
    { followUpId: `f${n}`, callerMemberId: 'm', calledAt, satisfaction, notes: null, ...followUpCase },
    String(n),
  );

/** Applies events the way the projector does: each to the document(s) it names. */
function project(events: ReturnType<typeof recorded>[]): FollowUpStatsDocument | null {
  let document: FollowUpStatsDocument | null = null;
  for (const event of events) {
    const [id] = followUpStatsProjection.documentIds(event);
    expect(id).toBe('cardiology:2024-03');
    document = followUpStatsProjection.evolve(document, event, id);
  }
  return document;
}

describe('follow-up-stats projection', () => {
  it('FollowUpScheduled counts a discharge in its local month', () => {
    expect(project([scheduled(1), scheduled(2)])).toMatchObject({
      hospitalId: 'h1',
      month: '2024-03',
      scheduled: 2,
      completed: 0,
    });
  });

  it('FollowUpCompleted counts the completion by whole days after discharge, and its satisfaction', () => {
    const document = project([
      scheduled(1),
      scheduled(2),
      scheduled(3),
      completed(4, '2024-04-01T10:00:00+08:00', 5), // 14 hours: day 1
      completed(5, '2024-04-07T20:00:00+08:00', null), // exactly 7 days
      completed(6, '2024-04-08T09:00:00+08:00', 3), // 7.5 days: day 8
    ]);
    expect(document).toMatchObject({ scheduled: 3, completed: 3, satisfactionSum: 8, satisfactionCount: 2 });
    expect(document!.completedAfterDays).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 1]);
  });
});

describe('follow-up report', () => {
  async function store(extra: ReturnType<typeof recorded>[] = []) {
    const readModels = new MemoryReadModelStore();
    await readModels.ensureIndexes(followUpStatsProjection.collection, followUpStatsProjection.indexes!);
    const units = readModels.collection(orgUnitsProjection.collection);
    for (const [unitId, name] of [
      ['cardiology', '心内科党支部'],
      ['surgery', '外科党支部'],
    ]) {
      const event = recorded(
        'OrgUnitEstablished',
        {
          unitId,
          kind: 'branch',
          name,
          hospitalId: 'h1',
          parentId: 'c',
          category: 'clinical',
          timeZone: 'Asia/Shanghai',
        },
        '1',
      );
      await units.upsert({ ...orgUnitsProjection.evolve(null, event, unitId)!, _id: unitId });
    }
    const stats = project([
      scheduled(1),
      scheduled(2),
      scheduled(3),
      scheduled(4),
      completed(5, '2024-04-01T10:00:00+08:00', 5),
      completed(6, '2024-04-07T20:00:00+08:00', 4),
      completed(7, '2024-04-08T09:00:00+08:00', null),
    ])!;
    await readModels.collection<FollowUpStatsDocument>(followUpStatsProjection.collection).upsert(stats);
    for (const event of extra) {
      const [id] = hospitalPoliciesProjection.documentIds(event);
      await readModels
        .collection(hospitalPoliciesProjection.collection)
        .upsert(hospitalPoliciesProjection.evolve(null, event, id)!);
    }
    return readModels;
  }

  it('reports rate, on-time rate within the default 7-day window and mean satisfaction, per branch', async () => {
    const report = await followUpReport(await store(), 'h1', '2024-03');
    expect(report).toMatchObject({ rulePack: 'cn-branch-2018', followUpWindowDays: 7 });
    expect(report.items).toEqual([
      {
        branchId: 'cardiology',
        name: '心内科党支部',
        scheduled: 4,
        completed: 3,
        completedOnTime: 2,
        rate: 0.75,
        onTimeRate: 0.5,
        meanSatisfaction: 4.5,
      },
      {
        branchId: 'surgery',
        name: '外科党支部',
        scheduled: 0,
        completed: 0,
        completedOnTime: 0,
        rate: null,
        onTimeRate: null,
        meanSatisfaction: null,
      },
    ]);
  });

  it('re-judges on-time under the hospital’s own window', async () => {
    const policy = recorded(
      'HospitalPolicySet',
      { hospitalId: 'h1', rulePackId: 'cn-branch-2018', overrides: { followUpWindowDays: 1 }, reason: 'x' },
      '9',
    );
    const report = await followUpReport(await store([policy]), 'h1', '2024-03');
    expect(report.followUpWindowDays).toBe(1);
    expect(report.items[0]).toMatchObject({ completedOnTime: 1, onTimeRate: 0.25 });
  });
});
