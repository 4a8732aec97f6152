import {
  memberStreamId,
  membershipOn,
  orgUnitStreamId,
  type MemberEvent,
  type MemberRegistered,
  type OrgUnitEstablished,
  type OrgUnitEvent,
} from '@app/domain';
import { openEventStore, type EventStore, type ReadStreamOptions } from '@app/event-store';
import { OrganizationFacts } from './organization-facts';

const committee: OrgUnitEstablished['data'] = {
  unitId: 'pj-central-committee',
  kind: 'committee',
  name: '盘锦市中心医院党委',
  hospitalId: 'pj-central',
  parentId: null,
  category: null,
  timeZone: 'Asia/Shanghai',
};
const cardiology: OrgUnitEstablished['data'] = {
  ...committee,
  unitId: 'cardiology',
  kind: 'branch',
  name: '心内科党支部',
  parentId: committee.unitId,
  category: 'clinical',
};
const wang: MemberRegistered['data'] = {
  memberId: 'wang',
  name: '王芳',
  hospitalId: 'pj-central',
  branchId: 'cardiology',
  groupId: null,
  status: 'full',
  joinedPartyOn: '2010-07-01',
  joinedBranchOn: '2020-01-01',
  departmentHead: false,
};
const transferred: MemberEvent = {
  type: 'MemberTransferred',
  data: {
    memberId: 'wang',
    fromBranchId: 'cardiology',
    toBranchId: 'neurology',
    toGroupId: null,
    effectiveOn: '2024-03-01',
  },
};

describe('OrganizationFacts', () => {
  let store: EventStore;
  let facts: OrganizationFacts;
  const unitEvent = (event: OrgUnitEvent) => store.appendToStream(orgUnitStreamId(event.data.unitId), [event]);
  const memberEvent = (event: MemberEvent) => store.appendToStream(memberStreamId(event.data.memberId), [event]);

  beforeEach(() => {
    store = openEventStore({ kind: 'sqlite', filename: ':memory:' });
    facts = new OrganizationFacts(store);
  });
  afterEach(() => store.close());

  it('sees a unit dissolved after an earlier read, with its ancestors', async () => {
    await unitEvent({ type: 'OrgUnitEstablished', data: committee });
    await unitEvent({ type: 'OrgUnitEstablished', data: cardiology });
    expect(await facts.unit('cardiology')).toMatchObject({ dissolvedOn: null, ancestors: [committee.unitId] });

    await unitEvent({
      type: 'OrgUnitDissolved',
      data: { unitId: 'cardiology', effectiveOn: '2024-06-30', reason: '科室合并' },
    });

    expect(await facts.unit('cardiology')).toMatchObject({ dissolvedOn: '2024-06-30', ancestors: [committee.unitId] });
  });

  it('finds a unit established after a read that found none', async () => {
    expect(await facts.unit('cardiology')).toBeNull();

    await unitEvent({ type: 'OrgUnitEstablished', data: cardiology });

    expect(await facts.unit('cardiology')).toMatchObject({ unitId: 'cardiology', ancestors: [committee.unitId] });
  });

  it('sees a member transferred after an earlier read in the new branch', async () => {
    await memberEvent({ type: 'MemberRegistered', data: wang });
    const before = await facts.members(['wang']);
    expect(membershipOn(before.wang!, '2024-06-30')?.branchId).toBe('cardiology');

    await memberEvent(transferred);

    const after = await facts.members(['wang']);
    expect(membershipOn(after.wang!, '2024-06-30')?.branchId).toBe('neurology');
  });

  it('takes the ancestors of a branch the command has read already, without reading its streams again', async () => {
    await unitEvent({ type: 'OrgUnitEstablished', data: committee });
    await unitEvent({ type: 'OrgUnitEstablished', data: cardiology });
    await memberEvent({ type: 'MemberRegistered', data: wang });
    const branch = await facts.unit('cardiology');
    const people = await facts.members(['wang']);
    const read: string[] = [];
    const watched: EventStore = Object.create(store);
    watched.readStream = (streamId: string, options?: ReadStreamOptions) => {
      read.push(streamId);
      return store.readStream(streamId, options);
    };
    facts = new OrganizationFacts(watched);

    expect(await facts.branchAncestors(people, '2024-06-30', branch)).toEqual({ cardiology: [committee.unitId] });
    expect(read).toEqual([]);
  });

  it('never goes back to an older revision when concurrent reads of a stream finish out of order', async () => {
    await memberEvent({ type: 'MemberRegistered', data: wang });
    const reads: number[] = [];
    let releaseSlowRead = () => {};
    const slowRead = new Promise<void>((resolve) => (releaseSlowRead = resolve));
    const watched: EventStore = Object.create(store);
    watched.readStream = async (streamId: string, options?: ReadStreamOptions) => {
      const events = await store.readStream(streamId, options);
      reads.push(options?.fromRevision ?? 1);
      if (reads.length === 1) await slowRead;
      return events;
    };
    facts = new OrganizationFacts(watched);

    const slow = facts.member('wang');
    await memberEvent(transferred);
    const fast = await facts.member('wang');
    releaseSlowRead();
    await slow;
    const latest = await facts.member('wang');

    expect(membershipOn(fast!, '2024-06-30')?.branchId).toBe('neurology');
    expect(membershipOn(latest!, '2024-06-30')?.branchId).toBe('neurology');
    // The last read starts after revision 2, the furthest folded, not after the slow read's revision 1.
    expect(reads).toEqual([1, 1, 3]);
  });
});
