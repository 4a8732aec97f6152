import { openEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { MemoryReadModelStore } from '../memory/memory-read-model-store';
import { Projector } from '../projector';
import {
  auditPage,
  auditTrail,
  auditTrailProjection,
  streamHospitals,
  type AuditFilter,
} from './audit-trail.projection';

const actor = (subject: string) => ({ actor: { subject, roles: ['secretary'] } });
const at = (recordedAt: string) => ({ ...actor('sec-1'), recordedAt });

/** What each stream of a small hospital log holds, appended in this order. */
const GIVEN: readonly [string, string, Record<string, unknown>, Record<string, unknown>][] = [
  ['orgunit-b1', 'OrgUnitEstablished', { unitId: 'b1', hospitalId: 'h1', parentId: 'c1' }, actor('admin-1')],
  ['meeting-m1', 'MeetingHeld', { meetingId: 'm1', unitId: 'b1', hospitalId: 'h1' }, at('2024-03-01T02:00:00Z')],
  ['meeting-m2', 'MeetingHeld', { meetingId: 'm2', unitId: 'b2', hospitalId: 'h2' }, at('2024-03-02T02:00:00Z')],
  ['member-p1', 'MemberAdmitted', { memberId: 'p1', branchId: 'b1', hospitalId: 'h1' }, actor('admin-1')],
  ['meeting-m1', 'MeetingCorrected', { meetingId: 'm1', reason: '补记缺席' }, at('2024-03-05T02:00:00Z')],
  ['member-p1', 'MemberTransferred', { memberId: 'p1', fromBranchId: 'b1', toBranchId: 'b3' }, actor('admin-1')],
  ['member-p1', 'MemberStatusChanged', { memberId: 'p1', status: 'retired' }, actor('admin-1')],
  ['period-q1', 'AssessmentPeriodOpened', { periodId: 'q1', hospitalId: 'h1' }, actor('admin-1')],
  ['period-q1', 'AssessmentScored', { periodId: 'q1', branchId: 'b1' }, actor('assessor-1')],
  ['period-q1', 'AssessmentScored', { periodId: 'q1', branchId: 'b3' }, actor('assessor-1')],
  ['period-q1', 'AssessmentPeriodClosed', { periodId: 'q1' }, actor('admin-1')],
];

describe('audit-trail projection', () => {
  let log: EventStore;
  let index: MemoryReadModelStore;
  let all: RecordedEvent[];

  beforeAll(async () => {
    log = openEventStore({ kind: 'sqlite', filename: ':memory:' });
    for (const [streamId, type, data, metadata] of GIVEN)
      await log.appendToStream(streamId, [{ type, data, metadata }]);
    index = new MemoryReadModelStore();
    await new Projector(log, index, [auditTrailProjection]).replay(() => true);
    all = await log.readAll();
  });
  afterAll(() => log.close());

  const trail = async (filter: AuditFilter) => {
    const events: RecordedEvent[] = [];
    for await (const event of auditTrail(log, index, filter)) events.push(event);
    return events;
  };
  const described = (events: readonly RecordedEvent[]) => events.map((event) => `${event.streamId}:${event.type}`);

  it('lists every event in log order, as the log stores it, metadata and hash links included', async () => {
    expect(await trail({})).toEqual(all);
  });

  it('pages from a cursor: each event once, and no next page after the last', async () => {
    const seen: RecordedEvent[] = [];
    const pages: number[] = [];
    for (let after: string | null = '0'; after !== null;) {
      const page = await auditPage(log, index, {}, after, 4);
      seen.push(...page.items);
      pages.push(page.items.length);
      after = page.next;
    }
    expect(pages).toEqual([4, 4, 3]);
    expect(seen).toEqual(all);
    expect((await auditPage(log, index, {}, all[all.length - 1].position, 4)).items).toEqual([]);
  });

  it('counts a stream’s later events in the hospital and unit its first event named', async () => {
    expect(described(await trail({ hospitalId: 'h2' }))).toEqual(['meeting-m2:MeetingHeld']);
    expect(described(await trail({ unitId: 'b1', type: 'MeetingCorrected' }))).toEqual(['meeting-m1:MeetingCorrected']);
    expect(described(await trail({ hospitalId: 'h1' }))).toHaveLength(10);
  });

  it('confines the trail to a caller’s hospitals', async () => {
    expect(described(await trail({ hospitalIds: ['h2'] }))).toEqual(['meeting-m2:MeetingHeld']);
    expect(await trail({ hospitalIds: ['h1', 'h2'] })).toHaveLength(11);
    expect(await trail({ hospitalIds: ['h3'] })).toEqual([]);
  });

  it('knows each stream’s hospital, the first one its events name', async () => {
    const hospitals = await streamHospitals(index, ['meeting-m1', 'meeting-m2', 'period-q1', 'nowhere']);
    expect(Object.fromEntries(hospitals)).toEqual({
      'meeting-m1': 'h1',
      'meeting-m2': 'h2',
      'period-q1': 'h1',
      nowhere: undefined,
    });
  });

  it('moves a member’s later events to the branch it was transferred to', async () => {
    const member = (unitId: string) =>
      trail({ unitId }).then((events) => described(events).filter((e) => e.startsWith('member')));
    expect(await member('b1')).toEqual(['member-p1:MemberAdmitted', 'member-p1:MemberTransferred']);
    expect(await member('b3')).toEqual(['member-p1:MemberTransferred', 'member-p1:MemberStatusChanged']);
  });

  it('files each score sheet under its own branch, not under the branches scored before it', async () => {
    const period = (unitId: string) =>
      trail({ unitId }).then((events) => described(events).filter((e) => e.startsWith('period')));
    expect(await period('b1')).toEqual(['period-q1:AssessmentScored']);
    expect(await period('b3')).toEqual(['period-q1:AssessmentScored']);
  });

  it('names an org unit’s parent as a unit it concerns', async () => {
    expect(described(await trail({ unitId: 'c1' }))).toEqual(['orgunit-b1:OrgUnitEstablished']);
  });

  it('filters by actor and type, together', async () => {
    expect(described(await trail({ actor: 'assessor-1' }))).toEqual([
      'period-q1:AssessmentScored',
      'period-q1:AssessmentScored',
    ]);
    expect(described(await trail({ actor: 'admin-1', type: 'AssessmentPeriodClosed' }))).toEqual([
      'period-q1:AssessmentPeriodClosed',
    ]);
    expect(await trail({ actor: 'nobody' })).toEqual([]);
  });

  it('bounds recordedAt inclusively, comparing instants whatever their offset', async () => {
    const between = await trail({
      type: 'MeetingHeld',
      from: '2024-03-02T10:00:00+08:00',
      to: '2024-03-05T10:00:00+08:00',
    });
    expect(described(between)).toEqual(['meeting-m2:MeetingHeld']);
    expect(described(await trail({ from: '2024-03-05T10:00:00+08:00', to: '2024-03-05T10:00:00+08:00' }))).toEqual([
      'meeting-m1:MeetingCorrected',
    ]);
  });

  it('applies a redelivered batch once', async () => {
    const again = new Projector(log, index, [auditTrailProjection]);
    await index.saveCheckpoint(auditTrailProjection.name, { position: '0', version: auditTrailProjection.version });
    await again.replay(() => true);
    expect(await trail({})).toEqual(all);
    expect(described(await trail({ unitId: 'b3' }))).toEqual([
      'member-p1:MemberTransferred',
      'member-p1:MemberStatusChanged',
      'period-q1:AssessmentScored',
    ]);
  });
});
