import type { EventStore, Position, RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import type { Filter, ReadModelStore } from '../read-model-store.port';

/**
 * One per event, keyed by its log position: what an inspector filters the trail on. The event itself stays in the
 * log and is read from there, so the index holds a few short fields per event, not a second copy of the log.
 */
export interface AuditEntryDocument {
  readonly _id: string;
  /** Set by the projector: the entry's event's position. */
  readonly _position: Position;
  readonly type: string;
  /** The actor's subject. */
  readonly actor?: string;
  readonly hospitalId?: string;
  /** The units the event concerns: those it names, and its stream's own (see `StreamScopeDocument`). */
  readonly unitIds: readonly string[];
  /** ISO-8601 UTC, so ranges compare as strings. */
  readonly recordedAt: string;
}

/**
 * One per stream: where its events belong when they do not say. A meeting's correction names only the meeting, yet
 * an inspector filtering by the meeting's branch or hospital expects to see it. The stream's units are those its
 * first event names, and move with a transfer (`toBranchId`); its hospital is the first one an event names.
 */
interface StreamScopeDocument {
  readonly _id: string;
  readonly _position: Position;
  readonly hospitalId?: string;
  readonly unitIds: readonly string[];
}

type AuditTrailDocument = AuditEntryDocument | StreamScopeDocument;

/** Positions are decimal integers below 2^64: zero-padded to 20 digits, they sort as strings in log order. */
const auditEntryKey = (position: Position) => position.padStart(20, '0');
const LAST_ENTRY_KEY = '9'.repeat(20);
/** Sorts after every entry key, so scope documents never fall inside a page of entries. */
const streamScopeKey = (streamId: string) => `stream:${streamId}`;

const UNIT_FIELDS = ['unitId', 'branchId', 'fromBranchId', 'toBranchId', 'parentId'] as const;

/** Every event of the log passes through here on a rebuild: a loop, without building a set or arrays on the way. */
function unitsNamedBy(data: Record<string, unknown>): string[] {
  const named: string[] = [];
  for (const field of UNIT_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && !named.includes(value)) named.push(value);
  }
  return named;
}

function hospitalNamedBy(data: Record<string, unknown>): string | undefined {
  return typeof data.hospitalId === 'string' ? data.hospitalId : undefined;
}

/** Stamped with the event's position here, as entries are, so the projector has no copy to make of either. */
function evolveScope(scope: StreamScopeDocument | null, event: RecordedEvent, id: string): StreamScopeDocument {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const _position = event.position;
  if (!scope) return { _id: id, _position, hospitalId: hospitalNamedBy(data), unitIds: unitsNamedBy(data) };
  const transferredTo = typeof data.toBranchId === 'string' ? [data.toBranchId] : undefined;
  // Unchanged fields keep the same objects: every entry of the stream shares them, which keeps the index small.
  return {
    ...scope,
    _position,
    hospitalId: scope.hospitalId ?? hospitalNamedBy(data),
    unitIds: transferredTo ?? scope.unitIds,
  };
}

/** `toISOString()`'s own form: such an instant is its own UTC form up to day 28 of any month, no Date needed. */
const UTC_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** The instant in UTC, as `toISOString()` gives it; stores stamp `recordedAt` so, and a Date round trip costs more. */
function utcInstant(instant: string): string {
  return UTC_INSTANT.test(instant) ? instant : new Date(instant).toISOString();
}

function entryOf(event: RecordedEvent, scope: StreamScopeDocument, id: string): AuditEntryDocument {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const named = unitsNamedBy(data);
  const unitIds = named.every((unit) => scope.unitIds.includes(unit))
    ? scope.unitIds
    : [...new Set([...named, ...scope.unitIds])];
  return {
    _id: id,
    _position: event.position,
    type: event.type,
    actor: event.metadata.actor?.subject,
    hospitalId: hospitalNamedBy(data) ?? scope.hospitalId,
    unitIds,
    recordedAt: utcInstant(String(event.metadata.recordedAt ?? event.createdAt)),
  };
}

