import type { EventStore, Position, RecordedEvent } from '../event-store.port';

/** Which events an audit query or export covers; every field narrows it. */
export interface AuditFilter {
  readonly hospitalId?: string;
  readonly unitId?: string;
  /** The actor's subject. */
  readonly actor?: string;
  readonly type?: string;
  /** Inclusive bounds on `recordedAt`, ISO-8601. */
  readonly from?: string;
  readonly to?: string;
}

const PAGE = 2000;

/** Unit ids an event names, as its data spells them across the aggregates. */
function unitIdsOf(data: Record<string, unknown>): unknown[] {
  return [data.unitId, data.branchId, data.toBranchId, data.parentId];
}

export function matchesAuditFilter(event: RecordedEvent, filter: AuditFilter): boolean {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const recordedAt = Date.parse(String(event.metadata.recordedAt ?? event.createdAt));
  return (
    (filter.hospitalId === undefined || data.hospitalId === filter.hospitalId) &&
    (filter.unitId === undefined || unitIdsOf(data).includes(filter.unitId)) &&
    (filter.actor === undefined || event.metadata.actor?.subject === filter.actor) &&
    (filter.type === undefined || event.type === filter.type) &&
    (filter.from === undefined || recordedAt >= Date.parse(filter.from)) &&
    (filter.to === undefined || recordedAt <= Date.parse(filter.to))
  );
}

/**
 * The filtered trail in log order, page by page, holding one page at a time: an export of any size streams
 * with flat memory.
 */
export async function* auditTrail(
  store: EventStore,
  filter: AuditFilter,
  after: Position = '0',
): AsyncGenerator<RecordedEvent> {
  for (let position = after; ;) {
    const page = await store.readAll({ fromPosition: position, limit: PAGE });
    if (page.length === 0) return;
    for (const event of page) if (matchesAuditFilter(event, filter)) yield event;
    position = page[page.length - 1].position;
  }
}