/** The audit trail's index: every event of the log, filterable by hospital, unit, actor, type and time. */
export const auditTrailProjection: Projection<AuditTrailDocument> = {
  name: 'audit-trail',
  version: 1,
  collection: 'audit_trail',
  indexes: [{ fields: ['hospitalId'] }, { fields: ['unitIds'] }, { fields: ['actor'] }, { fields: ['type'] }],
  handles: 'all',
  contextId: (event) => streamScopeKey(event.streamId),
  documentIds: (event) => [streamScopeKey(event.streamId), auditEntryKey(event.position)],
  evolve(document, event, id, context) {
    if (id.startsWith('stream:')) return evolveScope(document as StreamScopeDocument | null, event, id);
    return entryOf(event, context as StreamScopeDocument, id);
  },
};

/** Which events an audit query or export covers; every field given narrows it. */
export interface AuditFilter {
  readonly hospitalId?: string;
  /** Events of any of these hospitals: a caller's scope. */
  readonly hospitalIds?: readonly string[];
  readonly unitId?: string;
  /** The actor's subject. */
  readonly actor?: string;
  readonly type?: string;
  /** Inclusive bounds on `recordedAt`, ISO-8601 with any offset. */
  readonly from?: string;
  readonly to?: string;
}

function entryQuery(filter: AuditFilter, after: Position): Filter {
  const { hospitalId, hospitalIds, unitId, actor, type, from, to } = filter;
  const utc = (instant: string) => new Date(instant).toISOString();
  return {
    _id: { $gt: auditEntryKey(after), $lte: LAST_ENTRY_KEY },
    ...(hospitalIds !== undefined && { hospitalId: { $in: [...hospitalIds] } }),
    ...(hospitalId !== undefined && { hospitalId }),
    ...(unitId !== undefined && { unitIds: unitId }),
    ...(actor !== undefined && { actor }),
    ...(type !== undefined && { type }),
    ...((from !== undefined || to !== undefined) && {
      recordedAt: { ...(from !== undefined && { $gte: utc(from) }), ...(to !== undefined && { $lte: utc(to) }) },
    }),
  };
}

/** The stored events the entries index, read from the log in the entries' order. */
async function eventsOf(eventStore: EventStore, entries: readonly AuditEntryDocument[]): Promise<RecordedEvent[]> {
  const events = await eventStore.readAt(entries.map((entry) => entry._position));
  if (events.length !== entries.length) throw new Error('the audit index names events the log does not hold');
  return events;
}

export interface AuditPage {
  /** In log order. */
  readonly items: readonly RecordedEvent[];
  /** Pass as `after` for the next page; `null` when this page reached the end of what the index holds. */
  readonly next: Position | null;
}

/** One page of the filtered trail after the position `after` ("0": from the start). */
export async function auditPage(
  eventStore: EventStore,
  readModels: ReadModelStore,
  filter: AuditFilter,
  after: Position,
  limit: number,
): Promise<AuditPage> {
  const entries = await readModels
    .collection<AuditEntryDocument>(auditTrailProjection.collection)
    .find(entryQuery(filter, after), { sort: { _id: 1 }, limit: limit + 1 });
  const items = await eventsOf(eventStore, entries.slice(0, limit));
  return { items, next: entries.length > limit ? items[items.length - 1].position : null };
}

const EXPORT_PAGE = 1000;

/** The whole filtered trail in log order, one page in memory at a time: an export of any size streams flat. */
export async function* auditTrail(
  eventStore: EventStore,
  readModels: ReadModelStore,
  filter: AuditFilter,
): AsyncGenerator<RecordedEvent> {
  for (let after: Position | null = '0'; after !== null;) {
    const page: AuditPage = await auditPage(eventStore, readModels, filter, after, EXPORT_PAGE);
    yield* page.items;
    after = page.next;
  }
}

/**
 * The hospital of each stream as the audit index knows it: the first one its events name. Undefined for a stream
 * that names none (scoring schemes, seals, the audit access record) or that the index has not reached.
 */
export async function streamHospitals(
  readModels: ReadModelStore,
  streamIds: readonly string[],
): Promise<ReadonlyMap<string, string | undefined>> {
  const keys = [...new Set(streamIds)].map(streamScopeKey);
  const scopes = await readModels
    .collection<StreamScopeDocument>(auditTrailProjection.collection)
    .find({ _id: { $in: keys } });
  const byKey = new Map(scopes.map((scope) => [scope._id, scope.hospitalId]));
  return new Map(streamIds.map((streamId) => [streamId, byKey.get(streamScopeKey(streamId))]));
}
